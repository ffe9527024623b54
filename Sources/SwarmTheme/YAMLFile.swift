import Foundation
import YAMLSupport
import Yams

/// Reading a YAML file for the loader (and the app's config file): its text, and its tree with
/// the YAML parser's complaints turned into one-line diagnostics with their lines.
package enum YAMLFile {
    /// The file's text, or an error without a line saying why there is none.
    /// - Parameter what: What the file should be, for `is a directory, not a theme file`.
    package static func text(path: String, what: String) throws(ThemeDiagnostic) -> String {
        switch TextFile.read(path: path, what: what) {
        case .success(let text): return text
        case .failure(let problem): throw ThemeDiagnostic(file: path, line: nil, message: problem.message)
        }
    }

    /// The text's root node; nil for a file with nothing in it.
    /// - Throws: The YAML parser's error as `FILE:LINE: invalid YAML: …`, or
    ///   `duplicate key 'x' (also on line N)`.
    package static func root(_ text: String, file: String) throws(ThemeDiagnostic) -> Yams.Node? {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw diagnostic(error, file: file, text: text)
        } catch {
            throw ThemeDiagnostic(file: file, line: nil, message: "invalid YAML: \(error)")
        }
        guard let root, !root.isNull else { return nil }
        return root
    }

    /// Yams' error as one line with the line it points at.
    static func diagnostic(_ error: YamlError, file: String, text: String) -> ThemeDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            let what = problem.hasPrefix("Maximum nesting level reached") ? "lists and mappings are nested too deeply" : problem
            return ThemeDiagnostic(file: file, line: mark.line, message: "invalid YAML: \(what)")
        case .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text), \(problem)" } ?? problem
            return ThemeDiagnostic(file: file, line: mark.line, message: "invalid YAML: \(what)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { o in 1 + text.utf8.prefix(o).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            return ThemeDiagnostic(file: file, line: line, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = context.mark
            if first.line > 0, let again = YAMLText.repeatedKeyLine(key, after: first, in: text) {
                return ThemeDiagnostic(file: file, line: again, message: "duplicate key '\(key)' (also on line \(first.line))")
            }
            return ThemeDiagnostic(file: file, line: first.line > 0 ? first.line : nil, message: "duplicate key '\(key)'")
        default:
            return ThemeDiagnostic(file: file, line: nil, message: "invalid YAML: \(error)")
        }
    }
}

extension Yams.Node {
    /// Whether the node is a plain `~`, `null` or nothing at all.
    package var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// The node's line (1-based), or `fallback` when Yams has none.
    package func line(or fallback: Int) -> Int { mark?.line ?? fallback }

    /// How the node reads in a message: `'text'`, `nothing`, `a list`, `a mapping`.
    package var shown: String {
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
package func quoted(_ text: String) -> String {
    var t = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    if t.count > 60 { t = t.prefix(59) + "…" }
    return "'\(t)'"
}
