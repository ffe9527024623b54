import Foundation

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

/// A docker command that failed, with what it printed.
struct LabError: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command): \(output)" }
}
