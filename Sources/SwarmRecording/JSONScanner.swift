/// Reads JSON tokens straight from a line's bytes, for the lines a replay reads by the
/// million (see `FastLineDecoder`).
///
/// It reads only the JSON a recording's writer writes: ASCII strings without escapes,
/// whole numbers without sign, exponent or leading zeros. Anything else makes a read return
/// nil, and the caller hands the line to Foundation's decoder instead, which reads any JSON
/// and words every error.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether only whitespace is left.
    var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return position == bytes.count
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace); false when the next byte is another.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// The next byte after whitespace, not consumed.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// The bytes of a string without escapes or non-ASCII bytes, without its quotes.
    mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard take(0x22) else { return nil }
        let start = position
        // The first byte that is not plain ASCII text: the closing quote, or an escape, a
        // control character or a non-ASCII byte, for Foundation to judge.
        position = JSONBytes.firstMarked(UnsafeRawBufferPointer(bytes), from: position, nonASCII: true)
        guard position < bytes.count, bytes[position] == 0x22 else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
        position += 1
        return slice
    }

    /// A non-negative whole number that fits in a UInt64.
    mutating func unsigned() -> UInt64? {
        skipWhitespace()
        let start = position
        var value: UInt64 = 0
        while position < bytes.count, case let b = bytes[position], b >= 0x30, b <= 0x39 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(b - 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits == 1 || bytes[start] != 0x30 else { return nil }
        // A fraction or an exponent: a number Foundation reads its own way.
        if position < bytes.count, bytes[position] == 0x2E || bytes[position] | 0x20 == 0x65 { return nil }
        return value
    }

    /// A whole number (possibly negative) that fits in an Int.
    mutating func integer() -> Int? {
        let negative = take(0x2D)
        // A digit right after the sign: `- 5` is not JSON.
        if negative, position >= bytes.count || bytes[position] < 0x30 || bytes[position] > 0x39 { return nil }
        guard let magnitude = unsigned(), magnitude <= UInt64(Int.max) else { return nil }
        return negative ? (magnitude == 0 ? nil : -Int(magnitude)) : Int(magnitude)
    }

    /// The time offset `t` as the writer writes it, whole milliseconds: `12`, `12.5`, `12.345`.
    mutating func milliseconds() -> Int64? {
        guard let whole = wholePart(), whole < 10_000_000_000 else { return nil }
        var ms = Int64(whole) * 1000
        if position < bytes.count, bytes[position] == 0x2E {
            position += 1
            var scale: Int64 = 100
            var digits = 0
            while position < bytes.count, case let b = bytes[position], b >= 0x30, b <= 0x39 {
                guard digits < 3 else { return nil }
                ms += Int64(b - 0x30) * scale
                scale /= 10
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
        }
        if position < bytes.count, bytes[position] | 0x20 == 0x65 { return nil }
        return ms
    }

    private mutating func wholePart() -> UInt64? {
        skipWhitespace()
        let start = position
        var value: UInt64 = 0
        while position < bytes.count, case let b = bytes[position], b >= 0x30, b <= 0x39 {
            guard position - start < 18 else { return nil }
            value = value * 10 + UInt64(b - 0x30)
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits == 1 || bytes[start] != 0x30 else { return nil }
        return value
    }

    /// Skips one value of any kind (strings with escapes, nested objects and arrays); false
    /// when the bytes are not a value. Depth is limited, as a reader's stack is.
    mutating func skipValue(depth: Int = 0) -> Bool {
        guard depth < 64, let first = peek() else { return false }
        switch first {
        case 0x7B: return members { s, _ in s.skipValue(depth: depth + 1) }
        case 0x5B: return elements { s in s.skipValue(depth: depth + 1) }
        case 0x22:
            position += 1
            while position < bytes.count {
                switch bytes[position] {
                case 0x22:
                    position += 1
                    return true
                case 0x5C: position += 2
                default: position += 1
                }
            }
            return false
        case 0x74, 0x66: return boolean() != nil
        case 0x6E: return null()
        default:
            // A number: its characters.
            let start = position
            while position < bytes.count, case let b = bytes[position],
                  (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b | 0x20 == 0x65 {
                position += 1
            }
            return position > start
        }
    }

    /// `null`, consumed; false (and nothing consumed) for anything else.
    mutating func null() -> Bool { literal("null") }

    /// `true` or `false`.
    mutating func boolean() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let start = word.utf8Start
        for i in 0..<count where bytes[position + i] != start[i] { return false }
        position += count
        return true
    }

    /// Reads the members of an object one key at a time: `body` gets each key's bytes and
    /// must read its value; it returns false to give up. False when the object is not one.
    /// - Parameter closing: Whether to consume the closing brace (else the caller checks it).
    mutating func members(closing: Bool = true, _ body: (inout JSONScanner, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard take(0x7B) else { return false }
        if peek() == 0x7D { return closing ? take(0x7D) : true }
        while true {
            guard let key = rawString(), take(0x3A), body(&self, key) else { return false }
            if take(0x2C) { continue }
            return closing ? take(0x7D) : peek() == 0x7D
        }
    }

    /// Reads the rest of an object whose first members were read: `, key: value` pairs as
    /// `members` does, then the closing brace.
    mutating func remainingMembers(_ body: (inout JSONScanner, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        while take(0x2C) {
            guard let key = rawString(), take(0x3A), body(&self, key) else { return false }
        }
        return take(0x7D)
    }

    /// Reads the elements of an array: `body` reads each one, and returns false to give up.
    mutating func elements(_ body: (inout JSONScanner) -> Bool) -> Bool {
        guard take(0x5B) else { return false }
        if take(0x5D) { return true }
        while true {
            guard body(&self) else { return false }
            if take(0x2C) { continue }
            return take(0x5D)
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are `text`'s UTF-8.
    @inline(__always)
    func equals(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        let start = text.utf8Start
        for i in 0..<count where self[i] != start[i] { return false }
        return true
    }
}

/// Eight bytes of JSON text at a time (strings are most of a recording's bytes).
enum JSONBytes {
    /// The high bit of each byte of `word` (loaded little-endian) that is `"`, `\` or below
    /// 0x20, or (if `nonASCII`) above 0x7F: zero when there is none. The lowest mark is exact;
    /// a borrow can also mark a byte above a marked one, never one below it.
    @inline(__always)
    static func marks(_ word: UInt64, nonASCII: Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ 0x2222_2222_2222_2222, backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        // A byte that is zero after the XOR (the quote or the backslash) borrows when one is
        // subtracted; a byte below 0x20 borrows when 0x20 is (a byte at 0x80 or above never
        // counts: its own high bit is masked out by `~`).
        let special = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- 0x2020_2020_2020_2020) & ~word) & highs
        return nonASCII ? special | word & highs : special
    }

    /// The position of the first byte at or after `start` that is `"`, `\` or below 0x20, or
    /// (if `nonASCII`) above 0x7F; `bytes.count` when there is none. Eight bytes at a time
    /// (task IDs, node IDs and messages are read and written a million times in a long
    /// recording).
    @inline(__always)
    static func firstMarked(_ bytes: UnsafeRawBufferPointer, from start: Int, nonASCII: Bool) -> Int {
        var i = start
        if let base = bytes.baseAddress {
            while i + 8 <= bytes.count {
                let found = marks(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)), nonASCII: nonASCII)
                if found != 0 { return i + found.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20 || b == 0x22 || b == 0x5C || (nonASCII && b > 0x7F) { return i }
            i += 1
        }
        return i
    }
}
