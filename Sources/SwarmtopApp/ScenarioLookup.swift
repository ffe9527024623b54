import Foundation

/// Finds a scenario by file path or by name (`default` → `demo/default.yaml`), looking in
/// the working folder and then beside the executable (as `swift run` places it).
public enum ScenarioLookup {
    /// The path of the scenario `reference` names, or nil when none is found.
    public static func path(for reference: String, executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: reference, isDirectory: &isDirectory), !isDirectory.boolValue { return reference }
        guard !reference.contains("/"), !reference.hasSuffix(".yaml"), !reference.hasSuffix(".yml") else { return nil }
        guard let folder = demoFolder(executable: executable) else { return nil }
        let path = folder == "demo" ? "demo/\(reference).yaml" : URL(fileURLWithPath: folder).appendingPathComponent("\(reference).yaml").path
        return fm.fileExists(atPath: path) ? path : nil
    }

    /// The bundled scenarios' folder: `demo/` in the working folder, else the one in the
    /// repository the executable was built in (`.build/<triple>/<config>/` inside it).
    public static func demoFolder(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: "demo/default.yaml") { return "demo" }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("demo")
            if fm.fileExists(atPath: candidate.appendingPathComponent("default.yaml").path, isDirectory: &isDirectory) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    /// The names of the bundled scenarios (`demo/NAME.yaml`), sorted, with their paths.
    public static func bundled(executable: String = CommandLine.arguments.first ?? "") -> [(name: String, path: String)] {
        guard let folder = demoFolder(executable: executable),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder)
        else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map {
            (String($0.dropLast(5)), URL(fileURLWithPath: folder).appendingPathComponent($0).path)
        }
    }
}
