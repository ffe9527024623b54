import Foundation

/// A path named `name` in a new folder of its own under the system's temporary folder (the
/// file itself is not made): tests that write files never meet each other's.
public func temporaryPath(_ name: String, folderPrefix prefix: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
}
