import Dashboard
import DockerSource
import SwarmRecording
import SwarmtopApp
import TerminalUI

/// The dashboard on a real swarm, as `swarmtop --docker` runs it (`DashboardLoop` over a
/// `DockerClusterSource`), drawn into a memory terminal: keys in, the screen and the mirror out.
final class DashboardDriver: Sendable {
    let mirror: DockerMirror
    let terminal: MemoryTerminal
    private let run: _Concurrency.Task<DashboardLoop.Stats, Never>

    /// Connects to `endpoint`, starts the mirror (it reads the whole swarm first) and runs the
    /// dashboard loop on it.
    /// - Parameter recorder: Records the session when given, as `--record` does.
    init(endpoint: DockerEndpoint, width: Int = 200, height: Int = 50, recorder: SessionRecorder? = nil) async throws {
        let client = try await DockerClient.connect(to: endpoint)
        mirror = DockerMirror(client: client, pollInterval: .milliseconds(300))
        await mirror.start()
        terminal = MemoryTerminal(width: width, height: height)
        let loop = DashboardLoop(
            source: DockerClusterSource(mirror: mirror), terminal: terminal, clusterName: "swarm",
            sourceKind: .docker(endpoint.description), recorder: recorder)
        run = _Concurrency.Task { await loop.run() }
    }

    /// Types `:TEXT` and Enter, as an operator would.
    func command(_ text: String) {
        terminal.inject(.key(.character(":")))
        for c in text { terminal.inject(.key(.character(c))) }
        terminal.inject(.key(.enter))
    }

    /// Presses a key.
    func press(_ c: Character) { terminal.inject(.key(.character(c))) }

    /// The screen now.
    var screen: String { terminal.screenText() }

    /// The last frame drawn (every cell, as the terminal would be told to show it).
    var frame: Canvas? { terminal.lastFrame }

    /// Quits with `q` and waits for the loop to end (the mirror is stopped with it).
    @discardableResult
    func quit() async -> DashboardLoop.Stats {
        terminal.inject(.key(.character("q")))
        return await run.value
    }
}
