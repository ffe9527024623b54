import Dashboard
import DockerSource
import Foundation
import Logging
import SwarmTheme
import SwarmtopApp
import TerminalUI

extension RunCommand {
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
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: themes.catalog.current, colorMode: colors.mode)
        } catch {
            fail("\(error)")
        }
        logger.info("terminal opened", metadata: [
            "docker": "\(client.endpoint)", "api": "\(client.apiVersion)", "size": "\(terminal.size.width)x\(terminal.size.height)",
        ])
        let loop = DashboardLoop(
            source: source, terminal: terminal, clusterName: "swarm", sourceKind: .docker(client.endpoint.description), readOnly: readOnly,
            themes: themes.catalog, notice: themes.status, logger: logger)
        await loop.run()
        terminal.shutdown()
    }
}
