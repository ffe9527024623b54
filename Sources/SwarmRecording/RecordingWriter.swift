import Foundation
import SwarmModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a recording: the header, then one line per entry, each put in the file as it
/// happens (see `RecordingFile`), so a process that is killed loses at most the line being
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
    private var file: RecordingFile
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

    /// Creates the file at `path` (readable by its owner only: it can name a real swarm's
    /// nodes and daemon address); it must not exist yet, and its folder must.
    /// - Throws: `RecordingError` saying why it cannot be created.
    public convenience init(creating path: String) throws(RecordingError) {
        try self.init(creating: path, mapping: nil)
    }

    /// - Parameter mapping: Whether to write through a mapping (tests; see `RecordingFile`);
    ///   nil to choose by the file system.
    init(creating path: String, mapping: Bool?) throws(RecordingError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RecordingError(file: path, line: nil, .cannotWrite("the folder \(folder) does not exist"))
        }
        if FileManager.default.fileExists(atPath: path) {
            throw RecordingError(file: path, line: nil, .cannotWrite("the file exists already (recordings are never overwritten: choose another name)"))
        }
        // Read and write: the file may be mapped (see `RecordingFile`).
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RecordingError(file: path, line: nil, .cannotWrite(String(cString: strerror(errno))))
        }
        file = RecordingFile(descriptor: descriptor, mapping: mapping)
        started = clock.now
    }

    deinit {
        try? file.close()
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
            do {
                writeLocked(try codec.line(header))
            } catch {
                failed = RecordingError(file: path, line: 1, .cannotWrite("the header: \(error)"))
            }
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

    /// Writes a cluster event, timed now: `record(.cluster(event))` without making an entry
    /// of it (the live dashboard records thousands a second).
    public func record(_ event: ClusterEvent) {
        lock.withLock {
            let time = max(lastTime, clock.now - started)
            recordLocked(event, at: time)
        }
    }

    /// Writes a cluster event at a given time since the start (see `record(_:at:)`).
    public func record(_ event: ClusterEvent, at time: Duration) {
        lock.withLock { recordLocked(event, at: max(lastTime, time)) }
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
            do throws(RecordingFile.FileProblem) {
                try file.close()
            } catch let problem {
                if failed == nil { failed = RecordingError(file: path, line: nil, .cannotWrite(problem.message)) }
            }
        }
    }

    private func recordLocked(_ entry: RecordingEntry, at time: Duration) {
        if case .cluster(let event) = entry { return recordLocked(event, at: time) }
        guard begin(at: time), (try? codec.append(entry, at: lastTime, ledger: ledger, to: &output)) != nil else { return }
        if writeOutput() { ledger.note(entry) }
    }

    private func recordLocked(_ event: ClusterEvent, at time: Duration) {
        guard begin(at: time), (try? codec.append(event, at: lastTime, ledger: &ledger, to: &output)) != nil else { return }
        writeOutput()
    }

    /// Starts a line at `time` (not before the last one); false when the recording has
    /// stopped.
    private func begin(at time: Duration) -> Bool {
        guard !closed, failed == nil else { return false }
        // Times are written to the millisecond; keep the one written, so none goes back.
        lastTime = .milliseconds(time.nanoseconds / 1_000_000)
        // A huge line (a snapshot of a big service) does not keep its buffer.
        if output.capacity > 1 << 16 { output = JSONOutput() }
        output.removeAll()
        return true
    }

    private func writeLocked(_ text: String) {
        var text = text
        text.withUTF8 { writeLocked(UnsafeRawBufferPointer($0)) }
    }

    /// Writes the line in `output`; false when the file refused it.
    @discardableResult
    private func writeOutput() -> Bool {
        output.withBytes { writeLocked($0) }
    }

    /// Writes `bytes` whole; false when the file refused them (the recording has stopped).
    @discardableResult
    private func writeLocked(_ buffer: UnsafeRawBufferPointer) -> Bool {
        guard !closed, failed == nil else { return false }
        do throws(RecordingFile.FileProblem) {
            try file.append(buffer)
        } catch {
            failed = RecordingError(file: path, line: lineCount + 1, .cannotWrite(error.message))
            return false
        }
        lineCount += 1
        return true
    }
}
