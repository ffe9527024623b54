#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file a recording is written to, line by line, so that a process killed at any moment
/// leaves every line it finished in the file.
///
/// On Linux the file is written through a shared memory mapping: a line is copied into the
/// file's pages, which the kernel owns and writes out even if the process dies the next
/// instant, without a system call per line (a live dashboard records thousands of lines a
/// second). The file grows a megabyte at a time, reserved on disk first (`posix_fallocate`),
/// so a full disk is an error rather than a fault, and is cut to its length when closed. A
/// killed writer leaves the reserved rest as NUL bytes, which readers take for the end of
/// the file. Elsewhere, or where a file cannot be mapped, each line is one `write(2)`.
///
/// Not thread-safe: `RecordingWriter` holds it under its lock.
struct RecordingFile {
    /// How much the file grows by at a time: the window mapped.
    static let window = 1 << 20

    private let fd: Int32
    /// Bytes written.
    private(set) var length = 0
    /// The mapped window and the file offset it starts at; nil when writing with write(2).
    private var mapped: (base: UnsafeMutableRawPointer, offset: Int)?
    private var usesMapping: Bool
    private var closed = false

    init(descriptor fd: Int32) {
        self.fd = fd
        #if os(Linux)
        usesMapping = true
        #else
        usesMapping = false
        #endif
    }

    /// Appends `bytes`. Throws the system's reason when the disk is full or the file cannot
    /// be written.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        precondition(!closed, "the recording file is closed")
        guard usesMapping else { return try writeAll(bytes) }
        var done = 0
        while done < bytes.count {
            if mapped == nil || length == mapped!.offset + Self.window {
                guard try mapNextWindow() else {
                    // The file cannot be mapped here: write(2) from now on.
                    usesMapping = false
                    return try writeAll(UnsafeRawBufferPointer(rebasing: bytes[done...]))
                }
            }
            guard let (base, offset) = mapped, let source = bytes.baseAddress else { return }
            let n = min(bytes.count - done, offset + Self.window - length)
            (base + (length - offset)).copyMemory(from: source + done, byteCount: n)
            length += n
            done += n
        }
    }

    /// Unmaps the file, cuts it to its length and closes it.
    mutating func close() {
        guard !closed else { return }
        closed = true
        unmap()
        #if os(Linux)
        _ = ftruncate(fd, off_t(length))
        #endif
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #elseif canImport(Darwin)
        _ = Darwin.close(fd)
        #endif
    }

    /// Why the file could not be written: the system's message.
    struct FileProblem: Error {
        var message: String
    }

    // MARK: Mapping

    /// Maps the window starting at `length` (a multiple of the window size), reserving it on
    /// disk first. False when the file cannot be mapped at all.
    private mutating func mapNextWindow() throws(FileProblem) -> Bool {
        #if os(Linux)
        unmap()
        let offset = length
        let reserved = posix_fallocate(fd, off_t(offset), off_t(Self.window))
        if reserved == EOPNOTSUPP || reserved == EINVAL { return false }
        guard reserved == 0 else { throw FileProblem(message: String(cString: strerror(reserved))) }
        let base = mmap(nil, Self.window, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
        guard let base, base != MAP_FAILED else {
            // The room reserved goes: the file ends at its last line again.
            _ = ftruncate(fd, off_t(offset))
            return false
        }
        mapped = (base, offset)
        return true
        #else
        return false
        #endif
    }

    private mutating func unmap() {
        guard let (base, _) = mapped else { return }
        _ = munmap(base, Self.window)
        mapped = nil
    }

    /// Writes `bytes` at the end with `pwrite(2)` (at `length`: after mapped windows too).
    private mutating func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = pwrite(fd, base + offset, bytes.count - offset, off_t(length + offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileProblem(message: String(cString: strerror(errno)))
            }
            offset += n
        }
        length += bytes.count
    }
}
