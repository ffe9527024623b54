import YAMLSupport
import Foundation
import SwarmTheme
import Yams

/// The user's settings file, `$XDG_CONFIG_HOME/swarmtop/config.yaml` (`~/.config/swarmtop/`
/// without `XDG_CONFIG_HOME`):
///
///     theme: nord            # a theme name, or a theme file (relative to this folder)
///
/// The command line wins over it. A broken file never stops swarmtop: each problem is one
/// warning, `FILE:LINE: …`, and what it concerns is left at its default.
public struct AppConfig: Sendable {
    /// `theme:`: a theme name, or a file path made relative to the working folder.
    public var theme: String?
    /// The line of `theme:`, for messages about it.
    public var themeLine: Int?
    /// The file it was read from; nil when there is none.
    public var file: String?
    /// What was wrong in it, one line each.
    public var warnings: [String] = []

    /// No settings.
    public init() {}

    static let keys = ["theme"]

    /// Where the settings file is: `$XDG_CONFIG_HOME/swarmtop/config.yaml`, else
    /// `$HOME/.config/swarmtop/config.yaml`; nil without either variable.
    public static func path(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("swarmtop/config.yaml").path
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".config/swarmtop/config.yaml").path
    }

    /// The settings in the user's file (see `path(environment:)`); none when it does not exist.
    public static func load(environment: [String: String]) -> AppConfig {
        guard let path = path(environment: environment), FileManager.default.fileExists(atPath: path) else { return AppConfig() }
        return load(path: path)
    }

    /// The settings in the file at `path`.
    public static func load(path: String) -> AppConfig {
        var config = AppConfig()
        config.file = path
        let text: String
        do {
            text = try YAMLFile.text(path: path, what: "a settings file")
        } catch {
            config.warnings.append("\(error); settings ignored")
            return config
        }
        config.read(text, file: path)
        return config
    }

    /// Reads settings text as if from `file`.
    mutating func read(_ text: String, file: String) {
        self.file = file
        let root: Yams.Node?
        do {
            root = try YAMLFile.root(text, file: file)
        } catch {
            warnings.append("\(error); settings ignored")
            return
        }
        guard let root else { return }
        guard case .mapping(let top) = root else {
            warnings.append("\(file):\(root.line(or: 1)): settings must be a mapping such as theme: nord; got \(root.shown); settings ignored")
            return
        }
        for (keyNode, value) in top {
            let line = keyNode.line(or: 1)
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "theme":
                guard case .scalar(let s) = value, !value.isNull, !s.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                    warnings.append("\(file):\(value.line(or: line)): theme takes a theme name or file; got \(value.shown); ignored")
                    continue
                }
                let reference = s.string.trimmingCharacters(in: .whitespaces)
                theme = ThemeLookup.isName(reference) || reference.hasPrefix("/")
                    ? reference
                    : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(reference).path
                themeLine = value.line(or: line)
            default:
                warnings.append("\(file):\(line): unknown setting \(quoted(key))\(Suggestion.hint(for: key, among: Self.keys)); ignored")
            }
        }
    }
}
