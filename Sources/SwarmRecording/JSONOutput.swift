import SwarmModel

/// Builds a line of JSON as bytes, for the lines a live recording writes by the thousand a
/// second (see `RecordingLineCodec`). Strings are escaped the way Foundation's `JSONEncoder`
/// escapes them, so a value written here or there gives the same bytes.
struct JSONOutput {
    var bytes: [UInt8] = []
    /// The day of the last timestamp written and its `YYYY-MM-DDT` text: events come in
    /// time order, so most timestamps fall on the day before them.
    private var day: (number: Int64, text: [UInt8]) = (.min, [])

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    /// `"text"`, escaped as `JSONEncoder` escapes it (slashes left alone).
    mutating func string(_ text: String) {
        bytes.append(0x22)
        var text = text
        let plain = text.withUTF8 { utf8 -> Bool in
            // Most strings need no escape: copied as they are.
            guard !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain {
            for byte in text.utf8 { escaped(byte) }
        }
        bytes.append(0x22)
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
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }

    mutating func unsigned(_ value: UInt64) {
        guard value >= 10 else {
            bytes.append(0x30 + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            var v = value
            while v > 0 {
                digits[19 - count] = 0x30 + UInt8(v % 10)
                v /= 10
                count += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(0x2D) }
        unsigned(UInt64(value.magnitude))
    }

    /// `"2026-01-01T00:00:05.25Z"`: what `Timestamp.rfc3339` gives, quoted.
    mutating func timestamp(_ time: Timestamp) {
        let secs = time.nanoseconds.floorDivided(by: 1_000_000_000)
        let nanos = Int(time.nanoseconds - secs * 1_000_000_000)
        let dayNumber = secs.floorDivided(by: 86_400)
        let secOfDay = Int(secs - dayNumber * 86_400)
        if dayNumber != day.number {
            let (y, m, d) = Timestamp.civil(fromDays: dayNumber)
            var text: [UInt8] = []
            func pad(_ v: Int, _ width: Int) {
                let s = Array(String(v).utf8)
                text.append(contentsOf: repeatElement(0x30, count: max(0, width - s.count)))
                text.append(contentsOf: s)
            }
            pad(y, 4)
            text.append(0x2D)
            pad(m, 2)
            text.append(0x2D)
            pad(d, 2)
            text.append(0x54)
            day = (dayNumber, text)
        }
        bytes.append(0x22)
        bytes.append(contentsOf: day.text)
        two(secOfDay / 3600)
        bytes.append(0x3A)
        two(secOfDay / 60 % 60)
        bytes.append(0x3A)
        two(secOfDay % 60)
        if nanos != 0 {
            bytes.append(0x2E)
            var scale = 100_000_000
            var rest = nanos
            while rest != 0 {
                bytes.append(0x30 + UInt8(rest / scale))
                rest %= scale
                scale /= 10
            }
        }
        bytes.append(0x5A)
        bytes.append(0x22)
    }

    @inline(__always)
    private mutating func two(_ v: Int) {
        bytes.append(0x30 + UInt8(v / 10))
        bytes.append(0x30 + UInt8(v % 10))
    }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    func floorDivided(by d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
