import Yams

/// Where YAML files go wrong in ways Yams reports without a line.
package enum YAMLText {
    /// The line where a block mapping repeats the key first written at `first`: the next line
    /// at the same indentation that starts with `key:`, before the mapping ends; nil if none
    /// (e.g. in a flow mapping). Yams names only the first occurrence of a duplicate key.
    package static func repeatedKeyLine(_ key: String, after first: Mark, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        var number = first.line + 1
        while number <= lines.count {
            let line = lines[number - 1]
            let body = line.drop { $0 == " " }
            let column = line.count - body.count
            if !body.isEmpty, !body.hasPrefix("#") {
                if column < indent { return nil }
                if column == indent, body.hasPrefix(key) {
                    let rest = body.dropFirst(key.count).drop { $0 == " " }
                    if rest.hasPrefix(":") { return number }
                }
            }
            number += 1
        }
        return nil
    }
}
