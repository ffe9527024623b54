import Foundation

/// Reads a recording on a thread of its own, batches of lines ahead of whoever takes them: a
/// replay decodes the next lines on one core while it plays the last ones on the other.
///
/// It hands out what `RecordingReader` would, in the same order: the same lines, the same
/// error at the same line (after every line before it; then nil, where a reader in place
/// might go on past a line it could not read), the same warnings once the end is reached.
/// Reading ahead waits when four batches are waiting, and stops when this reader is let go.
public final class ReadAheadReader {
    /// The header (line 1).
    public let header: RecordingHeader
    /// Warnings about the lines handed out so far and up to a batch beyond them (every
    /// warning once `next()` gave nil).
    public private(set) var warnings: [RecordingWarning] = []

    private let channel: Channel
    private var batch = Batch()
    private var position = 0

    /// Starts reading `reader` ahead, on a thread of its own.
    /// - Parameter batchSize: Lines handed over at a time (one lock and one wake-up each).
    public init(_ reader: sending RecordingReader, batchSize: Int = 256) {
        header = reader.header
        let channel = Channel()
        self.channel = channel
        let source = Source(reader)
        let size = max(1, batchSize)
        let thread = Thread { source.readAhead(into: channel, batchSize: size) }
        // Linux keeps 15 bytes of a thread's name.
        thread.name = "swarmtop-ahead"
        thread.start()
    }

    deinit {
        // Not waited for: the thread may be in the middle of a batch, or of a read from a pipe
        // that does not end. It owns what it reads and lets it go when it ends.
        channel.cancel()
    }

    /// Stops reading ahead and waits for the reading thread to end (tests): after its current
    /// batch.
    func stop() {
        channel.cancel()
        channel.waitUntilDone()
    }

    /// Whether the reading thread has ended.
    var isDone: Bool { channel.isDone }

    /// The next line, or nil at the end of the recording.
    /// - Throws: `RecordingError` for a line that cannot be replayed, as `RecordingReader` does.
    public func next() throws(RecordingError) -> RecordedLine? {
        while position == batch.lines.count {
            if let failure = batch.failure {
                batch.failure = nil
                batch.ended = true
                throw failure
            }
            guard !batch.ended else { return nil }
            batch = channel.take()
            position = 0
            warnings += batch.warnings
        }
        defer { position += 1 }
        return batch.lines[position]
    }

    /// Lines read ahead, and how their reading ended if it did.
    fileprivate struct Batch: Sendable {
        var lines: [RecordedLine] = []
        /// Warnings about these lines.
        var warnings: [RecordingWarning] = []
        /// The error the line after these gave.
        var failure: RecordingError?
        /// Whether nothing comes after these.
        var ended = false
    }

    /// Batches on their way from the reading thread, a few at most.
    private final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private var batches: [Batch] = []
        private var cancelled = false
        private var done = false
        private static let depth = 4

        /// The reading thread ended: no more batches come.
        func finish() {
            condition.lock()
            done = true
            condition.broadcast()
            condition.unlock()
        }

        func waitUntilDone() {
            condition.lock()
            while !done { condition.wait() }
            condition.unlock()
        }

        var isDone: Bool {
            condition.lock()
            defer { condition.unlock() }
            return done
        }

        /// Hands a batch over, waiting while `depth` are waiting already; false once the reader
        /// was let go.
        func put(_ batch: Batch) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= Self.depth, !cancelled { condition.wait() }
            guard !cancelled else { return false }
            batches.append(batch)
            condition.broadcast()
            return true
        }

        /// The next batch, waiting for it; an ended one once the thread ended without another.
        func take() -> Batch {
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty {
                if done { return Batch(ended: true) }
                condition.wait()
            }
            condition.broadcast()
            return batches.removeFirst()
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The reader, owned by the reading thread once it starts.
    private final class Source: @unchecked Sendable {
        private var reader: RecordingReader

        init(_ reader: sending RecordingReader) { self.reader = reader }

        func readAhead(into channel: Channel, batchSize: Int) {
            defer { channel.finish() }
            var warned = 0
            while true {
                var batch = Batch()
                batch.lines.reserveCapacity(batchSize)
                do {
                    while batch.lines.count < batchSize {
                        guard let line = try reader.next() else {
                            batch.ended = true
                            break
                        }
                        batch.lines.append(line)
                    }
                } catch {
                    batch.failure = error
                }
                let warnings = reader.warnings
                if warnings.count > warned {
                    batch.warnings = Array(warnings[warned...])
                    warned = warnings.count
                }
                let last = batch.ended || batch.failure != nil
                guard channel.put(batch), !last else { return }
            }
        }
    }
}
