/// Parsers for the small languages inside scalar values: Go-style durations, memory sizes,
/// decimal numbers. Each returns nil when the text is not one; the caller words the error.
enum Units {
    /// Nanoseconds in a Go-style duration: a sequence of decimal numbers with units `ns`, `us`
    /// (or `µs`), `ms`, `s`, `m`, `h` (`1h2m3s`, `1m30s`, `500ms`, `1.5s`), optionally signed;
    /// a bare number means seconds. Nil when it is not one or does not fit in Int64.
    static func nanoseconds(_ text: String) -> Int64? {
        var rest = Substring(text.trimmingSpaces)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        if isDecimal(rest) {
            guard let value = scaled(rest, by: 1_000_000_000) else { return nil }
            return negative ? -value : value
        }
        var total: Int64 = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard isDecimal(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = durationUnits[String(unitText)] else { return nil }
            rest = rest.dropFirst(unitText.count)
            guard let value = scaled(number, by: unit) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = sum
        }
        return negative ? -total : total
    }

    /// Nanoseconds per duration unit.
    static let durationUnits: [String: Int64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// Bytes in a size: a non-negative decimal number and an optional unit, case-insensitive:
    /// `B`; `K`, `KiB` (1024) and `KB` (1000); the same for `M`, `G`, `T`. A bare number is
    /// bytes; fractions of a byte are dropped. Nil when it is not one or does not fit in Int64.
    static func bytes(_ text: String) -> Int64? {
        let trimmed = Substring(text.trimmingSpaces)
        let number = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unitText = trimmed.dropFirst(number.count).drop { $0 == " " }.lowercased()
        guard isDecimal(number), let unit = sizeUnits[unitText] else { return nil }
        return scaled(number, by: unit, rounding: false)
    }

    /// Bytes per size unit (lowercased).
    static let sizeUnits: [String: Int64] = [
        "": 1, "b": 1,
        "k": 1 << 10, "kib": 1 << 10, "kb": 1_000,
        "m": 1 << 20, "mib": 1 << 20, "mb": 1_000_000,
        "g": 1 << 30, "gib": 1 << 30, "gb": 1_000_000_000,
        "t": 1 << 40, "tib": 1 << 40, "tb": 1_000_000_000_000,
    ]

    /// Bytes in a memory size as docker and compose read one (go-units' `RAMInBytes`): a
    /// non-negative decimal number, an optional space and an optional unit, case-insensitive:
    /// `b`; `k`, `kb`, `kib` (all 1024); the same for `m`, `g`, `t`, `p`. A bare number is bytes;
    /// fractions of a byte are dropped. Nil when it is not one or does not fit in Int64.
    static func binaryBytes(_ text: String) -> Int64? {
        let trimmed = Substring(text.trimmingSpaces)
        let number = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        var unitText = trimmed.dropFirst(number.count).lowercased()
        if unitText.hasPrefix(" ") { unitText.removeFirst() }
        guard isDecimal(number), let unit = binaryUnits[unitText] else { return nil }
        return scaled(number, by: unit, rounding: false)
    }

    /// Bytes per memory unit as docker reads them (lowercased): every prefix is binary.
    static let binaryUnits: [String: Int64] = {
        var units: [String: Int64] = ["": 1, "b": 1]
        for (i, prefix) in ["k", "m", "g", "t", "p"].enumerated() {
            let size = Int64(1) << (10 * (i + 1))
            for suffix in ["", "b", "ib"] { units[prefix + suffix] = size }
        }
        return units
    }()

    /// A decimal number (`2`, `0.5`, `-1.25`, `.5`); no exponents, hex, `inf` or `nan`.
    static func decimal(_ text: String) -> Double? {
        var body = Substring(text.trimmingSpaces)
        if let sign = body.first, sign == "-" || sign == "+" { body = body.dropFirst() }
        guard isDecimal(body) else { return nil }
        return Double(text.trimmingSpaces)
    }

    /// Whether the text is digits with at most one `.`, and at least one digit.
    static func isDecimal(_ text: Substring) -> Bool {
        var digits = 0
        var dots = 0
        for c in text {
            if c == "." { dots += 1 } else if c.isASCII, c.isNumber { digits += 1 } else { return false }
        }
        return digits > 0 && dots <= 1
    }

    /// `number × unit` for a non-negative decimal `number`, exact for the whole part; the
    /// fraction is rounded to the nearest unit step (or dropped). Nil on overflow.
    static func scaled(_ number: Substring, by unit: Int64, rounding: Bool = true) -> Int64? {
        let dot = number.firstIndex(of: ".") ?? number.endIndex
        var whole: Int64 = 0
        for c in number[..<dot] {
            guard let d = c.wholeNumberValue else { return nil }
            let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            whole = next
        }
        let (value, overflow) = whole.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        guard dot < number.endIndex else { return value }
        let fractionText = number[number.index(after: dot)...]
        guard !fractionText.isEmpty, let fraction = Double("0." + fractionText) else { return value }
        let part = fraction * Double(unit)
        let (sum, o3) = value.addingReportingOverflow(Int64(rounding ? part.rounded() : part.rounded(.down)))
        return o3 ? nil : sum
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
