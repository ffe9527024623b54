import YAMLSupport
import Dashboard
import Foundation

/// A theme read from a file, with what the loader had to make up for.
public struct LoadedTheme: Sendable {
    /// The theme, every role styled; its name is the file's name without `.yaml`.
    public var theme: Theme
    /// The file's one-line `description`, if it has one.
    public var description: String?
    /// `inherit:` as written, or nil.
    public var parent: String?
    /// The file as it was named to the loader.
    public var file: String
    /// How many roles the file itself styles (the rest come from its parent or the default).
    public var rolesStyled: Int
    /// What was filled in: roles missing from a theme that inherits nothing.
    public var warnings: [ThemeDiagnostic]
}

/// Reads theme files (YAML, described in `docs/themes.md`) into `Theme`s: every role styled,
/// inherited roles and colours filled in, `file:line` diagnostics for what is wrong.
///
/// A role that leaves out `fg` or `bg` takes the `normal` role's, so a theme that paints the
/// screen (`normal: { bg: "#002b36" }`) paints it under every role. A theme that inherits
/// nothing and leaves out roles gets them from the compiled-in default, with a warning.
public struct ThemeLoader: Sendable {
    /// The bundled themes' folder, where `inherit: NAME` looks after the theme's own folder;
    /// nil for none (then only the compiled-in `default` and `monochrome` can be inherited).
    public var folder: String?

    /// A loader that resolves `inherit: NAME` in `folder` (see `ThemeLookup.folder()`).
    public init(folder: String?) {
        self.folder = folder
    }

    /// Reads and resolves the theme file at `path`.
    /// - Throws: `ThemeError` with every error (and warning) found, in this file and in the
    ///   ones it inherits.
    public func load(path: String) throws(ThemeError) -> LoadedTheme {
        let text: String
        do {
            text = try YAMLFile.text(path: path, what: "a theme file")
        } catch {
            throw ThemeError([error])
        }
        return try parse(text, file: path)
    }

    /// Resolves theme text as if read from `file` (which names it, and is where relative
    /// `inherit:` paths start).
    /// - Throws: `ThemeError`, as `load(path:)`.
    /// - Complexity: O(roles) per file in the inheritance chain.
    public func parse(_ text: String, file: String) throws(ThemeError) -> LoadedTheme {
        let document = ThemeDocument(text: text, file: file)
        let name = Self.name(ofFile: file)
        let (roles, diagnostics) = merged(document, chain: [(Self.identity(of: file), name)])
        guard !diagnostics.contains(where: \.isError) else { throw ThemeError(diagnostics) }
        let normal = (roles[.normal] ?? PartialStyle()).resolved(on: Style())
        var styles: [StyleRole: Style] = [:]
        for role in StyleRole.allCases { styles[role] = (roles[role] ?? PartialStyle()).resolved(on: normal) }
        return LoadedTheme(
            theme: Theme(name: name, styles: styles), description: document.description, parent: document.parent?.reference,
            file: file, rolesStyled: document.roles.count, warnings: diagnostics)
    }

    /// The theme name a file gives: its name without the folder and `.yaml`/`.yml`.
    public static func name(ofFile path: String) -> String {
        let last = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) { return String(last.dropLast(suffix.count)) }
        return last
    }

    // MARK: Inheritance

    /// Where a parent comes from.
    private enum Parent {
        case file(String)
        case builtIn(Theme)
        case unknown(hint: String)
    }

    /// The document's roles over its parent's (or the default's), and every diagnostic of the
    /// chain that the theme should report.
    /// - Parameter chain: The files being resolved, outermost first, this one last (identity, name).
    private func merged(_ document: ThemeDocument, chain: [(identity: String, name: String)]) -> ([StyleRole: PartialStyle], [ThemeDiagnostic]) {
        var diagnostics = document.diagnostics
        var roles = Self.partials(of: .defaultDark)
        if let (reference, line) = document.parent {
            func fail(_ message: String) {
                diagnostics.append(ThemeDiagnostic(file: document.file, line: line, message: message))
            }
            switch parent(reference, of: document.file) {
            case .builtIn(let theme):
                roles = Self.partials(of: theme)
            case .unknown(let hint):
                fail("unknown theme '\(reference)' to inherit\(hint); give a theme name (see swarmtop themes list) or a file")
            case .file(let path):
                let identity = Self.identity(of: path)
                if let start = chain.firstIndex(where: { $0.identity == identity }) {
                    let names = chain[start...].map(\.name) + [Self.name(ofFile: path)]
                    fail("inherit cycle: \(names.joined(separator: " → "))")
                    break
                }
                let text: String
                do {
                    text = try YAMLFile.text(path: path, what: "a theme file")
                } catch {
                    fail("cannot inherit '\(reference)': \(error)")
                    break
                }
                let parentDocument = ThemeDocument(text: text, file: path)
                let (parentRoles, parentDiagnostics) = merged(parentDocument, chain: chain + [(identity, Self.name(ofFile: path))])
                let errors = parentDiagnostics.filter(\.isError)
                if let first = errors.first {
                    // A cycle is said once, where it closes; anything else wrong up the chain, here.
                    if first.message.hasPrefix("inherit cycle") {
                        diagnostics.append(first)
                    } else {
                        let more = errors.count > 1 ? " (and \(errors.count - 1) more: swarmtop themes check \(path))" : ""
                        fail("cannot inherit '\(reference)': \(first)\(more)")
                    }
                }
                roles = parentRoles
            }
        } else {
            let missing = StyleRole.allCases.filter { document.roles[$0] == nil }
            if !missing.isEmpty, !document.hasErrors {
                let listed = missing.prefix(6).map(\.rawValue).joined(separator: ", ") + (missing.count > 6 ? ", …" : "")
                let count = missing.count == 1 ? "1 role" : "\(missing.count) roles"
                diagnostics.append(ThemeDiagnostic(
                    file: document.file, line: document.rolesLine,
                    message: "no style for \(count), taken from the default theme: \(listed) (or inherit: default to say so)",
                    severity: .warning))
            }
        }
        for (role, style) in document.roles { roles[role] = style }
        return (roles, diagnostics)
    }

    /// The theme `inherit: reference` names, from the file `child`: a file path (relative to
    /// the child's folder), else a name in the child's folder, the bundled folder, or compiled in.
    private func parent(_ reference: String, of child: String) -> Parent {
        let fm = FileManager.default
        let childFolder = URL(fileURLWithPath: child).deletingLastPathComponent()
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            let path = reference.hasPrefix("/") ? reference : childFolder.appendingPathComponent(reference).path
            return fm.fileExists(atPath: path) ? .file(path) : .unknown(hint: " (no such file: \(path))")
        }
        var folders = [childFolder.path]
        if let folder { folders.append(folder) }
        for folder in folders {
            let path = URL(fileURLWithPath: folder).appendingPathComponent("\(reference).yaml").path
            if fm.fileExists(atPath: path) { return .file(path) }
        }
        if let builtIn = ThemeLookup.builtIn.first(where: { $0.name == reference }) { return .builtIn(builtIn) }
        let known = Set(ThemeLookup.builtIn.map(\.name) + (folder.map { ThemeLookup.bundled(in: $0).map(\.name) } ?? []))
        return .unknown(hint: Suggestion.hint(for: reference, among: known.sorted()))
    }

    /// The roles of a compiled-in theme, its terminal colours counted as left out.
    private static func partials(of theme: Theme) -> [StyleRole: PartialStyle] {
        var roles: [StyleRole: PartialStyle] = [:]
        for role in StyleRole.allCases { roles[role] = PartialStyle(leavingOutDefaults: theme.style(role)) }
        return roles
    }

    /// A file's identity for finding cycles: its absolute path, symbolic links resolved.
    private static func identity(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
