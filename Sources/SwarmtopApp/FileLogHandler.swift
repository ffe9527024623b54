import Foundation
import Logging

/// A swift-log handler that appends one line per message to a file: the dashboard owns the
/// screen, so logs never go to it.
public struct FileLogHandler: LogHandler {
    private let file: LogFile
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    /// Opens (creating folders as needed) the log file for appending.
    public init(label: String, path: String) throws {
        self.label = label
        file = try LogFile(path: path)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let extra = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        file.write("\(stamp) \(event.level) \(label): \(event.message)\(extra)\n")
    }

    /// The default place for the log: `$XDG_STATE_HOME/swarmtop/swarmtop.log`, else
    /// `~/.local/state/swarmtop/swarmtop.log`.
    public static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (env["HOME"].map { $0 + "/.local/state" } ?? NSTemporaryDirectory())
        return base + "/swarmtop/swarmtop.log"
    }
}

/// The open log file, shared by copies of the handler; writes are serialised by a lock.
final class LogFile: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        handle = try FileHandle(forWritingTo: url)
        _ = try? handle.seekToEnd()
    }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        try? handle.write(contentsOf: Data(line.utf8))
    }
}
