import Dashboard
import Foundation

/// Finds themes: the bundled `themes/` folder, a theme by name (`nord` → `themes/nord.yaml`)
/// or by file path, and the compiled-in themes used when the folder cannot be found (an
/// installed binary).
public enum ThemeLookup {
    /// The themes compiled into the binary: `default` (equal to `themes/default.yaml`) and
    /// `monochrome` (equal to `themes/monochrome.yaml`).
    public static let builtIn: [Theme] = [.defaultDark, .monochrome]

    /// The bundled themes' folder: `themes/` in the working folder, else the one in the
    /// repository the executable was built in (`.build/<triple>/<config>/` inside it); nil
    /// when there is none.
    public static func folder(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        if fm.fileExists(atPath: "themes/default.yaml") { return "themes" }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("themes")
            if fm.fileExists(atPath: candidate.appendingPathComponent("default.yaml").path) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    /// The themes in `folder` (`NAME.yaml`), `default` first, then by name, with their paths.
    public static func bundled(in folder: String) -> [(name: String, path: String)] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let names = files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        return names.sorted { ($0 == "default" ? 0 : 1, $0) < ($1 == "default" ? 0 : 1, $1) }.map {
            ($0, URL(fileURLWithPath: folder).appendingPathComponent("\($0).yaml").path)
        }
    }

    /// The file `reference` names: an existing file as given, else `NAME.yaml` in `folder`;
    /// nil when neither exists (it may still be a compiled-in theme's name).
    public static func path(for reference: String, folder: String?) -> String? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: reference, isDirectory: &isDirectory), !isDirectory.boolValue { return reference }
        guard isName(reference), let folder else { return nil }
        let path = URL(fileURLWithPath: folder).appendingPathComponent("\(reference).yaml").path
        return fm.fileExists(atPath: path) ? path : nil
    }

    /// Whether `reference` is a theme name rather than a file (no `/`, no `.yaml`/`.yml`).
    public static func isName(_ reference: String) -> Bool {
        !reference.contains("/") && !reference.hasSuffix(".yaml") && !reference.hasSuffix(".yml")
    }
}
