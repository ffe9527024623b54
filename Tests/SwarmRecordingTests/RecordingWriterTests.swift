import Foundation
import SwarmModel
@testable import SwarmRecording
import Testing
import TestSupport

@Suite struct RecordingWriterTests {
    @Test func everyLineIsInTheFileAsSoonAsItIsRecorded() throws {
        let path = Sample.temporaryPath()
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

    @Test func eventsThatArriveTogetherAreWrittenInOrderAtOneTime() throws {
        let events = Sample.engineEvents(seconds: 30).events
        try #require(events.count > 20)
        let path = Sample.temporaryPath()
        let writer = try RecordingWriter(creating: path)
        var header = Sample.header
        header.sequence = 0
        writer.writeHeader(header)
        writer.record(events[..<10])
        writer.record(events[10...])
        writer.finish()
        var reader = try RecordingReader(path: path)
        var read: [ClusterEvent] = []
        var times: [Duration] = []
        while let line = try reader.next() {
            guard case .cluster(let e) = line.entry else { continue }
            read.append(e)
            times.append(line.time)
        }
        #expect(read == events)
        // Each batch at one time.
        #expect(Set(times[..<10]).count == 1)
        #expect(Set(times[10...]).count == 1)
    }

    /// The file grows 64 KB at a time: until it is finished, the rest is NUL bytes, which a
    /// reader takes for its end.
    @Test func aFinishedFileIsCutToItsLinesAndAnUnfinishedOneReadsToItsLastLine() throws {
        let path = Sample.temporaryPath()
        let writer = try RecordingWriter(creating: path)
        writer.writeHeader(Sample.header)
        for i in 0..<5000 { writer.record(.marker("m\(i)"), at: .milliseconds(Int64(i))) }
        var reader = try RecordingReader(path: path)
        var markers = 0
        while let line = try reader.next() {
            if case .marker = line.entry { markers += 1 }
        }
        #expect(markers == 5000)
        #expect(reader.warnings.isEmpty)
        writer.finish()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix(#"{"t":4.999,"kind":"end"}"# + "\n"))
        #expect(!text.contains("\0"))
    }

    @Test func nulBytesAtTheEndAreNotData() throws {
        let whole = Array(Sample.text([Sample.line(.marker("a"), at: 1)]).utf8)
        let (_, lines, warnings) = try Sample.read(bytes: whole + [UInt8](repeating: 0, count: 70_000), lineLimit: 4096)
        #expect(lines.map(\.entry) == [.marker("a")])
        #expect(warnings.isEmpty)
        let cut = whole + Array(#"{"t":2,"kind":"mar"#.utf8) + [UInt8](repeating: 0, count: 100)
        let (_, _, cutWarnings) = try Sample.read(bytes: cut)
        #expect(cutWarnings.map(\.description) == ["rec.jsonl:3: line is cut off (the recording ended mid-write); replayed up to line 2"])
        // NUL bytes in a line before the last are binary data, as before.
        let next = Array(Sample.line(.marker("b"), at: 2).utf8) + [0x0A]
        #expect(Sample.message(bytes: whole + [0, 0, 0x41, 0x0A] + next) == "rec.jsonl:3: binary data, not text: not a swarmtop recording")
        // More NUL bytes than a writer reserves are data.
        #expect(Sample.message(bytes: whole + [UInt8](repeating: 0, count: LineSplitter.reservedLimit + 1)) == "rec.jsonl:3: binary data, not text: not a swarmtop recording")
    }

    /// memcpy may copy a line's tail first: a writer killed mid-copy can leave a last line
    /// that ends in `\n` with NUL bytes inside, which is cut off, not binary.
    @Test func aLastLineWithNULBytesIsCutOff() throws {
        let whole = Array(Sample.text([Sample.line(.marker("a"), at: 1)]).utf8)
        var cut = Array(Sample.line(.marker("bbbb"), at: 2).utf8) + [0x0A]
        for i in 3..<(cut.count - 8) { cut[i] = 0 }
        let path = Sample.temporaryPath()
        try Data(whole + cut + [UInt8](repeating: 0, count: 5000)).write(to: URL(fileURLWithPath: path))
        var reader = try RecordingReader(path: path, name: "rec.jsonl")
        #expect(try reader.next()?.entry == .marker("a"))
        #expect(try reader.next() == nil)
        #expect(reader.warnings.map(\.description) == ["rec.jsonl:3: line is cut off (the recording ended mid-write); replayed up to line 2"])
        let (_, lines, warnings) = try Sample.read(bytes: whole + cut)
        #expect(lines.map(\.entry) == [.marker("a")])
        #expect(warnings.count == 1)
    }

    /// A pipe has no size: it is read to its end.
    @Test func aRecordingIsReplayedFromAFIFO() throws {
        let path = Sample.temporaryPath("rec.fifo")
        #expect(mkfifo(path, 0o600) == 0)
        let bytes = Array(Sample.text([Sample.line(.marker("a"), at: 1), Sample.line(.marker("b"), at: 2)]).utf8)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(bytes))
            try? handle.close()
        }
        writer.start()
        var reader = try RecordingReader(path: path)
        var entries: [RecordingEntry] = []
        while let line = try reader.next() { entries.append(line.entry) }
        #expect(entries == [.marker("a"), .marker("b")])
        #expect(reader.warnings.isEmpty)
    }

    /// Lines written with `pwrite(2)` (file systems where a mapping is not safe on a full
    /// disk) are the same bytes as lines written through the mapping, and replay.
    @Test(arguments: [0, 3000, 20_000]) func theWritePathWritesWhatTheMappingWrites(count: Int) throws {
        func write(mapping: Bool) throws -> (path: String, bytes: [UInt8]) {
            let path = Sample.temporaryPath()
            let writer = try RecordingWriter(creating: path, mapping: mapping)
            writer.writeHeader(Sample.header)
            for i in 0..<count {
                var event = Sample.event(4)
                event.sequence = UInt64(4 + i)
                writer.record(.cluster(event), at: .milliseconds(Int64(i)))
                // Unfinished: the mapped file holds the lines, then NUL bytes.
                if i == count / 2 {
                    var reader = try RecordingReader(path: path)
                    var read = 0
                    while try reader.next() != nil { read += 1 }
                    #expect(read == i + 1)
                }
            }
            writer.record(.marker("last"), at: .milliseconds(Int64(count)))
            writer.finish()
            #expect(writer.failure == nil)
            return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        let mapped = try write(mapping: true)
        let written = try write(mapping: false)
        // Byte for byte, but for the closing `end` line: its time is when `finish` ran.
        func withoutEndLine(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
            let body = bytes.dropLast()
            return body[..<((body.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1)]
        }
        #expect(withoutEndLine(written.bytes) == withoutEndLine(mapped.bytes))
        #expect(!written.bytes.contains(0))
        var reader = try RecordingReader(path: written.path)
        var kinds: [String] = []
        while let line = try reader.next() { kinds.append(line.entry.kind) }
        #expect(kinds.count == count + 2)
        #expect(kinds.suffix(2) == ["marker", "end"])
        #expect(reader.warnings.isEmpty)
    }

    /// A full disk stops the recording with the system's reason, and the file keeps every
    /// line written before it, whole, written through a mapping or not. On a small tmpfs,
    /// which needs root to mount (CI runs as root).
    @Test(.enabled(if: geteuid() == 0, "mounting a small file system needs root"), arguments: [true, false])
    func aFullDiskStopsTheRecordingAndKeepsItsLines(mapping: Bool) throws {
        let folder = try TestSupport.temporaryFolder(prefix: "swarmtop-rec").path
        try mountSmallTmpfs(at: folder, size: "256k")
        defer { unmount(folder) }
        let path = folder + "/rec.jsonl"
        let writer = try RecordingWriter(creating: path, mapping: mapping)
        writer.writeHeader(Sample.header)
        var recorded = 0
        while writer.failure == nil, recorded < 100_000 {
            var event = Sample.event(4)
            event.sequence = UInt64(4 + recorded)
            writer.record(.cluster(event), at: .milliseconds(Int64(recorded)))
            recorded += 1
        }
        let failure = try #require(writer.failure)
        #expect(failure.description.hasSuffix("cannot write the recording: No space left on device"))
        let written = writer.linesWritten
        writer.finish()
        // Every line counted as written is in the file, whole; nothing after it.
        var reader = try RecordingReader(path: path)
        var lines = 1
        while try reader.next() != nil { lines += 1 }
        #expect(lines == written)
        #expect(reader.warnings.isEmpty)
        #expect(written > 100 && written < recorded + 1)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(!bytes.contains(0))
    }

    /// The disk fills while a long line (a snapshot of a big service) is copied into the next
    /// mapped window: that window is let go, the file keeps every whole line before it, and
    /// the next line is written where the refused one began (through the window it starts in,
    /// mapped again), not copied before the mapping.
    @Test(.enabled(if: geteuid() == 0, "mounting a small file system needs root"))
    func aFullDiskInALineAcrossWindowsKeepsTheFileWhole() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "swarmtop-rec").path
        // Room for the first window and one 64 KB step of the second.
        try mountSmallTmpfs(at: folder, size: "1088k")
        defer { unmount(folder) }
        let path = folder + "/rec.bin"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        var file = RecordingFile(descriptor: fd, mapping: true)
        func append(_ count: Int, _ byte: Character) -> String? {
            let line = [UInt8](repeating: UInt8(ascii: byte.unicodeScalars.first!), count: count - 1) + [0x0A]
            return line.withUnsafeBytes { bytes -> String? in
                do throws(RecordingFile.FileProblem) {
                    try file.append(bytes)
                    return nil
                } catch {
                    return error.message
                }
            }
        }
        // Lines of 200,000 bytes: the sixth starts before the first megabyte and ends past the
        // room for one step after it.
        for _ in 0..<5 { #expect(append(200_000, "x") == nil) }
        #expect(append(200_000, "y") == "No space left on device")
        #expect(append(1000, "z") == nil)
        try file.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count == 1_001_000)
        #expect(bytes.suffix(1000) == Data(repeating: UInt8(ascii: "z"), count: 999) + [0x0A])
        #expect(!bytes.contains(0) && !bytes.contains(UInt8(ascii: "y")))
    }

    /// A recording can name a real swarm's nodes and daemon address: its owner's only.
    @Test func aRecordingIsReadableByItsOwnerOnly() throws {
        let path = Sample.temporaryPath()
        let writer = try RecordingWriter(creating: path)
        writer.writeHeader(Sample.header)
        writer.finish()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func timesNeverGoBackwards() throws {
        let path = Sample.temporaryPath()
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
        let path = Sample.temporaryPath()
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
        let path = Sample.temporaryPath()
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

    private func mountSmallTmpfs(at folder: String, size: String) throws {
        _ = try Spawn.runBlocking(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder])
    }

    private func unmount(_ folder: String) {
        _ = try? Spawn.runBlocking(["umount", folder])
    }
}
