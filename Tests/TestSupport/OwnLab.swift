import Foundation

/// A single-node lab swarm of a test's own (scripts/swarm-lab in a private folder, on private
/// ports), for tests that stop its daemon or must not share a swarm with other tests.
///
/// Every command runs off Swift's cooperative pool (`Spawn.run`): starting or stopping a daemon
/// takes seconds.
public struct OwnLab: Sendable {
    /// The lab's folder (`SWARM_LAB_DIR`).
    public let folder: String
    /// Its swarm port (`SWARM_LAB_PORT`; the data path port is the next one).
    public let port: Int
    /// `unix://…/docker.sock`.
    public var address: String { "unix://\(folder)/docker.sock" }
    /// The `KEY=VALUE` lines the start printed (`DOCKER_HOST`; with `--tls` also
    /// `DOCKER_TLS_HOST` and `DOCKER_CERT_PATH`).
    public let printed: [String: String]

    /// scripts/swarm-lab.
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/swarm-lab").path

    /// Starts a lab (a few seconds), runs `body` with it and stops it (awaited), whether `body`
    /// returned or threw.
    /// - Parameters:
    ///   - name: Tells this lab from the others a test run starts: its folder is
    ///     `/tmp/swarmtop-NAME-lab-PID`.
    ///   - basePort: Its port is `basePort + PID % 4000`; give each test its own range (the
    ///     lab uses this port and the next two), below 49151 (Docker refuses a higher data-path
    ///     port) and clear of .ci/run's labs (20000–40001) and the script's default (12377).
    ///   - options: `start`'s options, e.g. `["--tls"]`.
    public static func with<T>(name: String, basePort: Int, options: [String] = [], _ body: (OwnLab) async throws -> T) async throws -> T {
        let folder = "/tmp/swarmtop-\(name)-lab-\(getpid())", port = basePort + Int(getpid() % 4000)
        let output = try await Spawn.run(
            ["env", "SWARM_LAB_DIR=\(folder)", "SWARM_LAB_PORT=\(port)", script, "start"] + options, upTo: .seconds(180))
        var printed: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            printed[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let lab = OwnLab(folder: folder, port: port, printed: printed)
        do {
            let result = try await body(lab)
            await lab.stop()
            return result
        } catch {
            await lab.stop()
            throw error
        }
    }

    private init(folder: String, port: Int, printed: [String: String]) {
        self.folder = folder
        self.port = port
        self.printed = printed
    }

    /// Runs `scripts/swarm-lab COMMAND` for this lab (`daemon-stop`, `daemon-start`) and waits
    /// for it; throws `CommandError` with what it printed when it fails.
    public func run(_ command: String, upTo limit: Duration = .seconds(120)) async throws {
        try await Spawn.run(["env", "SWARM_LAB_DIR=\(folder)", "SWARM_LAB_PORT=\(port)", Self.script, command], upTo: limit)
    }

    /// Runs the docker CLI against this lab; its standard output.
    @discardableResult
    public func docker(_ arguments: String...) async throws -> String {
        try await Spawn.run(["docker", "-H", address] + arguments)
    }

    /// Stops it and removes its folder; what went wrong is printed on the test run's standard
    /// error (a clean-up that failed does not fail the test).
    public func stop() async {
        do {
            try await Spawn.run(["env", "SWARM_LAB_DIR=\(folder)", Self.script, "stop"], upTo: .seconds(120))
        } catch {
            FileHandle.standardError.write(Data("OwnLab: stopping the lab in \(folder): \(error)\n".utf8))
        }
    }
}
