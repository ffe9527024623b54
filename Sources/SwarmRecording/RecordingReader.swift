import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwarmModel

/// Reads a recording line by line, without holding it all in memory, and checks it as it
/// goes: a header first, times that never go back, cluster events numbered upwards.
///
/// Every problem is a `RecordingError` naming the file and line. A last line that was cut
/// off mid-write (the recorder was killed: no `\n`, or NUL bytes in it) ends the recording
/// with a warning instead, and kinds from a newer minor version are skipped with a warning.
public struct RecordingReader {
    /// The file's name as the user gave it, for messages.
    public let file: String
    /// The header (line 1).
    public let header: RecordingHeader
    /// The header's version.
    public let version: FormatVersion
    /// Warnings so far, in line order.
    public private(set) var warnings: [RecordingWarning] = []

    private var lines: LineSplitter
    private let codec: RecordingLineCodec
    /// Format 2: the tasks and templates the lines so far show, which later lines may be
    /// written against, and the decoder that reads most lines without Foundation.
    private var ledger = TaskLedger()
    private var fast = FastLineDecoder()
    private let usesLedger: Bool
    private var lastTime: Duration = .zero
    private var lastSequence: UInt64
    private var seenEvents = false
    private var finished = false

    /// Opens the recording at `path` and reads its header.
    /// - Parameters:
    ///   - path: The file.
    ///   - name: How messages name it (default: `path`).
    ///   - lineLimit: The longest line accepted, in bytes.
    /// - Throws: `RecordingError` when the file cannot be read or its header is wrong.
    public init(path: String, name: String? = nil, lineLimit: Int = RecordingFormat.defaultLineLimit) throws(RecordingError) {
        let file = name ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordingError(file: file, line: nil, .cannotOpen("no such file"))
        }
        guard !isDirectory.boolValue else { throw RecordingError(file: file, line: nil, .cannotOpen("it is a folder")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RecordingError(file: file, line: nil, .cannotOpen("permission denied"))
        }
        try self.init(lines: LineSplitter(source: .file(handle), limit: lineLimit), file: file)
    }

    /// Reads a recording held in memory (tests, the fuzz target).
    public init(bytes: [UInt8], file: String, lineLimit: Int = RecordingFormat.defaultLineLimit) throws(RecordingError) {
        try self.init(lines: LineSplitter(source: .memory(bytes), limit: lineLimit), file: file)
    }

    private init(lines: LineSplitter, file: String) throws(RecordingError) {
        self.file = file
        self.lines = lines
        let first: LineSplitter.Line
        do {
            guard let line = try self.lines.next() else { throw RecordingError(file: file, line: 1, .empty) }
            first = line
        } catch let error as LineSplitter.Failure {
            throw Self.error(error, file: file)
        } catch let error as RecordingError {
            throw error
        } catch {
            throw RecordingError(file: file, line: 1, .cannotOpen("\(error)"))
        }
        (header, version) = try Self.header(first, file: file, codec: RecordingLineCodec())
        codec = RecordingLineCodec(reading: version)
        usesLedger = version.major >= 2
        lastSequence = header.sequence
        ledger = TaskLedger(sequence: header.sequence)
        fast = FastLineDecoder(major: version.major)
    }

    /// The next line, or nil at the end of the recording.
    /// - Throws: `RecordingError` for a line that cannot be replayed; reading ends there
    ///   (later lines may count from the lines before, so nothing after it could be trusted).
    public mutating func next() throws(RecordingError) -> RecordedLine? {
        do {
            return try nextLine()
        } catch {
            finished = true
            throw error
        }
    }

    private mutating func nextLine() throws(RecordingError) -> RecordedLine? {
        while !finished {
            let raw: LineSplitter.Line
            do {
                guard let line = try lines.next() else {
                    finished = true
                    return nil
                }
                raw = line
            } catch {
                throw Self.error(error, file: file)
            }
            if raw.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if usesLedger, let (ms, entry) = raw.bytes.withUnsafeBufferPointer({ fast.decode($0, ledger: &ledger) }) {
                if let line = try check(.milliseconds(ms), entry, line: raw.number, noted: true) { return line }
                continue
            }
            let decoded: (time: Double, content: LineContent)
            do {
                decoded = try codec.decodeEntry(raw.bytes)
            } catch {
                if lines.isCutOff(raw) {
                    // The writer was stopped in the middle of this line: keep what came before.
                    warnings.append(RecordingWarning(file: file, line: raw.number, .truncatedLine))
                    finished = true
                    return nil
                }
                throw Self.entryError(error, bytes: raw.bytes, file: file, line: raw.number)
            }
            guard decoded.time.isFinite, decoded.time >= 0, decoded.time < 1e10 else {
                throw RecordingError(file: file, line: raw.number, .invalidEntry("t must be the seconds since the recording started (a number ≥ 0)"))
            }
            let entry: RecordingEntry
            do {
                entry = try ledger.entry(decoded.content, major: version.major)
            } catch {
                throw RecordingError(file: file, line: raw.number, .invalidEntry("'\(decoded.content.kind)' line: \(error.description)"))
            }
            if let line = try check(.milliseconds(Int64((decoded.time * 1000).rounded())), entry, line: raw.number) { return line }
        }
        return nil
    }

    /// Checks an entry against what came before, and notes it in the ledger unless it is
    /// `noted` already; nil for an entry that is skipped.
    private mutating func check(_ time: Duration, _ entry: RecordingEntry, line: Int, noted: Bool = false) throws(RecordingError) -> RecordedLine? {
        if time < lastTime {
            throw RecordingError(file: file, line: line, .timeGoesBackwards(time: RecordingLineCodec.seconds(time), previous: RecordingLineCodec.seconds(lastTime)))
        }
        lastTime = time
        switch entry {
        case .snapshot:
            guard !seenEvents else { throw RecordingError(file: file, line: line, .snapshotAfterEvents) }
        case .cluster(let event):
            seenEvents = true
            guard event.sequence > lastSequence else {
                throw RecordingError(file: file, line: line, .sequenceGoesBackwards(sequence: event.sequence, previous: lastSequence))
            }
            lastSequence = event.sequence
        case .unknown(let kind):
            guard version.major <= RecordingFormat.version.major, version.minor > RecordingFormat.latestMinor(ofMajor: version.major) else {
                throw RecordingError(file: file, line: line, .unknownKind(kind, version: version))
            }
            warnings.append(RecordingWarning(file: file, line: line, .unknownKindSkipped(kind: kind, version: version)))
            return nil
        default:
            seenEvents = true
        }
        if usesLedger, !noted { ledger.note(entry) }
        return RecordedLine(line: line, time: time, entry: entry)
    }

    // MARK: The header

    private static func header(_ line: LineSplitter.Line, file: String, codec: RecordingLineCodec) throws(RecordingError) -> (RecordingHeader, FormatVersion) {
        let identity: (format: String?, version: String?)
        do {
            identity = try codec.decodeIdentity(line.bytes)
        } catch {
            if !isText(line.bytes) { throw RecordingError(file: file, line: 1, .notText) }
            if !line.endsWithNewline { throw RecordingError(file: file, line: 1, .notARecording("the header line is cut off")) }
            throw RecordingError(file: file, line: 1, .notARecording("the first line is not a JSON object"))
        }
        guard let format = identity.format else {
            throw RecordingError(file: file, line: 1, .notARecording("the header is missing (no \"format\" field)"))
        }
        guard format == RecordingFormat.name else {
            throw RecordingError(file: file, line: 1, .notARecording("the format is '\(format)'"))
        }
        guard let text = identity.version else { throw RecordingError(file: file, line: 1, .badVersion("")) }
        guard let version = FormatVersion(text) else { throw RecordingError(file: file, line: 1, .badVersion(text)) }
        guard version.major <= RecordingFormat.version.major else {
            throw RecordingError(file: file, line: 1, .newerMajorVersion(found: version, supported: RecordingFormat.version))
        }
        let header: RecordingHeader
        do {
            header = try codec.decodeHeader(line.bytes)
        } catch {
            throw RecordingError(file: file, line: 1, .invalidEntry("header: " + describe(error)))
        }
        let size = header.terminal
        guard RecordingFormat.widths.contains(size.width), RecordingFormat.heights.contains(size.height) else {
            throw RecordingError(file: file, line: 1, .invalidEntry("header: terminal size \(size.width)x\(size.height) is out of range"))
        }
        return (header, version)
    }

    // MARK: Errors

    private static func error(_ failure: LineSplitter.Failure, file: String) -> RecordingError {
        switch failure {
        case .tooLong(let line, let limit): RecordingError(file: file, line: line, .lineTooLong(limit: limit))
        case .unreadable(let why): RecordingError(file: file, line: nil, .cannotOpen(why))
        }
    }

    private static func entryError(_ error: any Error, bytes: ArraySlice<UInt8>, file: String, line: Int) -> RecordingError {
        if !isText(bytes) { return RecordingError(file: file, line: line, .notText) }
        if let decoding = error as? DecodingError, case .dataCorrupted(let context) = decoding, context.codingPath.isEmpty {
            return RecordingError(file: file, line: line, .invalidJSON(jsonProblem(context)))
        }
        let kind = (try? JSONDecoder().decode(KindOnly.self, from: Data(bytes)))?.kind
        let prefix = kind.map { "'\($0)' line: " } ?? ""
        return RecordingError(file: file, line: line, .invalidEntry(prefix + describe(error)))
    }

    private struct KindOnly: Decodable { var kind: String? }

    private static func jsonProblem(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError as NSError?, let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
            return detail
        }
        return context.debugDescription
    }

    /// A decoding error in words: which field, and what is wrong with it.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(path(context, key))'"
        case .valueNotFound(_, let context): return "field '\(path(context))' is null"
        case .typeMismatch(let type, let context): return "field '\(path(context))' is not \(typeName(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? context.debugDescription : "field '\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "of the right type"
        }
    }

    static func isText(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
    }
}

/// Cuts a byte stream into lines, reading a megabyte at a time, refusing lines over a limit.
struct LineSplitter {
    enum Source {
        case file(FileHandle)
        case memory([UInt8])
    }

    enum Failure: Error {
        case tooLong(line: Int, limit: Int)
        case unreadable(String)
    }

    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>
        var endsWithNewline: Bool
    }

    static let chunk = 1 << 20

    private var handle: FileHandle?
    private let limit: Int
    /// Bytes read and not yet handed out are `buffer[start..<end]`; the rest is room to read into.
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var number = 0

    /// Bytes of the file not read yet, up to the end of its data.
    private var unread = 0

    /// Whether NUL bytes at the end were kept as data: more of them than a writer reserves.
    private var keptTrailingNULs = false

    /// The most NUL bytes at the end of a file that are not data: room a writer reserved and
    /// had not used when it was stopped, and a page. A writer now reserves 64 KB ahead (more
    /// only while copying a longer line, never past its 1 MB mapping); earlier ones reserved
    /// a whole megabyte, and their recordings must still read.
    static let reservedLimit = (1 << 20) + 4096

    /// - Parameters:
    ///   - source: The file or the bytes. NUL bytes at the very end of a regular file or of
    ///     the bytes are not data (up to `reservedLimit` of them). Anything else (a pipe, a
    ///     device) is read to its end.
    ///   - limit: The longest line, in bytes.
    init(source: Source, limit: Int) {
        self.limit = max(1, limit)
        switch source {
        case .file(let handle):
            self.handle = handle
            buffer = [UInt8](repeating: 0, count: Self.chunk)
            (unread, keptTrailingNULs) = Self.dataLength(of: handle.fileDescriptor)
        case .memory(let bytes):
            buffer = bytes
            let floor = max(0, bytes.count - Self.reservedLimit)
            if let last = bytes[floor...].lastIndex(where: { $0 != 0 }) {
                end = last + 1
            } else {
                end = floor > 0 ? bytes.count : 0
                keptTrailingNULs = floor > 0
            }
            atEnd = true
        }
    }

    /// The length of a regular file without the NUL bytes at its end (all of it, NULs
    /// included, when there are more than `reservedLimit` of them: they are then kept as
    /// data); `.max` for anything else, read to its end.
    private static func dataLength(of fd: Int32) -> (length: Int, keptNULs: Bool) {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return (.max, false) }
        let size = Int(info.st_size)
        let floor = max(0, size - reservedLimit)
        var end = size
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while end > floor {
            let start = max(floor, end - block.count)
            let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, end - start, off_t(start)) }
            guard n == end - start else { return (.max, false) }
            if let last = block[0..<n].lastIndex(where: { $0 != 0 }) { return (start + last + 1, false) }
            end = start
        }
        return floor > 0 ? (size, true) : (0, false)
    }

    /// Whether `line`, just handed out, was cut off by a writer stopped mid-line: it is the
    /// last line and has no `\n`, or holds NUL bytes (a line's bytes may be copied tail
    /// first, its `\n` among them) that are not a longer run than a writer reserves.
    mutating func isCutOff(_ line: Line) -> Bool {
        if !line.endsWithNewline { return !(keptTrailingNULs && line.bytes.contains(0)) }
        guard line.bytes.contains(0), !keptTrailingNULs else { return false }
        return (try? isAtEnd()) ?? false
    }

    /// Whether every line has been handed out (reading on to find out).
    private mutating func isAtEnd() throws(Failure) -> Bool {
        while start == end {
            if atEnd { return true }
            try fill()
        }
        return false
    }

    /// The next line without its `\n` (and `\r`), or nil at the end.
    mutating func next() throws(Failure) -> Line? {
        var searchFrom = start
        while true {
            if let newline = Self.newline(in: buffer, from: searchFrom, to: end) {
                number += 1
                guard newline - start <= limit else { throw .tooLong(line: number, limit: limit) }
                var lineEnd = newline
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = Line(number: number, bytes: buffer[start..<lineEnd], endsWithNewline: true)
                start = newline + 1
                return line
            }
            if end - start > limit { throw .tooLong(line: number + 1, limit: limit) }
            if atEnd {
                guard start < end else { return nil }
                number += 1
                let line = Line(number: number, bytes: buffer[start..<end], endsWithNewline: false)
                start = end
                return line
            }
            let scanned = end - start
            try fill()
            searchFrom = start + scanned
        }
    }

    /// The position of the first `\n` in `bytes[from..<to]`.
    private static func newline(in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, let found = memchr(base + from, 0x0A, to - from) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Reads the next chunk after the bytes not yet handed out, which move to the front.
    private mutating func fill() throws(Failure) {
        guard let handle else {
            atEnd = true
            return
        }
        if start > 0 {
            let kept = end - start
            buffer.withUnsafeMutableBufferPointer { b in
                guard let base = b.baseAddress, kept > 0 else { return }
                memmove(base, base + start, kept)
            }
            (start, end) = (0, kept)
        }
        // Room for a whole chunk more: a long line grows the buffer (up to the limit).
        if buffer.count - end < Self.chunk { buffer.append(contentsOf: repeatElement(0, count: Self.chunk)) }
        let fd = handle.fileDescriptor
        while true {
            let n = unread == 0 ? 0 : buffer.withUnsafeMutableBufferPointer { b -> Int in
                guard let base = b.baseAddress else { return 0 }
                return read(fd, base + end, min(b.count - end, unread))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 {
                atEnd = true
                try? handle.close()
                self.handle = nil
            }
            end += n
            unread -= n
            return
        }
    }
}
