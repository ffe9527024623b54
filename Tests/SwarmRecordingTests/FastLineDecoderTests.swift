import Foundation
import SwarmModel
@testable import SwarmRecording
import Testing
import TestSupport

/// The fast reader must read every line it takes exactly as Foundation's decoder does, and
/// leave to it every line it does not know.
@Suite struct FastLineDecoderTests {
    /// Each line read both ways, each way against its own ledger.
    @Test func readsEveryTaskLineOfABusySessionAsFoundationDoes() throws {
        let (path, _) = try Sample.churnRecording()
        let lines = try Sample.lines(path).dropFirst()
        let codec = RecordingLineCodec()
        var fast = FastLineDecoder()
        var fastLedger = TaskLedger(), slowLedger = TaskLedger()
        var taskLines = 0, readFast = 0
        for line in lines {
            let bytes = Array(line.utf8)
            let (t, content) = try codec.decodeEntry(bytes)
            let slow = try slowLedger.entry(content, major: RecordingFormat.version.major)
            slowLedger.note(slow)
            switch slow {
            case .snapshot(.task): taskLines += 1
            case .cluster(let event) where event.change.isTaskChange: taskLines += 1
            default: break
            }
            if let (ms, entry) = bytes.withUnsafeBufferPointer({ fast.decode($0, ledger: &fastLedger) }) {
                readFast += 1
                #expect(entry == slow, "\(line)")
                #expect(ms == Int64((t * 1000).rounded()), "\(line)")
            } else {
                fastLedger.note(slow)
            }
        }
        #expect(taskLines > 1000)
        #expect(readFast == taskLines)
        #expect(fastLedger.tasks == slowLedger.tasks)
    }

    /// Lines with JSON the writer does not write (spaces, keys in another order, escapes, a
    /// field from a newer version) are read by Foundation, to the same entries.
    @Test func linesWrittenOtherwiseReadTheSame() throws {
        let (path, entries) = try Sample.churnRecording(seconds: 30)
        let lines = try Sample.lines(path)
        func rewritten(_ edit: (String) -> String) throws -> [RecordingEntry] {
            let text = ([lines[0]] + lines.dropFirst().map(edit)).joined(separator: "\n") + "\n"
            return try Sample.read(text).1.map(\.entry)
        }
        #expect(try rewritten { $0.replacingOccurrences(of: #"":"#, with: #"" : "#) } == entries)
        #expect(try rewritten { $0.replacingOccurrences(of: #""type":"task.updated""#, with: #""type":"task\u002eupdated""#) } == entries)
        #expect(try rewritten { $0.replacing(/^\{"t":([0-9.]+),"kind":("[a-z]+")/) { #"{"kind":\#($0.2),"t":\#($0.1)"# } } == entries)
        #expect(try rewritten { $0.replacingOccurrences(of: #""seq":"#, with: #""newer":[1,{"a":null}],"seq":"#) } == entries)
    }

    /// Lines of a real recording with a few bytes changed at random (seeded): whatever the
    /// fast reader still reads, it reads as Foundation does. (The fuzz target does this with
    /// libFuzzer's inputs; this keeps a small dose of it in every test run.)
    @Test func mangledLinesReadAsFoundationReadsThemOrAreLeftToIt() throws {
        let (path, _) = try Sample.churnRecording(seconds: 20)
        let lines = try Sample.lines(path).dropFirst().map { Array($0.utf8) }
        let codec = RecordingLineCodec()
        var random = SplitMix(seed: 2026)
        let alphabet = Array(#"{}[]":,0123456789.-eEtrufalsn "#.utf8) + [0x00, 0x0D, 0xC3, 0xFF]
        var compared = 0
        for _ in 0..<20 {
            var fast = FastLineDecoder()
            var fastLedger = TaskLedger(), slowLedger = TaskLedger()
            for var line in lines {
                if random.next() % 3 == 0 {
                    for _ in 0...(random.next() % 3) where !line.isEmpty {
                        let at = Int(random.next() % UInt64(line.count))
                        switch random.next() % 3 {
                        case 0: line[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                        case 1: line.remove(at: at)
                        default: line.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                        }
                    }
                }
                let slow = (try? codec.decodeEntry(line)).flatMap { decoded in
                    (try? slowLedger.entry(decoded.content, major: RecordingFormat.version.major)).map { (decoded.time, $0) }
                }
                if let quick = line.withUnsafeBufferPointer({ fast.decode($0, ledger: &fastLedger) }) {
                    compared += 1
                    #expect(slow?.1 == quick.entry, "\(String(decoding: line, as: UTF8.self))")
                    #expect(slow.map { Int64(($0.0 * 1000).rounded()) } == quick.milliseconds)
                    if let slow { slowLedger.note(slow.1) }
                } else if let slow {
                    slowLedger.note(slow.1)
                    fastLedger.note(slow.1)
                }
            }
        }
        #expect(compared > 1000)
    }

    @Test func aCutOffShortLineIsACutOffLine() throws {
        let (path, _) = try Sample.churnRecording(seconds: 5)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text.removeLast(30)
        let (_, lines, warnings) = try Sample.read(text)
        let count = text.split(separator: "\n").count
        #expect(warnings.map(\.description) == ["rec.jsonl:\(count): line is cut off (the recording ended mid-write); replayed up to line \(count - 1)"])
        #expect(lines.count == count - 2)
    }

    @Test func timestampsReadAsTimestampReadsThem() {
        var parser = TimestampParser()
        let texts = [
            "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.053642862Z", "2026-01-01T23:59:60.5Z", "1970-01-01T00:00:00.000000001Z",
            "1969-12-31T23:59:59.999999999Z", "2262-04-11T23:47:16.854775807Z", "2262-04-11T23:47:16.854775808Z",
            "1677-09-21T00:12:43.145224192Z", "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:61Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567891Z",
            "2026-01-01t00:00:00Z", "2026-01-01T00:00:00+01:00", "2026-01-01T00:00:00", "2026-1-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2026-01-01T0a:00:00Z",
        ]
        for text in texts {
            let expected = Timestamp(rfc3339: text)
            let parsed = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
            // Either the same time, or nil where Timestamp reads a form the writer never writes.
            if let parsed { #expect(parsed == expected, "\(text)") } else {
                #expect(expected == nil || expected?.rfc3339 != text, "\(text) read as \(String(describing: expected))")
            }
        }
        for n in stride(from: Int64(-5_000_000_000_000_000), to: 9_000_000_000_000_000_000, by: 37_123_456_789_012_345) {
            let time = Timestamp(nanoseconds: n)
            #expect(Array(time.rfc3339.utf8).withUnsafeBufferPointer { parser.parse($0) } == time)
        }
    }
}

@Suite struct JSONOutputTests {
    @Test func stringsAreEscapedAsJSONEncoderEscapesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
        text += "é→\u{2028}😀/"
        var out = JSONOutput()
        out.string(text)
        let expected = try encoder.encode([text]).dropFirst().dropLast()
        #expect(out.bytes == Array(expected))
    }

    /// Strings are checked eight bytes at a time for what needs escaping: each such byte, and
    /// its neighbours that do not, at every place in strings of every length around a word.
    @Test func everyByteThatNeedsEscapingIsFoundWherever() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let plain = "abcdefghijklmnopqrstuvwxyz"
        var out = JSONOutput()
        for length in 1...20 {
            for place in 0..<length {
                for odd in ["\u{0}", "\u{1F}", "\"", "\\", " ", "!", "[", "]", "\u{7F}", "é", "#"] {
                    var text = String(plain.prefix(length - 1))
                    text.insert(contentsOf: odd, at: text.index(text.startIndex, offsetBy: place))
                    out.removeAll()
                    out.string(text)
                    let expected = try encoder.encode([text]).dropFirst().dropLast()
                    #expect(out.bytes == Array(expected), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func timestampsAreWrittenAsRFC3339() {
        var out = JSONOutput()
        for n in stride(from: Int64(-5_000_000_000_000_000), to: 9_000_000_000_000_000_000, by: 37_123_456_789_012_345) + [0, 1, -1, 86_400_000_000_000] {
            out.removeAll()
            let time = Timestamp(nanoseconds: n)
            out.timestamp(time)
            #expect(String(decoding: out.bytes, as: UTF8.self) == "\"\(time.rfc3339)\"")
        }
    }

    @Test func numbersAndSeconds() {
        var out = JSONOutput()
        for v: UInt64 in [0, 7, 10, 99, 1234567890, .max] {
            out.removeAll()
            out.unsigned(v)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(v))
        }
        for v in [0, -1, 137, Int.min + 1, Int.max] {
            out.removeAll()
            out.integer(v)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(v))
        }
        #expect(RecordingLineCodec.seconds(.milliseconds(12_345)) == "12.345")
        #expect(RecordingLineCodec.seconds(.milliseconds(12_050)) == "12.05")
        #expect(RecordingLineCodec.seconds(.milliseconds(5)) == "0.005")
        #expect(RecordingLineCodec.seconds(.seconds(3)) == "3")
        // One buffer, line after line: a time is written again from its kept text, and a
        // new one (a longer one too) replaces it.
        out.removeAll()
        let times: [Duration] = [.milliseconds(12_345), .milliseconds(12_345), .seconds(3), .milliseconds(12_345), .milliseconds(1_234_567_890_123), .milliseconds(1_234_567_890_123), .zero]
        for time in times {
            RecordingLineCodec.seconds(time, to: &out)
            out.raw(0x2C)
        }
        #expect(String(decoding: out.bytes, as: UTF8.self) == "12.345,12.345,3,12.345,1234567890.123,1234567890.123,0,")
    }

    /// A whole task or task event is written byte for byte as `JSONEncoder` writes it, as
    /// format 1 wrote it.
    @Test func wholeTaskLinesAreWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let (_, entries) = try Sample.churnRecording(seconds: 60)
        let codec = RecordingLineCodec()
        var checked = 0
        for entry in entries {
            let payload: Data
            switch entry {
            case .snapshot(.task(let task)): payload = try encoder.encode(["task": task])
            case .cluster(let event) where event.change.isTaskChange: payload = try encoder.encode(["event": event])
            default: continue
            }
            let line = try codec.line(entry, at: .seconds(1))
            let prefix = #"{"t":1,"kind":"\#(entry.kind)","#
            #expect(line == prefix + String(decoding: payload.dropFirst(), as: UTF8.self) + "\n")
            checked += 1
        }
        #expect(checked > 500)
    }
}

@Suite struct JSONScannerTests {
    /// Strings are read eight bytes at a time to the first byte that is not plain text: each
    /// kind of such byte at every place, in strings around a word's length, with the line
    /// ending right after the string or going on.
    @Test func aStringEndsAtItsQuoteAndAnythingElseIsLeftToFoundation() {
        let plain = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        for length in 0...20 {
            for place in 0...length {
                for odd: UInt8 in [0x22, 0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E] {
                    for tail in [[], Array(#":1,"x":2}"#.utf8)] as [[UInt8]] {
                        var text = Array(plain.prefix(length))
                        if place < length { text[place] = odd }
                        let line = [0x22] + text + [0x22] + tail
                        // What the byte-at-a-time reading gives.
                        let end = text.firstIndex(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 })
                        let expected: [UInt8]? = end.map { text[$0] == 0x22 ? Array(text[..<$0]) : nil } ?? text
                        line.withUnsafeBufferPointer { bytes in
                            var s = JSONScanner(bytes)
                            let read = s.rawString().map(Array.init)
                            #expect(read == expected, "\(line)")
                            if let expected { #expect(s.position == expected.count + 2) }
                        }
                    }
                }
            }
        }
    }
}
