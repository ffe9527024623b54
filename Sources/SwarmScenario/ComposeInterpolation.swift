/// Compose's variable substitution, done on the file's text before it is parsed (so lines stay
/// where they were): `$NAME`, `${NAME}`, `${NAME:-default}` (unset or empty), `${NAME-default}`
/// (unset), `${NAME:?message}` and `${NAME?message}` (required), `${NAME:+other}` and
/// `${NAME+other}` (set), `$$` for a literal `$`. Defaults may hold substitutions. A `$` not
/// followed by a name, `{` or `$` is kept as written (it may be in a comment); a `${` that
/// starts none of these is an error, as in compose. Unset variables are empty, as docker
/// makes them.
enum ComposeInterpolation {
    /// Why a substitution fails, with the character offset of its `$`.
    enum Problem: Error, Equatable {
        /// `${NAME?message}` or `${NAME:?message}` with NAME unset (or empty).
        case required(name: String, message: String, offset: Int)
        /// `${` with no `}` after it on its line.
        case unclosed(offset: Int)
        /// `${…}` that is not one of the forms above.
        case malformed(offset: Int)
    }

    /// The text with its substitutions made.
    /// - Complexity: O(n) in the length of the text (plus the substituted values).
    static func interpolate(_ text: String, environment: [String: String]) throws(Problem) -> String {
        let chars = Array(text)
        var i = 0
        return try substitute(chars, &i, until: nil, environment: environment)
    }

    /// Substitutes from `i` up to an unmatched `until` (consumed) or the end.
    private static func substitute(
        _ chars: [Character], _ i: inout Int, until stop: Character?, environment: [String: String]
    ) throws(Problem) -> String {
        var out = ""
        while i < chars.count {
            let c = chars[i]
            if let stop, c == stop {
                i += 1
                return out
            }
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            let next = chars[i + 1]
            if next == "$" {
                out.append("$")
                i += 2
            } else if next == "{" {
                out += try braced(chars, &i, environment: environment)
            } else if isNameStart(next) {
                var j = i + 1
                while j < chars.count, isNameCharacter(chars[j]) { j += 1 }
                out += environment[String(chars[(i + 1)..<j])] ?? ""
                i = j
            } else {
                out.append(c)
                i += 1
            }
        }
        if stop != nil { throw .unclosed(offset: chars.count) }
        return out
    }

    /// `${…}` starting at `i` (the `$`).
    private static func braced(_ chars: [Character], _ i: inout Int, environment: [String: String]) throws(Problem) -> String {
        let start = i
        /// Unclosed when no `}` follows on the line, else malformed.
        func bad() -> Problem {
            let rest = chars[start...].prefix { !$0.isNewline }
            return rest.contains("}") ? .malformed(offset: start) : .unclosed(offset: start)
        }
        var j = i + 2
        guard j < chars.count, isNameStart(chars[j]) else { throw bad() }
        while j < chars.count, isNameCharacter(chars[j]) { j += 1 }
        let name = String(chars[(i + 2)..<j])
        let value = environment[name]
        guard j < chars.count else { throw .unclosed(offset: start) }
        if chars[j] == "}" {
            i = j + 1
            return value ?? ""
        }
        var op = String(chars[j])
        if op == ":", j + 1 < chars.count { op.append(chars[j + 1]) }
        guard ["-", "?", "+", ":-", ":?", ":+"].contains(op) else { throw bad() }
        i = j + op.count
        let word: String
        do {
            word = try substitute(chars, &i, until: "}", environment: environment)
        } catch {
            throw .unclosed(offset: start)
        }
        let set = op.hasPrefix(":") ? !(value ?? "").isEmpty : value != nil
        switch op.last {
        case "-": return set ? value ?? "" : word
        case "+": return set ? word : ""
        default:
            guard set, let value else {
                throw .required(name: name, message: word, offset: start)
            }
            return value
        }
    }

    private static func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    private static func isNameCharacter(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
}
