import Foundation
import Synchronization

/// Folders made by `temporaryFolder`, removed when the test process exits.
private let madeFolders = Mutex<[String]>([])

/// A new, empty folder under the system's temporary folder, named `prefix-<UUID>`, removed
/// with everything in it when the test process exits (a test run used to leave hundreds of
/// them, recordings included, in /tmp).
/// - Throws: When the folder cannot be made.
public func temporaryFolder(prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    madeFolders.withLock { folders in
        if folders.isEmpty { atexit { removeTemporaryFolders() } }
        folders.append(folder.path)
    }
    return folder
}

private func removeTemporaryFolders() {
    let folders = madeFolders.withLock { folders in
        defer { folders.removeAll() }
        return folders
    }
    for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
}

/// A path named `name` in a new folder of its own (see `temporaryFolder`; the file itself is
/// not made): tests that write files never meet each other's.
public func temporaryPath(_ name: String, folderPrefix prefix: String) -> String {
    let folder = (try? temporaryFolder(prefix: prefix)) ?? FileManager.default.temporaryDirectory
    return folder.appendingPathComponent(name).path
}
