import Foundation
import TestSupport
import Testing

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
    @Test func aSessionOnARealSwarmIsRecordedScaledAndReplayedHeadless() async throws {
        try await OwnLab.with(name: "rec", basePort: 41000) { lab in try await recordScaleAndReplay(on: lab) }
    }

    func recordScaleAndReplay(on lab: OwnLab) async throws {
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
        await lab.stop()
        let replay = try await offThePool { try SwarmtopProcess.run(["replay", file, "--headless", "--screen"]) }
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.matches(#"\brec\s+replicated\s+3/3\b"#), "the replayed screen:\n\(replay.stdout)")
        #expect(replay.stdout.matches(#"\brec\.3\b"#), "the third task in the task pane:\n\(replay.stdout)")

        // --verify needs the embedded engine: refused, with why, before anything is played.
        let verify = try await offThePool { try SwarmtopProcess.run(["replay", file, "--verify"]) }
        #expect(verify.status == 2)
        #expect(verify.stdout.isEmpty)
        #expect(verify.stderr.hasPrefix("swarmtop: \(file): cannot verify a recording of a real Docker swarm (\(lab.address)): "), "\(verify.stderr)")
    }
}
