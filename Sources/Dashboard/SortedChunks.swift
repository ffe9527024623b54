/// A sorted sequence kept in chunks of a few hundred elements, so that inserting or removing
/// one element moves at most one chunk's worth, and finding the i-th element walks the chunks
/// (a few hundred for 100k elements) rather than the elements.
///
/// The order is given by a `precedes` function passed to each call; it must be a strict total
/// order on the elements held (no two elements equal), the same on every call.
struct SortedChunks<Element: Sendable>: Sendable {
    /// The most elements in a chunk; a fuller chunk is split in two.
    static var chunkCapacity: Int { 256 }

    private var chunks: [[Element]] = []
    /// The number of elements.
    private(set) var count = 0

    init() {}

    /// The elements of `sorted`, which is already in order.
    /// - Complexity: O(n).
    init(sorted: some Sequence<Element>) {
        let size = Self.chunkCapacity / 2
        var chunk: [Element] = []
        chunk.reserveCapacity(size)
        for element in sorted {
            chunk.append(element)
            if chunk.count == size {
                chunks.append(chunk)
                chunk = []
                chunk.reserveCapacity(size)
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        count = chunks.reduce(0) { $0 + $1.count }
    }

    var isEmpty: Bool { count == 0 }

    /// The element at position `index` (0 ≤ `index` < `count`).
    /// - Complexity: O(number of chunks).
    subscript(index: Int) -> Element {
        let (c, offset) = chunkPosition(of: index)
        return chunks[c][offset]
    }

    /// The elements at the positions in `range`, clamped to the sequence.
    /// - Complexity: O(number of chunks + range length).
    func elements(in range: Range<Int>) -> [Element] {
        let lower = max(0, range.lowerBound), upper = min(count, range.upperBound)
        guard lower < upper else { return [] }
        var out: [Element] = []
        out.reserveCapacity(upper - lower)
        var (c, offset) = chunkPosition(of: lower)
        while out.count < upper - lower {
            let chunk = chunks[c]
            let take = min(chunk.count - offset, upper - lower - out.count)
            out.append(contentsOf: chunk[offset..<(offset + take)])
            c += 1
            offset = 0
        }
        return out
    }

    /// All elements, in order.
    /// - Complexity: O(n).
    var all: [Element] { chunks.flatMap { $0 } }

    /// The position of `element`, if it is held.
    /// - Complexity: O(log n + number of chunks).
    func index(of element: Element, by precedes: (Element, Element) -> Bool) -> Int? {
        let (c, offset) = place(of: element, by: precedes)
        guard c < chunks.count, offset < chunks[c].count, !precedes(element, chunks[c][offset]) else { return nil }
        return chunks[..<c].reduce(0) { $0 + $1.count } + offset
    }

    /// Adds `element` in its place.
    /// - Complexity: O(log n + chunk capacity), plus O(number of chunks) when a chunk splits.
    mutating func insert(_ element: Element, by precedes: (Element, Element) -> Bool) {
        count += 1
        guard !chunks.isEmpty else {
            chunks = [[element]]
            return
        }
        var (c, offset) = place(of: element, by: precedes)
        if c == chunks.count {
            // After the last element: at the end of the last chunk.
            c -= 1
            offset = chunks[c].count
        }
        chunks[c].insert(element, at: offset)
        if chunks[c].count > Self.chunkCapacity {
            let half = chunks[c].count / 2
            let upper = Array(chunks[c][half...])
            chunks[c].removeSubrange(half...)
            chunks.insert(upper, at: c + 1)
        }
    }

    /// Removes `element`; returns whether it was there.
    /// - Complexity: O(log n + chunk capacity), plus O(number of chunks) when a chunk empties.
    @discardableResult
    mutating func remove(_ element: Element, by precedes: (Element, Element) -> Bool) -> Bool {
        let (c, offset) = place(of: element, by: precedes)
        guard c < chunks.count, offset < chunks[c].count, !precedes(element, chunks[c][offset]) else { return false }
        chunks[c].remove(at: offset)
        if chunks[c].isEmpty { chunks.remove(at: c) }
        count -= 1
        return true
    }

    /// The chunk and offset of the first element that `element` does not follow: where it is,
    /// or where it would go (`chunks.count` when it follows every element).
    private func place(of element: Element, by precedes: (Element, Element) -> Bool) -> (Int, Int) {
        // The first chunk whose last element does not precede `element`.
        var lo = 0, hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if let last = chunks[mid].last, precedes(last, element) { lo = mid + 1 } else { hi = mid }
        }
        guard lo < chunks.count else { return (lo, 0) }
        let chunk = chunks[lo]
        var a = 0, b = chunk.count
        while a < b {
            let mid = (a + b) / 2
            if precedes(chunk[mid], element) { a = mid + 1 } else { b = mid }
        }
        return (lo, a)
    }

    /// The chunk and offset of position `index`.
    private func chunkPosition(of index: Int) -> (Int, Int) {
        precondition(index >= 0 && index < count, "position \(index) outside 0..<\(count)")
        var rest = index
        for (c, chunk) in chunks.enumerated() {
            if rest < chunk.count { return (c, rest) }
            rest -= chunk.count
        }
        preconditionFailure("chunk counts do not add up to \(count)")
    }
}
