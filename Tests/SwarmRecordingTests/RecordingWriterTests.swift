import Foundation
import SwarmModel
@testable import SwarmRecording
import Testing

@Suite struct RecordingWriterTests {
    private func temporaryPath(_ name: String = "rec.jsonl") -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-rec-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    @Test func everyLineIsInTheFileAsSoonAsItIsRecorded() throws {
        let path = temporaryPath()
        let writer = try RecordingWriter(creating: path)
        writer.writeHeader(Sample.header)
        writer.record(.marker("one"), at: .milliseconds(1500))
        // Not closed: what a killed process leaves behind.
        var reader = try RecordingReader(path: path)
        #expect(try reader.next()?.entry == .marker("one"))
        #expect(try reader.next() == nil)
        writer.record(.cluster(Sample.event(4)))
        writer.finish()
        var again = try RecordingReader(path: path)
        var kinds: [String] = []
        while let line = try again.next() { kinds.append(line.entry.kind) }
        #expect(kinds == ["marker", "cluster", "end"])
        #expect(writer.linesWritten == 4)
    }

    @Test func timesNeverGoBackwards() throws {
        let path = temporaryPath()
        let writer = try RecordingWriter(creating: path)
        writer.writeHeader(Sample.header)
        writer.record(.marker("a"), at: .seconds(5))
        writer.record(.marker("b"), at: .seconds(2))
        writer.finish()
        var reader = try RecordingReader(path: path)
        #expect(try reader.next()?.time == .seconds(5))
        #expect(try reader.next()?.time == .seconds(5))
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let path = temporaryPath()
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RecordingError.self) { try RecordingWriter(creating: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test func aMissingFolderIsSaidBeforeAnythingStarts() {
        do {
            _ = try RecordingWriter(creating: "/nonexistent-swarmtop-folder/rec.jsonl")
            Issue.record("created a file in a missing folder")
        } catch {
            #expect(error.description == "/nonexistent-swarmtop-folder/rec.jsonl: cannot write the recording: the folder /nonexistent-swarmtop-folder does not exist")
        }
    }

    @Test func readingAFileThatIsNotThereSaysSo() {
        #expect(throws: RecordingError(file: "/nope.jsonl", line: nil, .cannotOpen("no such file"))) { try RecordingReader(path: "/nope.jsonl") }
    }

    @Test func aLongRecordingIsReadInChunks() throws {
        let path = temporaryPath()
        let writer = try RecordingWriter(creating: path)
        writer.writeHeader(Sample.header)
        let event = Sample.event(4)
        for i in 0..<20_000 {
            var e = event
            e.sequence = UInt64(4 + i)
            writer.record(.cluster(e), at: .milliseconds(Int64(i)))
        }
        writer.finish()
        var reader = try RecordingReader(path: path)
        var count = 0
        while let line = try reader.next() {
            if case .cluster(let e) = line.entry { #expect(e.sequence == UInt64(4 + count)) }
            count += 1
        }
        #expect(count == 20_001)
    }
}
