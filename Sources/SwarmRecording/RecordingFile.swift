#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims

/// The file a recording is written to, line by line, so that a process killed at any moment
/// leaves every line it finished in the file.
///
/// On Linux, on a file system known to keep the room that writing zeros reserves for later
/// writes through a mapping (ext2/3/4, xfs, tmpfs), the file is written through a shared
/// memory mapping: a line is copied into the file's pages, which the kernel owns and writes
/// out even if the process dies the next instant, without a system call per line (a live
/// dashboard records thousands of lines a second). The file grows 64 KB at a time by writing
/// zeros, which reserves the room on disk first, so a full disk is an error rather than a
/// fault, and is cut to its length when closed. A killed writer leaves the reserved rest as
/// NUL bytes, which readers take for the end of the file. A line's `\n` is stored after the
/// rest of it, so a line killed mid-copy never looks finished unless it is.
///
/// Elsewhere (other file systems, where a mapping would fault on a full disk instead; other
/// systems; a file that cannot be mapped) each line is written with `pwrite(2)`.
///
/// Not thread-safe: `RecordingWriter` holds it under its lock.
struct RecordingFile {
    /// How much of the file is mapped at a time.
    static let window = 1 << 20

    private let fd: Int32
    /// Bytes written.
    private(set) var length = 0
    /// The end of the room reserved for lines (zeros written after the last line).
    private var reserved = 0
    /// The mapped window and the file offset it starts at; nil when writing with write(2).
    private var mapped: (base: UnsafeMutableRawPointer, offset: Int)?
    /// Whether lines go through a mapping (false: `pwrite(2)`).
    private(set) var usesMapping: Bool
    private var closed = false

    /// - Parameters:
    ///   - fd: The file, open for reading and writing, empty.
    ///   - mapping: Whether to write through a mapping (tests); nil to map only on a file
    ///     system that is known to keep the room reserved for it.
    init(descriptor fd: Int32, mapping: Bool? = nil) {
        self.fd = fd
        #if os(Linux)
        usesMapping = mapping ?? Self.mappingIsSafe(fd)
        #else
        usesMapping = false
        #endif
    }

    #if os(Linux)
    /// Whether on this file's file system the blocks that writing zeros reserves are the
    /// ones writes through a mapping then use (ext2/3/4, xfs, tmpfs). Elsewhere (btrfs and
    /// ZFS, which copy on write; network and FUSE file systems) a full disk would be a
    /// SIGBUS or a lost line.
    private static func mappingIsSafe(_ fd: Int32) -> Bool {
        var info = statfs()
        guard fstatfs(fd, &info) == 0 else { return false }
        switch UInt64(truncatingIfNeeded: info.f_type) {
        case 0xEF53, 0x5846_5342, 0x0102_1994: return true
        default: return false
        }
    }
    #endif

    /// Appends `bytes` (a line: its `\n`, the last byte, is stored last). Throws the system's
    /// reason when the disk is full or the file cannot be written; the file then ends before
    /// these bytes again once closed.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        precondition(!closed, "the recording file is closed")
        guard usesMapping else { return try writeAll(bytes) }
        let lineStart = length
        do {
            guard bytes.count > 1 else { return try copyMapped(bytes) }
            try copyMapped(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)]))
            // The line's last byte only after the rest: memcpy may copy a tail first, and a
            // line killed mid-copy must not end in its `\n`. A kill stops the process between
            // two instructions, so the compiler's order is the one that counts (see the shim).
            swarmtop_compiler_fence()
            try copyMapped(UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 1)...]))
        } catch {
            // The part of the line already in the file goes when it is closed.
            length = lineStart
            // A window mapped for the line's end starts after where the next line goes: let it
            // go (the next line maps the window it starts in again).
            if let (_, offset) = mapped, lineStart < offset { unmap() }
            throw error
        }
    }

    /// Copies `bytes` into the mapping at `length`, mapping further windows as needed.
    private mutating func copyMapped(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        var done = 0
        while done < bytes.count {
            if mapped == nil || length == mapped!.offset + Self.window {
                guard try mapWindow() else {
                    // The file cannot be mapped here: write(2) from now on.
                    usesMapping = false
                    return try writeAll(UnsafeRawBufferPointer(rebasing: bytes[done...]))
                }
            }
            guard let (base, offset) = mapped, let source = bytes.baseAddress else { return }
            let n = min(bytes.count - done, offset + Self.window - length)
            while length + n > reserved { try reserveStep() }
            (base + (length - offset)).copyMemory(from: source + done, byteCount: n)
            length += n
            done += n
        }
    }

    /// Unmaps the file, cuts it to its length and closes it.
    /// - Throws: The system's reason when the file could not be cut or closed.
    mutating func close() throws(FileProblem) {
        guard !closed else { return }
        closed = true
        unmap()
        var problem: FileProblem?
        if ftruncate(fd, off_t(length)) != 0 { problem = Self.problem(errno) }
        #if canImport(Glibc)
        let status = Glibc.close(fd)
        #elseif canImport(Darwin)
        let status = Darwin.close(fd)
        #endif
        if status != 0, problem == nil, errno != EINTR { problem = Self.problem(errno) }
        if let problem { throw problem }
    }

    /// Why the file could not be written: the system's message.
    struct FileProblem: Error {
        var message: String
    }

    private static func problem(_ code: Int32) -> FileProblem {
        FileProblem(message: String(cString: strerror(code)))
    }

    // MARK: Mapping

    /// Maps the window that `length` is in (windows start at multiples of the window size:
    /// the next one when a line reaches it, or again the one a refused line went back into);
    /// the room in it is reserved a step at a time, as lines reach it. False when the file
    /// cannot be mapped.
    private mutating func mapWindow() throws(FileProblem) -> Bool {
        #if os(Linux)
        unmap()
        let offset = length - length % Self.window
        // Mapping past the end of the file is allowed; only the reserved part is touched.
        let base = mmap(nil, Self.window, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
        guard let base, base != MAP_FAILED else { return false }
        mapped = (base, offset)
        return true
        #else
        return false
        #endif
    }

    /// Extends the file by a step of zeros in the mapped window, after `reserved`: writing
    /// them reserves their room on disk (a full disk is an error here, not a fault in a
    /// copy later), and puts their pages in the cache, where the next lines find them. The
    /// pages are then mapped writable in one call rather than one fault each (Linux 5.14
    /// and later; elsewhere they fault in as before).
    private mutating func reserveStep() throws(FileProblem) {
        #if os(Linux)
        guard let (base, offset) = mapped else { return }
        let count = min(Self.step, offset + Self.window - reserved)
        // Zeros already written if this fails go when the file is cut to its length.
        let problem = Self.zeros.withUnsafeBytes { zeros -> FileProblem? in
            do throws(FileProblem) {
                try pwriteAll(UnsafeRawBufferPointer(rebasing: zeros[..<count]), at: reserved)
                return nil
            } catch {
                return error
            }
        }
        if let problem { throw problem }
        _ = madvise(base + (reserved - offset), count, Self.populateWrite)
        reserved += count
        #endif
    }

    /// How much room is reserved at a time: small enough that the zeroed pages are still in
    /// the processor's cache when the lines are copied into them.
    static let step = 1 << 16
    private static let zeros = [UInt8](repeating: 0, count: step)
    /// `MADV_POPULATE_WRITE`.
    private static let populateWrite: Int32 = 23

    private mutating func unmap() {
        guard let (base, _) = mapped else { return }
        _ = munmap(base, Self.window)
        mapped = nil
    }

    /// Writes `bytes` at the end with `pwrite(2)` (at `length`: after mapped windows too).
    private mutating func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        try pwriteAll(bytes, at: length)
        length += bytes.count
    }

    /// Writes `bytes` whole at file offset `offset`, however many calls it takes.
    private func pwriteAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(FileProblem) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.problem(errno)
            }
            // Nothing written and no error: no room (a regular file never does this otherwise).
            guard n > 0 else { throw Self.problem(ENOSPC) }
            done += n
        }
    }
}
