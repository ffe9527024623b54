import Foundation

/// Runs the real `swarmtop` binary that `swift test` built next to the test bundle, in the
/// repository's folder (so that `demo/…` paths work), with no terminal on stdin.
public enum SwarmtopProcess {
    /// The binary: the test runner lives in the build products folder, and so does it.
    public static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("swarmtop").path) {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("swarmtop")
    }

    /// The repository's folder.
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `run(_:environment:)` off Swift's cooperative pool, for async tests (see `offThePool`).
    public static func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await offThePool { try run(arguments, environment: environment) }
    }

    /// Runs swarmtop with `arguments` (no terminal on stdin), waits, and returns its exit status
    /// and output, blocking the calling thread.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repoRoot
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
