import Dashboard
import DockerSource
import Foundation
import Logging
import SwarmRecording
import SwarmTheme
import SwarmtopApp
import TerminalUI

extension RunCommand {
    /// The cluster's name in the header (a swarm has none of its own).
    static let dockerClusterName = "swarm"

    /// `swarmtop --docker [URL]`: the dashboard on a real swarm. Everything that can be wrong
    /// with the daemon is found before the terminal is touched.
    func runDocker(address: String) async {
        let env = ProcessInfo.processInfo.environment
        let client: DockerClient
        do {
            let endpoint = try DockerEndpoint.resolve(option: DockerOption.url(address), environment: env)
            client = try await DockerClient.connect(to: endpoint)
        } catch {
            fail(error.description)
        }
        let logPath = log ?? FileLogHandler.defaultPath
        let handler: FileLogHandler
        do {
            handler = try FileLogHandler(label: "swarmtop", path: logPath)
        } catch {
            fail("cannot write the log file \(logPath): \(error.localizedDescription) (choose another with --log)")
        }
        let logger = Logger(label: "swarmtop") { _ in handler }
        let mirror = DockerMirror(client: client, pollInterval: .milliseconds(Int64(poll * 1000)), logger: logger)
        let source = DockerClusterSource(mirror: mirror)
        let themes = ThemeSetup.choose(option: theme, config: AppConfig.load(environment: env), environment: env, folder: ThemeLookup.folder())
        for notice in themes.notices {
            FileHandle.standardError.write(Data("swarmtop: \(notice)\n".utf8))
            logger.warning("\(notice)")
        }
        // The recording's header names the daemon; the cluster comes as events, like the engine's.
        let recorder = record.map { makeDockerRecorder(path: $0, endpoint: client.endpoint, theme: themes.catalog.current) }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: themes.catalog.current, colorMode: colors.mode)
        } catch {
            // Nothing was recorded: leave no empty file behind.
            if let recorder { try? FileManager.default.removeItem(atPath: recorder.writer.path) }
            fail("\(error)")
        }
        logger.info("terminal opened", metadata: [
            "docker": "\(client.endpoint)", "api": "\(client.apiVersion)", "size": "\(terminal.size.width)x\(terminal.size.height)",
        ])
        let loop = DashboardLoop(
            source: source, terminal: terminal, clusterName: Self.dockerClusterName, sourceKind: .docker(client.endpoint.description), readOnly: readOnly,
            themes: themes.catalog, notice: themes.status, logger: logger, recorder: recorder)
        await loop.run()
        terminal.shutdown()
        if let failure = recorder?.writer.failure { FileHandle.standardError.write(Data("swarmtop: \(failure)\n".utf8)) }
    }

    /// Creates the recording file (before the terminal is touched) for a session on a real
    /// swarm: the header says `docker` and the daemon's address; there is no scenario or seed,
    /// so such a recording replays but cannot be verified.
    private func makeDockerRecorder(path: String, endpoint: DockerEndpoint, theme: Theme) -> SessionRecorder {
        let writer: RecordingWriter
        do {
            writer = try RecordingWriter(creating: path)
        } catch {
            fail(error.description)
        }
        let source = RecordingHeader.Source(kind: .docker, cluster: Self.dockerClusterName, endpoint: endpoint.description)
        return SessionRecorder(writer: writer, source: source, theme: theme.name)
    }
}
