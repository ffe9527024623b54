import YAMLSupport
import Dashboard
import Foundation
import Yams

/// How a theme file styles one role, as written: a colour left out is the `normal` role's.
struct PartialStyle: Hashable, Sendable {
    var foreground: TerminalColor?
    var background: TerminalColor?
    var bold = false
    var dim = false
    var underline = false
    var reverse = false

    /// `style` as a partial one, its terminal colours (`default`) counted as left out: how
    /// the compiled-in themes, whose `normal` is the terminal's own, are inherited.
    init(leavingOutDefaults style: Style) {
        foreground = style.foreground == .default ? nil : style.foreground
        background = style.background == .default ? nil : style.background
        bold = style.bold
        dim = style.dim
        underline = style.underline
        reverse = style.reverse
    }

    init() {}

    /// The style, with colours left out taken from `normal`'s.
    func resolved(on normal: Style) -> Style {
        Style(foreground ?? normal.foreground, background ?? normal.background, bold: bold, dim: dim, underline: underline, reverse: reverse)
    }
}

/// A theme file as written, before inheritance: its description, parent and role styles,
/// with what was wrong in it.
struct ThemeDocument: Sendable {
    /// The file as named to the loader.
    var file: String
    var description: String?
    /// `inherit:` as written, and its line.
    var parent: (reference: String, line: Int)?
    /// The roles the file styles.
    var roles: [StyleRole: PartialStyle] = [:]
    /// The line of `roles:` (1 when there is none), for what is said about the roles as a whole.
    var rolesLine = 1
    /// Errors and warnings, in the order found.
    var diagnostics: [ThemeDiagnostic] = []

    static let topKeys = ["description", "inherit", "roles"]
    static let styleKeys = ["fg", "bg", "attrs"]
    static let attributes = ["bold", "dim", "underline", "reverse"]
    static let roleNames = StyleRole.allCases.map(\.rawValue)
    static let colourHelp = "use a name (red, bright-blue…), 0–255 or #rrggbb"

    /// Parses theme text, noting every problem rather than stopping at the first.
    init(text: String, file: String) {
        self.file = file
        let root: Yams.Node?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        do {
            root = try YAMLFile.root(text, file: file)
        } catch {
            // An unquoted `#rrggbb` in a flow mapping makes the rest of its line a comment, and
            // the mapping never ends: blame the colour, not where the parser gave up.
            if let line = lines.firstIndex(where: { $0.range(of: #"\b(fg|bg)\s*:\s*#"#, options: .regularExpression) != nil }) {
                diagnostics.append(ThemeDiagnostic(
                    file: file, line: line + 1, message: "'#' starts a YAML comment: put colours in quotes, e.g. { fg: \"#ffffff\" }"))
            } else {
                diagnostics.append(error)
            }
            return
        }
        var reader = Reader(file: file, lines: lines)
        reader.read(root, into: &self)
        diagnostics += reader.diagnostics
    }

    /// Whether any diagnostic is an error.
    var hasErrors: Bool { diagnostics.contains(where: \.isError) }
}

/// Walks the YAML tree of a theme file, collecting diagnostics.
private struct Reader {
    let file: String
    /// The file's lines, to tell a value lost to a `#` comment from one left out.
    let lines: [String]
    var diagnostics: [ThemeDiagnostic] = []

    init(file: String, lines: [String]) {
        self.file = file
        self.lines = lines
    }

    mutating func fail(_ line: Int?, _ message: String) {
        diagnostics.append(ThemeDiagnostic(file: file, line: line, message: message))
    }

    mutating func read(_ root: Yams.Node?, into document: inout ThemeDocument) {
        guard let root else {
            fail(1, "the theme is empty: give it roles (and a description, maybe inherit); see docs/themes.md")
            return
        }
        guard case .mapping(let top) = root else {
            fail(root.line(or: 1), "a theme must be a mapping with description, inherit and roles; got \(root.shown)")
            return
        }
        for (keyNode, value) in top {
            let line = keyNode.line(or: 1)
            guard case .scalar(let k) = keyNode else {
                fail(line, "keys of a theme are words (description, inherit, roles); got \(keyNode.shown)")
                continue
            }
            switch k.string {
            case "description":
                guard !value.isNull else { continue }
                guard case .scalar(let s) = value else {
                    fail(value.line(or: line), "description must be one line of text; got \(value.shown)")
                    continue
                }
                let text = s.string.trimmingCharacters(in: .whitespaces)
                if text.contains(where: \.isNewline) {
                    fail(value.line(or: line), "description must be one line")
                } else {
                    document.description = text
                }
            case "inherit":
                guard case .scalar(let s) = value, !value.isNull, !s.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                    fail(value.line(or: line), "inherit takes a theme name (default, nord…) or a theme file; got \(value.shown)")
                    continue
                }
                document.parent = (s.string.trimmingCharacters(in: .whitespaces), value.line(or: line))
            case "roles":
                document.rolesLine = line
                if value.isNull { continue }
                guard case .mapping(let roles) = value else {
                    fail(value.line(or: line),
                         "roles must be a mapping of role names to styles, e.g. task.running: { fg: green, attrs: [bold] }; got \(value.shown)")
                    continue
                }
                for (roleNode, styleNode) in roles {
                    if let (role, style) = self.role(roleNode, styleNode, line: line) { document.roles[role] = style }
                }
            default:
                let hint = Suggestion.hint(for: k.string, among: ThemeDocument.topKeys)
                fail(line, "unknown key \(quoted(k.string))\(hint); a theme has description, inherit and roles")
            }
        }
    }

    /// One `role: { fg: …, bg: …, attrs: […] }`; nil when it is wrong (noted).
    mutating func role(_ roleNode: Yams.Node, _ styleNode: Yams.Node, line fallback: Int) -> (StyleRole, PartialStyle)? {
        let line = roleNode.line(or: fallback)
        guard case .scalar(let r) = roleNode, let role = StyleRole(rawValue: r.string) else {
            let name = roleNode.scalar?.string ?? ""
            fail(line, "unknown role \(quoted(name))\(Suggestion.hint(for: name, among: ThemeDocument.roleNames))")
            return nil
        }
        if styleNode.isNull {
            if commentAte(line: line, after: r.string) {
                fail(line, "role '\(role.rawValue)': '#' starts a YAML comment; write the style as { fg: \"#rrggbb\" }, colours in quotes")
            } else {
                fail(line,
                     "role '\(role.rawValue)' has no style: give fg, bg and/or attrs, e.g. { fg: red, attrs: [bold] }, or {} for the normal look")
            }
            return nil
        }
        guard case .mapping(let fields) = styleNode else {
            fail(styleNode.line(or: line),
                 "the style of '\(role.rawValue)' must be a mapping such as { fg: red, bg: default, attrs: [bold] }; got \(styleNode.shown)")
            return nil
        }
        var style = PartialStyle()
        var ok = true
        for (keyNode, value) in fields {
            let keyLine = keyNode.line(or: line)
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "fg", "bg":
                guard let colour = colour(value, key: key, line: keyLine) else {
                    ok = false
                    continue
                }
                if key == "fg" { style.foreground = colour } else { style.background = colour }
            case "attrs":
                guard let attributes = attributes(value, line: keyLine) else {
                    ok = false
                    continue
                }
                style.bold = attributes.contains("bold")
                style.dim = attributes.contains("dim")
                style.underline = attributes.contains("underline")
                style.reverse = attributes.contains("reverse")
            default:
                let hint = Suggestion.hint(for: key, among: ThemeDocument.styleKeys)
                fail(keyLine, "unknown key \(quoted(key)) in the style of '\(role.rawValue)'\(hint); a style has fg, bg and attrs")
                ok = false
            }
        }
        return ok ? (role, style) : nil
    }

    /// A colour value; nil when it is not one (noted).
    mutating func colour(_ value: Yams.Node, key: String, line: Int) -> TerminalColor? {
        let valueLine = value.line(or: line)
        if value.isNull {
            if commentAte(line: line, after: key) {
                fail(line, "\(key): '#' starts a YAML comment; put the colour in quotes: \(key): \"#rrggbb\"")
            } else {
                fail(line, "\(key) has no value: \(ThemeDocument.colourHelp), or default")
            }
            return nil
        }
        guard case .scalar(let s) = value else {
            fail(valueLine, "\(value.shown) is not a colour: \(ThemeDocument.colourHelp)")
            return nil
        }
        if let colour = TerminalColor(themeText: s.string) { return colour }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        if !text.hasPrefix("#"), text.first?.isLetter == true,
           let near = Suggestion.closest(to: text.lowercased(), among: TerminalColor.themeNames + ["default"]) {
            fail(valueLine, "\(quoted(s.string)) is not a colour (did you mean '\(near)'?)")
        } else {
            fail(valueLine, "\(quoted(s.string)) is not a colour: \(ThemeDocument.colourHelp)")
        }
        return nil
    }

    /// `attrs: [bold, underline]`, `attrs: bold` or `attrs: bold underline`; nil when one is
    /// not an attribute (noted).
    mutating func attributes(_ value: Yams.Node, line: Int) -> Set<String>? {
        var words: [(String, Int)] = []
        switch value {
        case .scalar(let s):
            if value.isNull { return [] }
            let l = value.line(or: line)
            words = s.string.split(whereSeparator: { $0 == " " || $0 == "," }).map { (String($0), l) }
        case .sequence(let items):
            for item in items {
                guard case .scalar(let s) = item, !item.isNull else {
                    fail(item.line(or: line), "attrs lists words (bold, dim, underline, reverse); got \(item.shown)")
                    return nil
                }
                words.append((s.string.trimmingCharacters(in: .whitespaces), item.line(or: line)))
            }
        default:
            fail(value.line(or: line), "attrs must be a list such as [bold, underline]; got \(value.shown)")
            return nil
        }
        var result: Set<String> = []
        var ok = true
        for (word, l) in words {
            let w = word.lowercased()
            if ThemeDocument.attributes.contains(w) {
                result.insert(w)
            } else if let near = Suggestion.closest(to: w, among: ThemeDocument.attributes) {
                fail(l, "\(quoted(word)) is not an attribute (did you mean '\(near)'?)")
                ok = false
            } else {
                fail(l, "\(quoted(word)) is not an attribute: use bold, dim, underline or reverse")
                ok = false
            }
        }
        return ok ? result : nil
    }

    /// Whether line `line` has `key:` followed by a `#`: a value YAML read as a comment.
    func commentAte(line: Int, after key: String) -> Bool {
        guard line >= 1, line <= lines.count else { return false }
        let text = lines[line - 1]
        guard let keyRange = text.range(of: key + ":") else { return false }
        return text[keyRange.upperBound...].trimmingCharacters(in: .whitespaces).hasPrefix("#")
    }
}
