/// `{a..b}` ranges in hostnames: `worker-{1..3}` is `worker-1`, `worker-2`, `worker-3`;
/// `node-{01..10}` keeps the zero padding of `a` (`node-01` … `node-10`).
enum BraceRange {
    /// The most names one range may make.
    static let maxCount = 100_000

    /// Why a pattern does not expand.
    enum Problem: Error, Equatable {
        /// More than one `{`…`}` in the pattern.
        case twoRanges
        /// A `{` or `}` without its partner.
        case unmatched(Character)
        /// Braces around something that is not `a..b`.
        case malformed(String)
        /// `{5..1}`.
        case backwards(String)
        /// More than `maxCount` names.
        case tooMany(String, count: Int)
    }

    /// The names a pattern stands for: itself when it has no braces.
    /// - Complexity: O(n) in the number of names.
    static func expand(_ pattern: String) throws(Problem) -> [String] {
        let opens = pattern.indices.filter { pattern[$0] == "{" }
        let closes = pattern.indices.filter { pattern[$0] == "}" }
        if opens.isEmpty, closes.isEmpty { return [pattern] }
        if opens.count > 1 || closes.count > 1 { throw .twoRanges }
        guard let open = opens.first, let close = closes.first, open < close else {
            throw .unmatched(opens.isEmpty ? "}" : "{")
        }
        let range = String(pattern[open...close])
        let body = pattern[pattern.index(after: open)..<close]
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty, let first = whole(parts[0]), let last = whole(parts[2]) else {
            throw .malformed(range)
        }
        guard first <= last else { throw .backwards(range) }
        let count = last - first + 1
        guard count <= maxCount else { throw .tooMany(range, count: count) }
        let width = parts[0].count > 1 && parts[0].hasPrefix("0") ? parts[0].count : 0
        let head = pattern[..<open]
        let tail = pattern[pattern.index(after: close)...]
        return (first...last).map { n in
            let digits = String(n)
            let padding = String(repeating: "0", count: max(0, width - digits.count))
            return head + padding + digits + tail
        }
    }

    /// A whole number of at most 9 digits, so counts cannot overflow.
    private static func whole(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
