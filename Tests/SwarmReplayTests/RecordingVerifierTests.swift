import Foundation
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmReplay
import Testing

@Suite struct RecordingVerifierTests {
    static let steps: [Int: [RecordingFixture.Step]] = [
        8: [.action(.scale(service: "web", replicas: 6))],
        12: [.action(.demote(node: "manager-1"))],
        15: [.action(.setAvailability(node: "worker-2", .drain))],
    ]

    @Test func aFaithfulRecordingIsIdentical() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 40, steps: Self.steps)
        let report = try RecordingVerifier.verify(path: path, name: "rec.jsonl")
        #expect(report.identical, "\(report.message)")
        #expect(report.message.hasPrefix("rec.jsonl: identical: "))
        #expect(report.message.contains("and 3 operator actions reproduced by the engine from solo.yaml, seed 7"))
    }

    @Test func anEditedEventIsTheFirstDifferenceWithItsLineAndField() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 40, steps: Self.steps)
        var lines = try RecordingFixture.lines(path)
        // A short update line: the task's new state and what else changed.
        let index = try #require(lines.firstIndex { $0.contains(#""kind":"update""#) && $0.contains(#""state":"running""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""state":"running""#, with: #""state":"failed""#)
        let report = try RecordingVerifier.verify(path: try RecordingFixture.write(lines), name: "rec.jsonl")
        #expect(!report.identical)
        #expect(report.message.hasPrefix("rec.jsonl:\(index + 1): event "), "\(report.message)")
        #expect(report.message.contains(#"State is "failed" in the recording, "running" from the engine"#), "\(report.message)")
    }

    @Test func anotherSeedDiffers() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 40, steps: Self.steps)
        var lines = try RecordingFixture.lines(path)
        lines[0] = lines[0].replacingOccurrences(of: #""seed":7"#, with: #""seed":8"#)
        let report = try RecordingVerifier.verify(path: try RecordingFixture.write(lines), name: "rec.jsonl")
        #expect(!report.identical)
    }

    @Test func anActionAnsweredDifferentlyIsNamed() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 20, steps: Self.steps)
        var lines = try RecordingFixture.lines(path)
        let index = try #require(lines.firstIndex { $0.contains(#""kind":"action""#) && $0.contains("demote") })
        let refusal = "rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm"
        lines[index] = lines[index].replacingOccurrences(of: #""outcome":"refused","reason":"\#(refusal)""#, with: #""outcome":"accepted""#)
        let report = try RecordingVerifier.verify(path: try RecordingFixture.write(lines), name: "rec.jsonl")
        #expect(report.message == "rec.jsonl:\(index + 1): 'demote manager-1' was answered accepted then, refused (\(refusal)) now")
    }

    @Test func aStackSessionCannotBeVerified() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 2)
        var lines = try RecordingFixture.lines(path)
        let header = try JSONDecoder().decode(RecordingHeader.self, from: Data(lines[0].utf8))
        var stackHeader = header
        stackHeader.source.scenario = nil
        stackHeader.source.stack = "shop.yml"
        lines[0] = String(try RecordingLineCodec().line(stackHeader).dropLast())
        #expect(throws: RecordingVerifier.CannotVerify.self) { try RecordingVerifier.verify(path: try RecordingFixture.write(lines), name: "x") }
    }
}

@Suite struct RecordingVerifierSnapshotTests {
    @Test func aMissingSnapshotObjectIsNamed() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 5)
        var lines = try RecordingFixture.lines(path)
        // A node: tasks only name it, so the lines after it still read (a task's lines
        // cannot be read without the line that shows it first).
        let index = try #require(lines.firstIndex { $0.contains(#""kind":"snapshot","node""#) })
        lines.remove(at: index)
        let report = try RecordingVerifier.verify(path: try RecordingFixture.write(lines), name: "rec.jsonl")
        #expect(!report.identical)
        #expect(report.message.contains("the snapshot before this line has 7 objects, the engine starts with 8"), "\(report.message)")
    }
}
