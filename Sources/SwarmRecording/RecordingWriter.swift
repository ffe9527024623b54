import Foundation
import SwarmModel
import Synchronization
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
/// Task events are written in their short forms (format 3) where they can be: against the
/// tasks written so far, which the writer keeps (sharing their storage with the caller's
/// copies), or, for a source that says what each change touched, from the events' notes
/// (see `ShortForms`).
public final class RecordingWriter: Sendable {
    /// How the writer finds what a task event changed, to write it in short.
    public enum ShortForms: Sendable {
        /// By comparing each task with the one written last, which it keeps: for any source.
        case byComparing
        /// From the events' notes (`ClusterEvent.note`), keeping no tasks: for a source that
        /// notes its task changes as `TaskChangeNote` promises, which is the engine with
        /// `notesTaskChanges`. A note is trusted while the lines show every event since the
        /// header's `sequence`, each numbered one more than the one before; an event without
        /// a note, and every task event after a gap, is written whole.
        case fromNotes
    }

    /// The file, as the user named it.
    public let path: String
    /// How task events are written in short.
    private let shortForms: ShortForms
    private let clock = ContinuousClock()
    /// Everything that changes, under one lock: a line is written with one access to it
    /// (properties of a class reached one by one are checked for exclusive access each time).
    private let state: Mutex<State>

    /// Creates the file at `path` (readable by its owner only: it can name a real swarm's
    /// nodes and daemon address); it must not exist yet, and its folder must.
    /// - Throws: `RecordingError` saying why it cannot be created.
    public convenience init(creating path: String, shortForms: ShortForms = .byComparing) throws(RecordingError) {
        try self.init(creating: path, shortForms: shortForms, mapping: nil)
    }

    /// - Parameter mapping: Whether to write through a mapping (tests; see `RecordingFile`);
    ///   nil to choose by the file system.
    init(creating path: String, shortForms: ShortForms = .byComparing, mapping: Bool?) throws(RecordingError) {
        self.path = path
        self.shortForms = shortForms
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
        state = Mutex(State(path: path, file: RecordingFile(descriptor: descriptor, mapping: mapping), started: clock.now))
    }

    deinit {
        state.withLock { try? $0.file.close() }
    }

    /// Why recording stopped early, if it did.
    public var failure: RecordingError? { state.withLock { $0.failed } }

    /// Lines written so far, the header included.
    public var linesWritten: Int { state.withLock { $0.lineCount } }

    /// The time since the header was written.
    public var elapsed: Duration { state.withLock { clock.now - $0.started } }

    /// Writes the header and starts the clock that times every later line.
    public func writeHeader(_ header: RecordingHeader) {
        state.withLock { state in
            state.started = clock.now
            // Format 3's short lines number their events from the header's.
            state.ledger = TaskLedger(sequence: header.sequence, keeping: shortForms == .fromNotes ? .order : .tasks)
            do {
                state.write(try state.codec.line(header))
            } catch {
                state.failed = RecordingError(file: path, line: 1, .cannotWrite("the header: \(error)"))
            }
        }
    }

    /// Writes `entry`, timed now.
    public func record(_ entry: RecordingEntry) {
        state.withLock { state in
            // Never backwards, even if two tasks race for the lock.
            state.record(entry, at: max(state.lastTime, clock.now - state.started))
        }
    }

    /// Writes cluster events that arrived together, in order, all timed now: as
    /// `record(.cluster(event))` for each, without making entries of them (the live dashboard
    /// records thousands a second), with one look at the clock and one at the lock.
    ///
    /// A slice, not `some Collection`: a generic function is not specialised across modules,
    /// and each event went through value witnesses, copied twice, its task's dozen references
    /// counted up and down each time.
    public func record(_ events: ArraySlice<ClusterEvent>) {
        // Through a pointer: the prefetch reads each event's task ID where it is, not a copy.
        events.withUnsafeBufferPointer { events in
            state.withLock { state in
                guard state.isWriting else { return }
                let time = max(state.lastTime, clock.now - state.started)
                state.ledger.prefetch(events)
                for i in events.indices { state.record(events[i], at: time) }
            }
        }
    }

    /// Writes `entry` at a given time since the start (tests; times before the previous
    /// line's are moved up to it).
    public func record(_ entry: RecordingEntry, at time: Duration) {
        state.withLock { $0.record(entry, at: max($0.lastTime, time)) }
    }

    /// Writes the `end` line and closes the file. Idempotent.
    /// - Parameter time: When the recording ended (tests); nil for now.
    public func finish(at time: Duration? = nil) {
        state.withLock { state in
            guard !state.closed else { return }
            state.record(.end, at: max(state.lastTime, time ?? (clock.now - state.started)))
            state.closed = true
            do throws(RecordingFile.FileProblem) {
                try state.file.close()
            } catch let problem {
                if state.failed == nil { state.failed = RecordingError(file: path, line: nil, .cannotWrite(problem.message)) }
            }
        }
    }

    /// What the writer keeps between lines.
    private struct State: ~Copyable {
        let path: String
        var file: RecordingFile
        let codec = RecordingLineCodec()
        var ledger = TaskLedger()
        /// The line being written, its buffer kept from line to line.
        var output = JSONOutput()
        var started: ContinuousClock.Instant
        var lastTime: Duration = .zero
        var closed = false
        var failed: RecordingError?
        var lineCount = 0

        init(path: String, file: RecordingFile, started: ContinuousClock.Instant) {
            self.path = path
            self.file = file
            self.started = started
        }

        /// Whether lines are written still: not closed, no write failed. (A pattern, not `==`:
        /// comparing the optional error copies it, on every line.)
        var isWriting: Bool {
            if case .none = failed { return !closed }
            return false
        }

        mutating func record(_ entry: RecordingEntry, at time: Duration) {
            if case .cluster(let event) = entry { return record(event, at: time) }
            guard begin(at: time) else { return }
            guard (try? codec.append(entry, at: lastTime, ledger: ledger, to: &output)) != nil else { return ledger.noteLeftOut() }
            if writeOutput() { ledger.note(entry) }
        }

        mutating func record(_ event: ClusterEvent, at time: Duration) {
            guard begin(at: time) else { return }
            guard (try? codec.append(event, at: lastTime, ledger: &ledger, to: &output)) != nil else { return ledger.noteLeftOut() }
            writeOutput()
        }

        /// Starts a line at `time` (not before the last one); false when the recording has
        /// stopped.
        private mutating func begin(at time: Duration) -> Bool {
            guard isWriting else { return false }
            // Times are written to the millisecond; keep the one written, so none goes back.
            lastTime = .milliseconds(time.nanoseconds / 1_000_000)
            // A huge line (a snapshot of a big service) does not keep its buffer.
            if output.capacity > 1 << 16 { output = JSONOutput() }
            output.removeAll()
            return true
        }

        /// Writes a whole line given as text (the header).
        mutating func write(_ text: String) {
            guard isWriting else { return }
            output.removeAll()
            output.append(contentsOf: text.utf8)
            writeOutput()
        }

        /// Writes the line in `output` (made after `begin`, or by `write`, which checked that
        /// the recording goes on); false when the file refused it.
        @discardableResult
        private mutating func writeOutput() -> Bool {
            let problem = output.withBytes { line -> RecordingFile.FileProblem? in
                do throws(RecordingFile.FileProblem) {
                    try file.append(line)
                    return nil
                } catch {
                    return error
                }
            }
            // Counted, or the recording stops at the file's problem with it.
            if let problem {
                failed = RecordingError(file: path, line: lineCount + 1, .cannotWrite(problem.message))
                return false
            }
            lineCount += 1
            return true
        }
    }
}
