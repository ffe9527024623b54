import ArgumentParser
import SwarmtopApp

/// The `swarmtop` command.
@main
struct Swarmtop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarmtop",
        abstract: "A terminal dashboard for Docker Swarm clusters, with an embedded swarm simulator.",
        version: SwarmtopVersion.current,
        subcommands: [RunCommand.self, SnapshotCommand.self, ScenariosCommand.self, ThemesCommand.self, ReplayCommand.self, SimulateCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
