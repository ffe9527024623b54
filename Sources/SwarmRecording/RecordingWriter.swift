import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a recording: the header, then one line per entry, each written to the file with
/// one `write(2)` as it happens, so a process that is killed loses at most the line being
/// written (which the reader then reports as cut off).
///
/// Times are measured from the header by the monotonic clock. A write that fails (a full
/// disk) stops the recording; `failure` says why, and later entries are dropped.
/// Thread-safe: entries from several tasks are written whole, one after another.
///
/// Task events are written in their short forms (format 2) against the tasks written so
/// far, which the writer keeps (sharing their storage with the caller's copies).
public final class RecordingWriter: @unchecked Sendable {
    /// The file, as the user named it.
    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private let codec = RecordingLineCodec()
    private var ledger = TaskLedger()
    /// The line being written, its buffer kept from line to line.
    private var output = JSONOutput()
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant
    private var lastTime: Duration = .zero
    private var closed = false
    private var failed: RecordingError?
    private var lineCount = 0

    /// Creates the file at `path`; it must not exist yet, and its folder must.
    /// - Throws: `RecordingError` saying why it cannot be created.
    public init(creating path: String) throws(RecordingError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RecordingError(file: path, line: nil, .cannotWrite("the folder \(folder) does not exist"))
        }
        if FileManager.default.fileExists(atPath: path) {
            throw RecordingError(file: path, line: nil, .cannotWrite("the file exists already (recordings are never overwritten: choose another name)"))
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RecordingError(file: path, line: nil, .cannotWrite(String(cString: strerror(errno))))
        }
        fd = descriptor
        started = clock.now
    }

    deinit {
        if !closed { _ = close(fd) }
    }

    /// Why recording stopped early, if it did.
    public var failure: RecordingError? { lock.withLock { failed } }

    /// Lines written so far, the header included.
    public var linesWritten: Int { lock.withLock { lineCount } }

    /// The time since the header was written.
    public var elapsed: Duration { lock.withLock { clock.now - started } }

    /// Writes the header and starts the clock that times every later line.
    public func writeHeader(_ header: RecordingHeader) {
        lock.withLock {
            started = clock.now
            guard let text = try? codec.line(header) else { return }
            writeLocked(text)
        }
    }

    /// Writes `entry`, timed now.
    public func record(_ entry: RecordingEntry) {
        lock.withLock {
            // Never backwards, even if two tasks race for the lock.
            let time = max(lastTime, clock.now - started)
            recordLocked(entry, at: time)
        }
    }

    /// Writes `entry` at a given time since the start (tests; times before the previous
    /// line's are moved up to it).
    public func record(_ entry: RecordingEntry, at time: Duration) {
        lock.withLock { recordLocked(entry, at: max(lastTime, time)) }
    }

    /// Writes the `end` line and closes the file. Idempotent.
    /// - Parameter time: When the recording ended (tests); nil for now.
    public func finish(at time: Duration? = nil) {
        lock.withLock {
            guard !closed else { return }
            recordLocked(.end, at: max(lastTime, time ?? (clock.now - started)))
            closed = true
            _ = close(fd)
        }
    }

    private func recordLocked(_ entry: RecordingEntry, at time: Duration) {
        guard !closed, failed == nil else { return }
        // Times are written to the millisecond; keep the one written, so none goes back.
        lastTime = .milliseconds(time.nanoseconds / 1_000_000)
        output.bytes.removeAll(keepingCapacity: true)
        guard (try? codec.append(entry, at: lastTime, ledger: ledger, to: &output)) != nil else { return }
        if writeLocked(output.bytes) { ledger.note(entry) }
        // A huge line (a snapshot of a big service) does not keep its buffer.
        if output.bytes.capacity > 1 << 16 { output = JSONOutput() }
    }

    private func writeLocked(_ text: String) {
        writeLocked(Array(text.utf8))
    }

    /// Writes `bytes` whole; false when the file refused them (the recording has stopped).
    @discardableResult
    private func writeLocked(_ bytes: [UInt8]) -> Bool {
        guard !closed, failed == nil else { return false }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                failed = RecordingError(file: path, line: lineCount + 1, .cannotWrite(String(cString: strerror(errno))))
                return false
            }
            offset += n
        }
        lineCount += 1
        return true
    }
}

