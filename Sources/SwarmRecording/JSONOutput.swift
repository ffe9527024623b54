import SwarmModel

/// Builds a line of JSON as bytes, for the lines a live recording writes by the thousand a
/// second (see `RecordingLineCodec`). Strings are escaped the way Foundation's `JSONEncoder`
/// escapes them, so a value written here or there gives the same bytes.
///
/// The bytes are kept in a buffer of its own rather than an array: a line is some forty small
/// appends, and an array checks that it is uniquely held, and calls a copying routine, for
/// each (a tenth of what recording cost the live dashboard).
struct JSONOutput: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written.
    private(set) var count = 0
    /// The second of the last timestamp written and its `YYYY-MM-DDTHH:MM:SS` text (19
    /// bytes): events come in time order, thousands a second.
    private var second: Int64 = .min
    /// The text's 19 bytes, with one to spare, as words: copied with three stores.
    private var secondText: (UInt64, UInt64, UInt32) = (0, 0, 0)
    /// The last line time written (`RecordingLineCodec.seconds`) and its text, up to 24
    /// bytes as words: the lines of a piece of events all have the same time.
    private var lineTime: Duration?
    private var lineTimeText: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var lineTimeLength = 0

    init(capacity: Int = 512) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as a buffer valid during `body`.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes written, copied.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written, as text.
    var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// Forgets the bytes written, keeping the buffer.
    mutating func removeAll() { count = 0 }

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        (base, capacity) = (moved, larger)
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func raw(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        guard let source = bytes.baseAddress else { return }
        if bytes.count <= 16 {
            // A key or a short value: a call to the library's copy costs more than the copy.
            for i in 0..<bytes.count { base[count + i] = source.load(fromByteOffset: i, as: UInt8.self) }
        } else {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }

    mutating func append(contentsOf bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ append(UnsafeRawBufferPointer($0)) }) != nil { return }
        reserve(bytes.count)
        for byte in bytes {
            base[count] = byte
            count += 1
        }
    }

    /// `"text"`, escaped as `JSONEncoder` escapes it (slashes left alone).
    mutating func string(_ text: String) {
        raw(0x22)
        // Most strings need no escape: copied as they are (a native string's bytes are read
        // where they are).
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard JSONBytes.firstMarked(bytes, from: 0, nonASCII: false) == bytes.count else { return false }
            append(bytes)
            return true
        }
        if plain != true {
            for byte in text.utf8 { escaped(byte) }
        }
        raw(0x22)
    }

    private mutating func escaped(_ byte: UInt8) {
        switch byte {
        case 0x22: raw("\\\"")
        case 0x5C: raw("\\\\")
        case 0x08: raw("\\b")
        case 0x09: raw("\\t")
        case 0x0A: raw("\\n")
        case 0x0C: raw("\\f")
        case 0x0D: raw("\\r")
        case ..<0x20:
            raw("\\u00")
            raw(Self.hex(byte >> 4))
            raw(Self.hex(byte & 0xF))
        default: raw(byte)
        }
    }

    private static func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? 0x30 + digit : 0x57 + digit }

    mutating func unsigned(_ value: UInt64) {
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, value >= limit {
            digits += 1
            limit &*= 10
        }
        reserve(digits)
        var v = value
        var i = count + digits
        repeat {
            i -= 1
            base[i] = 0x30 + UInt8(v % 10)
            v /= 10
        } while v > 0
        count += digits
    }

    mutating func integer(_ value: Int) {
        if value < 0 { raw(0x2D) }
        unsigned(UInt64(value.magnitude))
    }

    /// Appends the text of line time `time` if it is the last one written by
    /// `keepLineTime`; false, with nothing appended, otherwise.
    mutating func appendLineTime(_ time: Duration) -> Bool {
        guard lineTime == time else { return false }
        reserve(24)
        let at = UnsafeMutableRawPointer(base + count)
        at.storeBytes(of: lineTimeText.0, as: UInt64.self)
        at.storeBytes(of: lineTimeText.1, toByteOffset: 8, as: UInt64.self)
        at.storeBytes(of: lineTimeText.2, toByteOffset: 16, as: UInt64.self)
        count += lineTimeLength
        return true
    }

    /// Keeps the bytes from `start` to the end, at most 24, as the text of line time `time`.
    mutating func keepLineTime(_ time: Duration, from start: Int) {
        let length = count - start
        guard length <= 24 else { return }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + start, count: length)) }
        (lineTime, lineTimeText, lineTimeLength) = (time, words, length)
    }

    /// `"2026-01-01T00:00:05.25Z"`: what `Timestamp.rfc3339` gives, quoted.
    mutating func timestamp(_ time: Timestamp) {
        let secs = time.nanoseconds.floorDiv(1_000_000_000)
        let nanos = Int(time.nanoseconds - secs * 1_000_000_000)
        if secs != second {
            guard setSecond(secs) else {
                // A year of more than four digits, or before year 0.
                raw(0x22)
                append(contentsOf: time.rfc3339.utf8)
                raw(0x22)
                return
            }
        }
        // The quote, the second, up to ten bytes of fraction, `Z` and the quote.
        reserve(33)
        base[count] = 0x22
        let at = UnsafeMutableRawPointer(base + count + 1)
        at.storeBytes(of: secondText.0, as: UInt64.self)
        at.storeBytes(of: secondText.1, toByteOffset: 8, as: UInt64.self)
        at.storeBytes(of: secondText.2, toByteOffset: 16, as: UInt32.self)
        count += 20
        if nanos != 0 {
            // Nine digits, then the zeros at their end dropped.
            base[count] = 0x2E
            var rest = nanos
            for i in stride(from: 9, to: 0, by: -1) {
                base[count + i] = 0x30 + UInt8(rest % 10)
                rest /= 10
            }
            var last = count + 9
            while base[last] == 0x30 { last -= 1 }
            count = last + 1
        }
        base[count] = 0x5A
        base[count + 1] = 0x22
        count += 2
    }

    /// Makes `secondText` the text of second `secs` since the epoch; false for a year that
    /// is not four digits.
    private mutating func setSecond(_ secs: Int64) -> Bool {
        let dayNumber = secs.floorDiv(86_400)
        let secOfDay = Int(secs - dayNumber * 86_400)
        let (y, m, d) = Timestamp.civil(fromDays: dayNumber)
        guard (0...9999).contains(y) else { return false }
        var text = InlineArray<20, UInt8>(repeating: 0)
        var i = 0
        func put(_ v: Int, _ width: Int) {
            var v = v
            for k in stride(from: width - 1, through: 0, by: -1) {
                text[i + k] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            i += width
        }
        func sep(_ byte: UInt8) {
            text[i] = byte
            i += 1
        }
        put(y, 4)
        sep(0x2D)
        put(m, 2)
        sep(0x2D)
        put(d, 2)
        sep(0x54)
        put(secOfDay / 3600, 2)
        sep(0x3A)
        put(secOfDay / 60 % 60, 2)
        sep(0x3A)
        put(secOfDay % 60, 2)
        secondText = withUnsafeBytes(of: text) { raw in
            (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
        second = secs
        return true
    }
}
