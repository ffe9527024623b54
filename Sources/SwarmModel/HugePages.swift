#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Asks the kernel to back large tables with 2 MB pages instead of 4 KB ones.
///
/// A busy engine touches its tasks all over a table of tens of megabytes, a few cache lines
/// each: with 4 KB pages nearly every touch also missed the TLB and walked the page tables.
/// Measured on the 20k crash-looping tasks, 2 MB pages for the task table made the engine
/// 5–7 % faster (for the whole heap, through glibc's tunable, about 15 %).
/// The recording writer's task ledger is read the same way, between the dashboard's work.
/// Only a request, and its answer is not checked: where the kernel does not give them (not
/// Linux, huge pages disabled for the process, a kernel older than 6.1 without synchronous
/// collapse, no free huge page), nothing changes and nothing fails. The collapse copies the
/// table into huge pages once per doubling of it (milliseconds for tens of megabytes; longer
/// when memory is fragmented).
package enum HugePages {
    private static let size = 2 << 20

    /// Asks for huge pages for `array`'s buffer once it holds 4 MB or more (call it when
    /// the buffer has moved, after it grew).
    package static func advise<Element>(_ array: ContiguousArray<Element>) {
        let stride = MemoryLayout<Element>.stride
        guard array.capacity * stride >= 4 << 20 else { return }
        let (used, capacity) = (array.count * stride, array.capacity * stride)
        array.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            advise(base: UnsafeRawPointer(base), used: used, capacity: capacity)
        }
    }

    /// Marks the whole 2 MB pages inside `capacity` bytes from `base` as worth huge pages (so
    /// that pages touched later come as huge ones), and turns the first `used` bytes' pages,
    /// already in memory, into huge ones now.
    static func advise(base: UnsafeRawPointer, used: Int, capacity: Int) {
        #if os(Linux)
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + capacity) & ~(size - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        let usedEnd = min(end, (Int(bitPattern: base) + used) & ~(size - 1))
        // MADV_COLLAPSE (Linux 6.1): synchronous; refused (and ignored) by older kernels.
        if usedEnd > start { _ = madvise(p, usedEnd - start, 25) }
        #endif
    }
}
