import ArgumentParser
import Foundation
import SwarmEngine
import SwarmFormat
import SwarmModel
import SwarmScenario
import SwarmtopApp

/// `swarmtop snapshot`: runs the embedded engine headless to a virtual time and prints the
/// cluster as `docker node ls`, `docker service ls` and `docker service ps` would, or as JSON.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Run a scenario or a stack headless to a virtual time and print the cluster.",
        discussion: """
            The scenario's timeline is applied up to that time. With --stack, a compose file's \
            services run on --nodes (or on --scenario's cluster). Tables have the docker CLI's \
            columns; JSON holds the Docker Engine API objects: \
            {"nodes": [...], "services": [...], "tasks": [...], "events": N, "time": "90s"}.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(name: .long, help: "The scenario: a YAML file, or a name from demo/ (see `swarmtop scenarios list`); with --stack, the cluster to run the stack on.")
    var scenario: String?

    @OptionGroup var stackOptions: StackOptions

    @Option(name: .long, help: "Seed for the engine's random numbers (default: the scenario's).")
    var seed: UInt64?

    @Option(name: .long, help: "Virtual time to run to, e.g. 90s, 5m, 1h30m.")
    var at: String = "60s"

    @Option(name: .long, help: "table or json.")
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp(
        "Print a real swarm instead: its manager's address (default: DOCKER_HOST, else unix:///var/run/docker.sock).",
        valueName: "url"))
    var docker: String?

    func run() async throws {
        if let docker { return try await runDocker(address: docker) }
        guard let at = parseDuration(at), at >= .zero else {
            throw ValidationError("--at must be a duration such as 90s, 5m or 1h30m; got '\(self.at)'")
        }
        let chosen: ChosenSetup
        do {
            chosen = try ChosenSetup.load(scenario: scenario, stackOptions: stackOptions, fallback: nil)
        } catch {
            FileHandle.standardError.write(Data("swarmtop: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let notice = chosen.notice { FileHandle.standardError.write(Data("\(notice)\n".utf8)) }
        var setup = chosen.setup
        if let seed { setup.seed = seed }
        var engine = Engine(setup: setup)
        engine.retainsEvents = false
        engine.advance(to: setup.start + at)
        print(render(engine, elapsed: at), terminator: "")
    }

    /// The snapshot in the chosen format.
    func render(_ engine: Engine, elapsed: Duration) -> String {
        switch format {
        case .table:
            return NodeTable.render(engine.cluster, self: engine.leaderID) + "\n"
                + ServiceTable.render(engine.cluster) + "\n"
                + TaskTable.render(engine.cluster, now: engine.now)
        case .json:
            let document = snapshotDocument(cluster: engine.cluster, eventCount: Int(engine.lastSequence), elapsed: elapsed)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(document) else { return "{}\n" }
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
