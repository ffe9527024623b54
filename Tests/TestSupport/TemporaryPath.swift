import Foundation
import Synchronization

/// Folders made by `temporaryFolder`, removed when the test process exits (the removal is
/// set up with the first).
private let madeFolders = Mutex<(folders: [String], removalSetUp: Bool)>(([], false))

/// A new, empty folder under the system's temporary folder, named `prefix-<UUID>`, removed
/// with everything in it when the test process exits (a test run used to leave hundreds of
/// them, recordings included, in /tmp).
/// - Throws: When the folder cannot be made.
public func temporaryFolder(prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    madeFolders.withLock { made in
        if !made.removalSetUp {
            made.removalSetUp = true
            atexit { removeTemporaryFolders() }
        }
        made.folders.append(folder.path)
    }
    return folder
}

private func removeTemporaryFolders() {
    let folders = madeFolders.withLock { made in
        defer { made.folders.removeAll() }
        return made.folders
    }
    for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
}

/// A path named `name` in a new folder of its own (see `temporaryFolder`; the file itself is
/// not made): tests that write files never meet each other's.
public func temporaryPath(_ name: String, folderPrefix prefix: String) -> String {
    do {
        return try temporaryFolder(prefix: prefix).appendingPathComponent(name).path
    } catch {
        // Tests sharing one file in /tmp would meet each other's: stop here.
        preconditionFailure("cannot make a temporary folder: \(error)")
    }
}
