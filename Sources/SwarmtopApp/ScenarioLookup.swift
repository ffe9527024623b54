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
        let relative = "demo/\(reference).yaml"
        if fm.fileExists(atPath: relative) { return relative }
        // The executable lives in .build/<triple>/<config>/ inside the repository.
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }
}
