import SwarmFormat

/// Text as a key that sorts in natural order (`naturalLess`: `node2` < `node10`), made once so
/// that sorting compares integers instead of walking both strings on every comparison.
///
/// The text is encoded so that comparing the encodings byte by byte gives natural order: a
/// byte that is not a digit becomes itself + 2; a run of digits becomes 1, its length without
/// leading zeros + 1, those digits, and the number of leading zeros + 1 (so a number sorts
/// by value, then fewer leading zeros first, and a digit before any other byte). The end of the
/// text is 0, below everything. The first 32 bytes are kept as four big-endian words; text
/// whose encoding is longer keeps the text itself too, and two such keys whose words agree
/// compare with `naturalLess`.
struct NaturalKey: Hashable, Comparable, Sendable {
    private var head0: UInt64 = 0
    private var head1: UInt64 = 0
    private var head2: UInt64 = 0
    private var head3: UInt64 = 0
    /// The text, when its encoding does not fit in the words.
    private var long: String?

    /// The empty text's key, below every other.
    static let empty = NaturalKey()

    private init() {}

    /// The key of `text`.
    /// - Complexity: O(n) in the text's UTF-8 length.
    init(_ text: String) {
        var copy = text
        let fits = copy.withUTF8 { utf8 in
            var bytes = Bytes()
            var i = 0
            while i < utf8.count, bytes.count <= 32 {
                let c = utf8[i]
                guard NaturalKey.isDigit(c) else {
                    bytes.append(c &+ 2)  // UTF-8 never has bytes above 0xF4
                    i += 1
                    continue
                }
                let start = i
                while i < utf8.count, utf8[i] == 0x30 { i += 1 }
                let significant = i
                while i < utf8.count, NaturalKey.isDigit(utf8[i]) { i += 1 }
                bytes.append(1)
                bytes.append(UInt8(min(254, i - significant) + 1))
                for j in significant..<i { bytes.append(utf8[j]) }
                bytes.append(UInt8(min(254, significant - start) + 1))
            }
            (head0, head1, head2, head3) = bytes.words
            return bytes.count <= 32
        }
        if !fits { long = text }
    }

    static func < (a: NaturalKey, b: NaturalKey) -> Bool { compare(a, b) < 0 }

    static func == (a: NaturalKey, b: NaturalKey) -> Bool {
        a.head0 == b.head0 && a.head1 == b.head1 && a.head2 == b.head2 && a.head3 == b.head3 && a.long == b.long
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(head0)
        hasher.combine(head1)
        hasher.combine(head2)
        hasher.combine(head3)
        hasher.combine(long)
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b`.
    @inline(__always)
    static func compare(_ a: NaturalKey, _ b: NaturalKey) -> Int {
        if a.head0 != b.head0 { return a.head0 < b.head0 ? -1 : 1 }
        if a.head1 != b.head1 { return a.head1 < b.head1 ? -1 : 1 }
        if a.head2 != b.head2 { return a.head2 < b.head2 ? -1 : 1 }
        if a.head3 != b.head3 { return a.head3 < b.head3 ? -1 : 1 }
        switch (a.long, b.long) {
        case (nil, nil): return 0
        case (nil, _): return -1  // its encoding ends where the other's goes on
        case (_, nil): return 1
        case (let x?, let y?): return naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Up to 32 bytes as four words, and how many were offered.
    private struct Bytes {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0

        mutating func append(_ byte: UInt8) {
            defer { count += 1 }
            guard count < 32 else { return }
            let shift = UInt64(56 - 8 * (count % 8))
            switch count / 8 {
            case 0: words.0 |= UInt64(byte) << shift
            case 1: words.1 |= UInt64(byte) << shift
            case 2: words.2 |= UInt64(byte) << shift
            default: words.3 |= UInt64(byte) << shift
            }
        }
    }
}
