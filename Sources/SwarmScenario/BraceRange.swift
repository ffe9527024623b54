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

/// "Did you mean" suggestions for misspelt keys and names.
enum Suggestion {
    /// The candidate `word` most likely meant: one at most 2 edits away (fewer edits than `word`
    /// has characters), else one that `word` starts or is the start of (3 characters or more);
    /// nil when none is close.
    /// - Complexity: O(n·k²) for n candidates of length k.
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        var byPrefix: String?
        for candidate in candidates where candidate != word {
            let c = Array(candidate.lowercased())
            let d = distance(w, c)
            if d <= 2, d < w.count, d < best?.distance ?? .max { best = (candidate, d) }
            if byPrefix == nil, min(w.count, c.count) >= 3, w.starts(with: c) || c.starts(with: w) { byPrefix = candidate }
        }
        return best?.candidate ?? byPrefix
    }

    /// ` (did you mean 'x'?)` or nothing.
    static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Edit distance with adjacent transpositions counted as one edit (optimal string alignment).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
