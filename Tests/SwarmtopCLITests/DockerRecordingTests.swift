import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `swarmtop --docker --record FILE` on a real swarm, driven in tmux, then `swarmtop replay
/// FILE` headless. The swarm is a lab of the test's own (scripts/swarm-lab in a private folder
/// and port): the shared lab's tests drain its only node, which would stop this one's tasks.
// Run where labs can run: SWARMTOP_DOCKER_LAB is set by .ci/run (or by hand) once a lab started there.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(
        if: !(ProcessInfo.processInfo.environment["SWARMTOP_DOCKER_LAB"] ?? "").isEmpty,
        "no lab swarm here: set SWARMTOP_DOCKER_LAB (scripts/swarm-lab prints it; .ci/run does) — this test starts a lab of its own"))
struct DockerRecordingTests {
    /// A single-node lab swarm in its own folder, on its own ports.
    struct OwnLab {
        static let script = SwarmtopProcess.repoRoot.appendingPathComponent("scripts/swarm-lab").path
        let folder: String
        let port: Int
        var address: String { "unix://\(folder)/docker.sock" }

        init() async throws {
            folder = "/tmp/swarmtop-rec-lab-\(getpid())"
            port = 40000 + Int(getpid() % 10000)
            try await run(["env", "SWARM_LAB_DIR=\(folder)", "SWARM_LAB_PORT=\(port)", Self.script, "start"], upTo: .seconds(120))
        }

        /// Runs a command to its end; its stdout, or a thrown error with its stderr.
        @discardableResult
        func run(_ arguments: [String], upTo limit: Duration = .seconds(60)) async throws -> String {
            let out = "\(folder).out", err = "\(folder).err"
            defer {
                unlink(out)
                unlink(err)
            }
            let pid = try Spawn.start(arguments, stdout: out, stderr: err)
            let status = try await Spawn.wait(pid, upTo: limit)
            let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            guard status == 0 else {
                let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
                throw E2EError("\(arguments.joined(separator: " ")): exit status \(status.map(String.init) ?? "none (killed)"): \(stderr)")
            }
            return stdout
        }

        /// Runs the docker CLI against this lab.
        @discardableResult
        func docker(_ arguments: String...) async throws -> String {
            try await run(["docker", "-H", address] + arguments)
        }

        /// Stops it and removes its folder (blocking: for `defer`).
        func stop() {
            let pid = try? Spawn.start(["env", "SWARM_LAB_DIR=\(folder)", Self.script, "stop"], stdout: "/dev/null", stderr: "/dev/null")
            if let pid { _ = Spawn.waitBlocking(pid) }
        }
    }

    @Test func aSessionOnARealSwarmIsRecordedScaledAndReplayedHeadless() async throws {
        let lab = try await OwnLab()
        defer { lab.stop() }
        try await lab.docker("service", "create", "--detach", "--name", "rec", "busybox", "sleep", "1d")

        let tmux = try await TmuxSession(width: 160, height: 40)
        defer { tmux.close() }
        let file = tmux.folder.appendingPathComponent("session.jsonl").path
        try await tmux.start(["--docker", lab.address, "--record", file], ready: "swarmtop swarm")
        try await tmux.waitFor("rec running 1/1") { $0.matches(#"\brec\s+replicated\s+1/1\b"#) }

        // Scaled from the dashboard, as an operator would.
        try await tmux.send(literal: ":scale rec 3", then: ["Enter"])
        try await tmux.waitFor("the scale confirmation") { $0.contains("Scale rec") }
        try await tmux.send(literal: "y")
        let live = try await tmux.waitFor("rec running 3/3") { $0.matches(#"\brec\s+replicated\s+3/3\b"#) }
        #expect(live.contains("✓ scale rec 3"))
        try await tmux.quit(keys: ["q"])

        // What was written: a docker header, the scale as an action, an end line.
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        #expect(header.contains(#""kind":"docker""#) && header.contains(#""endpoint":"\#(lab.address)""#), "\(header)")
        #expect(lines.contains { $0.contains(#""kind":"action""#) && $0.contains(#""action":"scale""#) && $0.contains(#""outcome":"accepted""#) })
        #expect(lines.last?.contains(#""kind":"end""#) == true)

        // Replayed without the swarm: the lab's daemon is stopped first.
        lab.stop()
        let replay = try SwarmtopProcess.run(["replay", file, "--headless", "--screen"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.matches(#"\brec\s+replicated\s+3/3\b"#), "the replayed screen:\n\(replay.stdout)")
        #expect(replay.stdout.matches(#"\brec\.3\b"#), "the third task in the task pane:\n\(replay.stdout)")

        // --verify needs the embedded engine: refused, with why, before anything is played.
        let verify = try SwarmtopProcess.run(["replay", file, "--verify"])
        #expect(verify.status == 2)
        #expect(verify.stdout.isEmpty)
        #expect(verify.stderr.hasPrefix("swarmtop: \(file): cannot verify a recording of a real Docker swarm (\(lab.address)): "), "\(verify.stderr)")
    }
}
