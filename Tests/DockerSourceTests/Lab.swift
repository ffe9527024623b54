import Foundation
import TestSupport
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

    /// Runs the docker CLI against the lab without holding a pool thread; its standard output,
    /// or `CommandError` with what it printed on stderr.
    @discardableResult
    static func docker(_ arguments: String...) async throws -> String {
        try await Spawn.run(command(at: address, arguments))
    }

    /// `docker(_:)` blocking the calling thread: only for a `defer`, which cannot await.
    @discardableResult
    static func dockerBlocking(_ arguments: String...) throws -> String {
        try Spawn.runBlocking(command(at: address, arguments))
    }

    /// The docker CLI's command line for the daemon at `address`.
    static func command(at address: String?, _ arguments: [String]) -> [String] {
        ["docker"] + (address.map { ["-H", $0] } ?? []) + arguments
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

    /// Runs the docker CLI against the manager without holding a pool thread (see `Lab.docker`).
    @discardableResult
    static func docker(_ arguments: String...) async throws -> String {
        try await Spawn.run(Lab.command(at: address, arguments))
    }

    /// `docker(_:)` blocking the calling thread: only for a `defer`, which cannot await.
    @discardableResult
    static func dockerBlocking(_ arguments: String...) throws -> String {
        try Spawn.runBlocking(Lab.command(at: address, arguments))
    }
}
