import YAMLSupport
import Yams

/// Readers for single values: each takes an entry, checks it and returns the Swift value, or
/// throws a one-line error that names the key, what it must be and what it got.
extension ScenarioParser {
    // MARK: Mappings and lists

    /// The mapping as a `YAMLMap`, after checking that every key is in `allowed`. Merge keys
    /// (`<<: *defaults`) bring in the keys of the merged mappings that are not written here.
    /// With `extensions`, keys starting `x-` that are not in `allowed` are skipped (compose's
    /// extension fields).
    func checkedMap(
        _ mapping: YAMLNode.Mapping, line: Int, place: String, allowed: [String], extensions: Bool = false
    ) throws(ScenarioError) -> YAMLMap {
        var map = YAMLMap(line: mapping.mark?.line ?? line, place: place)
        var merged: [YAMLNode] = []
        for (keyNode, value) in mapping {
            let keyLine = keyNode.line(or: map.line)
            guard case .scalar(let scalar) = keyNode, !keyNode.isNull else {
                throw fail(keyLine, "keys must be text, got \(keyNode.shown) \(place)")
            }
            let key = scalar.string
            if key == "<<", scalar.style == .plain {
                merged.append(value)
                continue
            }
            if extensions, key.hasPrefix("x-"), !allowed.contains(key) { continue }
            guard allowed.contains(key) else {
                throw fail(keyLine, "unknown key \(quoted(key)) \(place)\(Suggestion.hint(for: key, among: allowed))")
            }
            map.add(Entry(key: key, keyLine: keyLine, value: value))
        }
        for source in merged {
            let parts: [YAMLNode]
            switch source {
            case .mapping: parts = [source]
            case .sequence(let s): parts = Array(s)
            default: parts = [source]
            }
            for part in parts {
                guard case .mapping(let inner) = part else {
                    throw fail(part.line(or: map.line), "'<<' must merge a mapping (e.g. <<: *defaults), got \(part.shown)")
                }
                let other = try checkedMap(inner, line: map.line, place: place, allowed: allowed, extensions: extensions)
                for entry in other.entries { map.add(entry) }
            }
        }
        return map
    }

    /// The value of `entry` as a checked mapping; an empty value is an empty mapping.
    func map(_ entry: Entry, place: String, allowed: [String]) throws(ScenarioError) -> YAMLMap {
        if entry.value.isNull { return YAMLMap(line: entry.keyLine, place: place) }
        guard case .mapping(let m) = entry.value else {
            throw fail(entry.line, "\(entry.key) must be a mapping of \(allowed.joined(separator: ", ")); got \(entry.value.shown)")
        }
        return try checkedMap(m, line: entry.keyLine, place: place, allowed: allowed, extensions: dialect == .compose)
    }

    /// A list item as a checked mapping.
    func map(item: YAMLNode, of list: String, line: Int, place: String, allowed: [String], example: String) throws(ScenarioError) -> YAMLMap {
        guard case .mapping(let m) = item else {
            throw fail(item.line(or: line), "each entry of \(list) must be a mapping (\(example)), got \(item.shown)")
        }
        return try checkedMap(m, line: line, place: place, allowed: allowed)
    }

    /// The entry for `key`, which must be there.
    func required(_ map: YAMLMap, _ key: String) throws(ScenarioError) -> Entry {
        guard let entry = map[key] else { throw fail(map.line, "missing key '\(key)' \(map.place)") }
        return entry
    }

    /// The items of a list; an empty value is an empty list.
    func list(_ entry: Entry) throws(ScenarioError) -> [YAMLNode] {
        if entry.value.isNull { return [] }
        guard case .sequence(let s) = entry.value else {
            throw fail(entry.line, "\(entry.key) must be a list, got \(entry.value.shown)")
        }
        return Array(s)
    }

    /// The items of a list of text, each with its line.
    func textList(_ entry: Entry) throws(ScenarioError) -> [(text: String, line: Int)] {
        var result: [(text: String, line: Int)] = []
        for item in try list(entry) {
            guard case .scalar(let s) = item, !item.isNull else {
                throw fail(item.line(or: entry.keyLine), "each entry of \(entry.key) must be text, got \(item.shown)")
            }
            result.append((s.string, item.line(or: entry.keyLine)))
        }
        return result
    }

    // MARK: Scalars

    /// The scalar's text, or nil for an empty value or a collection.
    func scalarText(_ entry: Entry) -> String? {
        guard case .scalar(let s) = entry.value, !entry.value.isNull else { return nil }
        return s.string
    }

    /// Text; `what` describes it in the error (`a hostname`).
    func text(_ entry: Entry, as what: String = "text") throws(ScenarioError) -> String {
        if entry.value.isNull { throw fail(entry.line, "\(entry.key) needs a value") }
        guard let s = scalarText(entry) else { throw fail(entry.line, "\(entry.key) must be \(what), got \(entry.value.shown)") }
        return s
    }

    /// Text that is not empty.
    func nonEmptyText(_ entry: Entry, as what: String = "text") throws(ScenarioError) -> String {
        let s = try text(entry, as: what)
        guard !s.trimmingSpaces.isEmpty else { throw fail(entry.line, "\(entry.key) must not be empty") }
        return s
    }

    /// A whole number in `range`; `rule` says the range in the error (`≥ 0`, `from 1 to 255`).
    func wholeNumber(_ entry: Entry, in range: ClosedRange<Int>, rule: String) throws(ScenarioError) -> Int {
        guard let s = scalarText(entry), let n = Int(s.trimmingSpaces), range.contains(n) else {
            throw fail(entry.line, "\(entry.key) must be a whole number \(rule), got \(entry.value.shown)")
        }
        return n
    }

    /// How a decimal number is bounded.
    enum NumberRule {
        /// > 0 and ≤ the maximum.
        case positive(max: Double)
        /// ≥ 0 and ≤ the maximum.
        case nonNegative(max: Double)
        /// From 0 to 1.
        case fraction

        var text: String {
            switch self {
            case .positive: "> 0"
            case .nonNegative: "≥ 0"
            case .fraction: "from 0 to 1"
            }
        }
    }

    /// A decimal number within `rule`.
    func number(_ entry: Entry, _ rule: NumberRule) throws(ScenarioError) -> Double {
        let valueText = scalarText(entry)
        guard let s = valueText, let n = Units.decimal(s) else {
            throw fail(entry.line, "\(entry.key) must be a number \(rule.text), got \(entry.value.shown)")
        }
        let fits: Bool
        let max: Double
        switch rule {
        case .positive(let m): (fits, max) = (n > 0, m)
        case .nonNegative(let m): (fits, max) = (n >= 0, m)
        case .fraction: (fits, max) = (n >= 0, 1)
        }
        guard fits else { throw fail(entry.line, "\(entry.key) must be a number \(rule.text), got \(entry.value.shown)") }
        guard n <= max else {
            if case .fraction = rule { throw fail(entry.line, "\(entry.key) must be a number \(rule.text), got \(entry.value.shown)") }
            throw fail(entry.line, "\(entry.key) must be at most \(Self.format(max)), got \(entry.value.shown)")
        }
        return n
    }

    /// A duration of zero or more.
    func duration(_ entry: Entry) throws(ScenarioError) -> Duration {
        guard let s = scalarText(entry), let ns = Units.nanoseconds(s) else {
            throw fail(entry.line, "'\(entry.key)' is not a duration: \(entry.value.shown) (write e.g. 90s, 1m30s, 500ms)")
        }
        if dialect == .compose, ns != 0, Units.decimal(s) != nil {
            throw fail(entry.line, "'\(entry.key)' is not a duration: \(entry.value.shown) (compose durations need a unit: 5s, 1m30s, 500ms)")
        }
        guard ns >= 0 else { throw fail(entry.line, "'\(entry.key)' must not be negative, got \(entry.value.shown)") }
        return .nanoseconds(ns)
    }

    /// A size in bytes; `positive` rules out zero.
    func size(_ entry: Entry, positive: Bool) throws(ScenarioError) -> Int64 {
        let bytes: Int64?
        switch dialect {
        case .scenario: bytes = scalarText(entry).flatMap(Units.bytes)
        case .compose: bytes = scalarText(entry).flatMap(Units.binaryBytes)
        }
        guard let bytes else {
            let example = dialect == .compose ? "512M, 1G, 256MiB" : "512MiB, 8GiB, 1.5G"
            throw fail(entry.line, "'\(entry.key)' is not a size: \(entry.value.shown) (write e.g. \(example))")
        }
        guard !positive || bytes > 0 else { throw fail(entry.line, "'\(entry.key)' must be more than 0, got \(entry.value.shown)") }
        return bytes
    }

    /// CPUs as nano-CPUs.
    func cpus(_ entry: Entry, positive: Bool) throws(ScenarioError) -> Int64 {
        let n = try number(entry, positive ? .positive(max: 1_000_000) : .nonNegative(max: 1_000_000))
        return Int64((n * 1e9).rounded())
    }

    /// One of an enumeration's raw values.
    func choice<T: CaseIterable & RawRepresentable>(_ entry: Entry, of type: T.Type = T.self) throws(ScenarioError) -> T
    where T.RawValue == String {
        if let s = scalarText(entry), let value = T(rawValue: s) { return value }
        let names = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw fail(entry.line, "\(entry.key) must be one of \(names); got \(entry.value.shown)")
    }

    /// `true` or `false` (also `yes`/`no`, `on`/`off`).
    func flag(_ entry: Entry) throws(ScenarioError) -> Bool {
        switch scalarText(entry)?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(entry.line, "\(entry.key) must be true or false, got \(entry.value.shown)")
        }
    }

    /// A mapping of text to text; an empty value means no labels, a label without a value is "".
    func labels(_ entry: Entry) throws(ScenarioError) -> [String: String] {
        if entry.value.isNull { return [:] }
        guard case .mapping(let m) = entry.value else {
            throw fail(entry.line, "\(entry.key) must be a mapping of names to values (e.g. {zone: a}), got \(entry.value.shown)")
        }
        var result: [String: String] = [:]
        for (k, v) in m {
            let line = k.line(or: entry.keyLine)
            guard case .scalar(let key) = k, !k.isNull else { throw fail(line, "\(entry.key) names must be text, got \(k.shown)") }
            if v.isNull {
                result[key.string] = ""
            } else if case .scalar(let value) = v {
                result[key.string] = value.string
            } else {
                throw fail(v.line(or: line), "\(entry.key) value of \(quoted(key.string)) must be text, got \(v.shown)")
            }
        }
        return result
    }

    /// A number without a needless `.0`.
    static func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }
}

extension YAMLMap {
    /// The entries in the order written.
    var entries: [Entry] { keys.compactMap { self[$0] } }
}
