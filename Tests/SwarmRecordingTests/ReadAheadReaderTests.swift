import Foundation
import SwarmModel
@testable import SwarmRecording
import Testing

/// Reading ahead on a thread of its own hands out what reading in place does: the same lines
/// in the same order, the same error after the same lines, the same warnings.
@Suite struct ReadAheadReaderTests {
    /// Everything a reader gives, to compare: the lines, then the error (if any), then the
    /// warnings once it stopped.
    private struct Outcome: Equatable {
        var lines: [RecordedLine] = []
        var error: String?
        var warnings: [String] = []
    }

    private func inPlace(_ bytes: [UInt8]) throws -> Outcome {
        var reader = try RecordingReader(bytes: bytes, file: "rec.jsonl")
        var outcome = Outcome()
        do {
            while let line = try reader.next() { outcome.lines.append(line) }
        } catch {
            outcome.error = error.description
        }
        outcome.warnings = reader.warnings.map(\.description)
        return outcome
    }

    private func readAhead(_ bytes: [UInt8], batchSize: Int) throws -> Outcome {
        let reader = ReadAheadReader(try RecordingReader(bytes: bytes, file: "rec.jsonl"), batchSize: batchSize)
        var outcome = Outcome()
        do {
            while let line = try reader.next() { outcome.lines.append(line) }
        } catch {
            outcome.error = error.description
        }
        // Nothing after the end or the error.
        #expect(try reader.next() == nil)
        outcome.warnings = reader.warnings.map(\.description)
        return outcome
    }

    @Test(arguments: [1, 7, 256, 100_000])
    func aBusyRecordingReadsTheSameAhead(batchSize: Int) throws {
        let (path, _) = try Sample.churnRecording(seconds: 60)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let expected = try inPlace(bytes)
        #expect(expected.lines.count > 500)
        #expect(try readAhead(bytes, batchSize: batchSize) == expected)
    }

    @Test(arguments: [1, 3, 256])
    func anErrorComesAfterTheSameLinesAndWarningsAsInPlace(batchSize: Int) throws {
        var header = Sample.header
        header.version = "2.9"
        let lines = (1...10).map { Sample.line(.marker("m\($0)"), at: Double($0)) }
        // An unknown kind from a newer minor version (a warning), then a line that is not
        // JSON (an error), then lines never handed out.
        let text = Sample.text(header: header, Array(lines[0..<4]) + [#"{"t":5,"kind":"telepathy"}"#, "{not json"] + Array(lines[5...]))
        let expected = try inPlace(Array(text.utf8))
        #expect(expected.lines.count == 4)
        #expect(expected.error?.hasPrefix("rec.jsonl:7: ") == true)
        #expect(expected.warnings.count == 1)
        #expect(try readAhead(Array(text.utf8), batchSize: batchSize) == expected)
    }

    /// An error found after the fast decoder read a line into its ledger (a time that goes
    /// back, in the middle of a busy recording) ends reading in place for good: ahead too.
    @Test(arguments: [1, 256])
    func anErrorAfterTheFastDecoderComesAtTheSameLine(batchSize: Int) throws {
        let (path, _) = try Sample.churnRecording(seconds: 60)
        var lines = try Sample.lines(path)
        let at = lines.count / 2
        try #require(lines[at].hasPrefix(#"{"t":"#) && lines[at].contains(#""kind":"update""#))
        lines[at] = lines[at].replacing(#/^\{"t":[0-9.]+,/#, with: #"{"t":0.001,"#, maxReplacements: 1)
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let expected = try inPlace(bytes)
        #expect(expected.error?.contains("rec.jsonl:\(at + 1): ") == true, "\(expected.error ?? "no error")")
        #expect(expected.lines.count > 100)
        #expect(try readAhead(bytes, batchSize: batchSize) == expected)
    }

    @Test func aCutOffLastLineWarnsAhead() throws {
        let text = Sample.text([Sample.line(.marker("a"), at: 1)]) + String(Sample.line(.marker("b"), at: 2).prefix(12))
        let expected = try inPlace(Array(text.utf8))
        #expect(expected.warnings.count == 1)
        #expect(try readAhead(Array(text.utf8), batchSize: 256) == expected)
    }

    /// A reader stopped before the end (as when it is let go) ends its thread, which was
    /// waiting for its batches to be taken; many such readers come and go.
    @Test(.timeLimit(.minutes(1)))
    func aReaderStoppedEarlyEndsItsThread() throws {
        let (path, _) = try Sample.churnRecording(seconds: 30)
        let reader = ReadAheadReader(try RecordingReader(path: path), batchSize: 4)
        #expect(try reader.next() != nil)
        #expect(!reader.isDone)
        reader.stop()
        #expect(reader.isDone)
        for _ in 0..<50 {
            let reader = ReadAheadReader(try RecordingReader(path: path), batchSize: 4)
            #expect(try reader.next() != nil)
        }
    }
}
