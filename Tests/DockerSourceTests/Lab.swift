import Foundation
import Testing

@testable import DockerSource

/// The lab swarm the integration tests talk to (scripts/swarm-lab): `SWARMTOP_DOCKER_LAB`
/// (`unix:///path/docker.sock`), else the lab's default socket when it exists. Tests that need
/// it are skipped without it; `.ci/run` starts one.
enum Lab {
    /// The lab's address, or nil when no lab runs.
    static let address: String? = {
        let env = ProcessInfo.processInfo.environment
        if let given = env["SWARMTOP_DOCKER_LAB"], !given.isEmpty { return given }
        let socket = "/tmp/swarmtop-lab/docker.sock"
        return FileManager.default.fileExists(atPath: socket) ? "unix://" + socket : nil
    }()

    /// Whether a lab runs (the condition of the integration tests).
    static var isRunning: Bool { address != nil }

    /// The lab's endpoint.
    static func endpoint() throws -> DockerEndpoint {
        try DockerEndpoint.resolve(option: address, environment: [:])
    }

    /// Runs the docker CLI against the lab and returns its standard output.
    @discardableResult
    static func docker(_ arguments: String...) throws -> String {
        try docker(arguments)
    }

    /// Runs the docker CLI against the lab and returns its standard output; throws on a non-zero exit.
    @discardableResult
    static func docker(_ arguments: [String]) throws -> String {
        try docker(at: address, arguments)
    }

    /// Runs the docker CLI against the daemon at `address` and returns its standard output;
    /// throws `LabError` with what it printed on stderr on a non-zero exit.
    @discardableResult
    static func docker(at address: String?, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = address
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError(command: "docker " + arguments.joined(separator: " "), output: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Waits until `condition` holds, checking every 200 ms, for at most `seconds`.
    static func wait(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await _Concurrency.Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}

/// The multi-node lab swarm (`scripts/swarm-lab start --nodes 2`) the drain and promote tests
/// talk to: `SWARMTOP_DOCKER_MULTINODE_LAB`, the manager's address the script prints. Its own
/// lab, not the single-node one, so that promoting a node there never changes what the
/// single-node tests (which run at the same time) see.
enum MultiNodeLab {
    /// The manager's address, or nil when the variable is not set.
    static let address: String? = {
        let given = ProcessInfo.processInfo.environment["SWARMTOP_DOCKER_MULTINODE_LAB"] ?? ""
        return given.isEmpty ? nil : given
    }()

    /// Whether the variable names a lab (the condition of the multi-node tests).
    static var isRunning: Bool { address != nil }

    /// Why the multi-node tests are skipped.
    static let skipReason: Comment =
        "no multi-node lab swarm: run scripts/swarm-lab start --nodes 2 and set SWARMTOP_DOCKER_MULTINODE_LAB to the DOCKER_HOST it prints"

    /// The manager's endpoint.
    static func endpoint() throws -> DockerEndpoint {
        try DockerEndpoint.resolve(option: address, environment: [:])
    }

    /// Runs the docker CLI against the manager.
    @discardableResult
    static func docker(_ arguments: String...) throws -> String {
        try Lab.docker(at: address, arguments)
    }
}

/// A docker command that failed, with what it printed.
struct LabError: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command): \(output)" }
}

/// A lab swarm of a test's own (scripts/swarm-lab in a private folder and port), for tests
/// that stop its daemon.
struct OwnLab {
    let folder: String
    let port: Int
    /// `unix://…/docker.sock`.
    var address: String { "unix://\(folder)/docker.sock" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/swarm-lab").path

    /// Starts it (a few seconds).
    init() async throws {
        folder = "/tmp/swarmtop-own-lab-\(getpid())"
        port = 30000 + Int(getpid() % 10000)
        try await run("start")
    }

    /// Runs `scripts/swarm-lab COMMAND` for this lab and waits for it, on a thread of its own
    /// (see `offThePool`): starting or stopping a daemon takes seconds.
    func run(_ command: String) async throws {
        let lab = self
        try await offThePool { try lab.runBlocking(command) }
    }

    /// Runs `scripts/swarm-lab COMMAND` for this lab and blocks until it ends.
    ///
    /// Spawned and reaped directly (posix_spawn, waitpid): Foundation's `Process` was seen
    /// never to notice the exit of a script that leaves a daemon running behind it.
    func runBlocking(_ command: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["SWARM_LAB_DIR"] = folder
        environment["SWARM_LAB_PORT"] = String(port)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(OwnLab.script), strdup(command), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, OwnLab.script, &actions, nil, argv, envp) == 0 else {
            throw LabError(command: "scripts/swarm-lab \(command)", output: "cannot be started")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw LabError(command: "scripts/swarm-lab \(command)", output: "exit status \(status)") }
    }

    /// Runs the docker CLI against this lab.
    @discardableResult
    func docker(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = address
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LabError(command: "docker " + arguments.joined(separator: " "), output: "") }
        return String(decoding: output, as: UTF8.self)
    }

    /// Stops it and removes its folder (blocking: for `defer`).
    func stop() {
        try? runBlocking("stop")
    }
}

/// Runs blocking work (a child process from start to end) on a thread of its own and waits for
/// it without holding one of Swift's cooperative threads. There is one per core, two here:
/// a test holding one for seconds starved the dashboards other tests were running meanwhile
/// (a CI run saw a dashboard draw nothing for 10 s).
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result(catching: work)) }
    }
}
