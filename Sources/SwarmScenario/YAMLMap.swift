import Yams

typealias YAMLNode = Yams.Node

/// One `key: value` of a mapping, with the key's line.
struct Entry {
    var key: String
    var keyLine: Int
    var value: YAMLNode

    /// The line to blame for a bad value: the value's own line for a scalar written out, else
    /// the key's (an empty value's mark may point past it, a block's at its first line).
    var line: Int {
        if !value.isNull, value.scalar != nil, let l = value.mark?.line { return l }
        return keyLine
    }
}

/// A YAML mapping whose keys have been checked against the ones allowed where it stands.
struct YAMLMap {
    /// The line of the mapping (of its first key, for a block mapping).
    var line: Int
    /// Where it stands, for messages: `in service 'web'`, `at the top level`.
    var place: String
    private var byKey: [String: Entry] = [:]
    /// Keys in the order written.
    private(set) var keys: [String] = []

    init(line: Int, place: String) {
        self.line = line
        self.place = place
    }

    subscript(key: String) -> Entry? { byKey[key] }

    /// Adds an entry unless its key is already there (explicit keys win over merged ones).
    mutating func add(_ entry: Entry) {
        guard byKey[entry.key] == nil else { return }
        byKey[entry.key] = entry
        keys.append(entry.key)
    }
}

extension YAMLNode {
    /// Whether the node is a plain `~`, `null` or nothing at all.
    var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// The node's line (1-based), or `fallback` when Yams has none.
    func line(or fallback: Int) -> Int { mark?.line ?? fallback }

    /// How the node reads in a message: `'text'`, `nothing`, `a list`, `a mapping`.
    var shown: String {
        if isNull { return "nothing" }
        switch self {
        case .scalar(let s): return quoted(s.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// Text in single quotes for a message, on one line and cut to 60 characters.
func quoted(_ text: String) -> String {
    var t = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    if t.count > 60 { t = t.prefix(59) + "…" }
    return "'\(t)'"
}
