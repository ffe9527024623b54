/// "Did you mean" suggestions for misspelt keys, names, roles and colours, shared by the
/// scenario, stack and theme readers so they all suggest by the same rule.
package enum Suggestion {
    /// The candidate `word` most likely meant: one at most 2 edits away (fewer edits than `word`
    /// has characters), else one that `word` starts or is the start of (3 characters or more);
    /// nil when none is close.
    /// - Complexity: O(n·k²) for n candidates of length k.
    package static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
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
    package static func hint(for word: String, among candidates: some Sequence<String>) -> String {
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
