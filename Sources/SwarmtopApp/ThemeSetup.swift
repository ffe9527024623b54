import YAMLSupport
import Dashboard
import SwarmTheme

/// The themes the dashboard starts with, and the one in use: chosen by `--theme`, else
/// monochrome under `NO_COLOR`, else the settings file's `theme:`, else `default`.
///
/// It never fails: a theme that cannot be used leaves the default in use, and what went wrong
/// is in `notices` for the status line, the log and standard error.
public struct ThemeSetup: Sendable {
    /// The bundled themes (the compiled-in ones when the folder is missing), plus a theme file
    /// given by path, with the chosen theme in use.
    public var catalog: ThemeCatalog
    /// What went wrong or was filled in, one line each (`FILE:LINE: …`), most important first.
    public var notices: [String]
    /// Whether the chosen theme could not be used, so that the default is in use instead.
    public var fellBack: Bool

    /// Chooses the themes.
    ///
    /// - Parameters:
    ///   - option: `--theme` as given (a name or a file), or nil.
    ///   - config: The settings file's settings.
    ///   - environment: The process environment (`NO_COLOR`).
    ///   - folder: The bundled themes' folder (`ThemeLookup.folder()`), or nil.
    /// - Complexity: Reads every theme file in `folder`.
    public static func choose(option: String?, config: AppConfig, environment: [String: String], folder: String?) -> ThemeSetup {
        let loader = ThemeLoader(folder: folder)
        var themes: [Theme] = []
        var problems: [String] = []
        let bundled = folder.map { ThemeLookup.bundled(in: $0) } ?? []
        for file in bundled {
            do {
                themes.append(try loader.load(path: file.path).theme)
            } catch {
                problems.append("\(error.first?.description ?? file.path) (theme '\(file.name)' left out)")
            }
        }
        for theme in ThemeLookup.builtIn where !themes.contains(where: { $0.name == theme.name }) { themes.append(theme) }

        let reference: String
        let origin: String
        if let option {
            (reference, origin) = (option, "--theme")
        } else if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            (reference, origin) = ("monochrome", "NO_COLOR")
        } else if let theme = config.theme {
            (reference, origin) = (theme, "\(config.file ?? "config.yaml"):\(config.themeLine ?? 1)")
        } else {
            (reference, origin) = ("default", "")
        }

        var notices: [String] = []
        var current = themes.first { $0.name == "default" } ?? .defaultDark
        var fellBack = false
        if ThemeLookup.isName(reference), let named = themes.first(where: { $0.name == reference }) {
            current = named
        } else if let path = ThemeLookup.path(for: reference, folder: folder) {
            do {
                let loaded = try loader.load(path: path)
                current = loaded.theme
                notices += loaded.warnings.map(\.description)
            } catch {
                fellBack = true
                notices += error.diagnostics.map(\.description)
            }
        } else {
            fellBack = true
            if ThemeLookup.isName(reference) {
                let hint = Suggestion.hint(for: reference, among: themes.map(\.name))
                notices.append("\(origin): no theme '\(reference)'\(hint); see swarmtop themes list")
            } else {
                notices.append("\(origin): \(reference): no such theme file")
            }
        }
        return ThemeSetup(catalog: ThemeCatalog(themes, current: current), notices: notices + config.warnings + problems, fellBack: fellBack)
    }

    /// The status line's message at the start: the first notice (and how many more there
    /// are), saying when the default theme is in use instead; nil when all went well.
    public var status: StatusMessage? {
        guard let first = notices.first else { return nil }
        var text = first
        if fellBack { text += " — using the default theme" }
        if notices.count > 1 { text += " (+\(notices.count - 1) more in the log)" }
        return StatusMessage(text, isError: fellBack)
    }
}
