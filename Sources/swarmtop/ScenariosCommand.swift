import ArgumentParser
import SwarmScenario
import SwarmtopApp

/// `swarmtop scenarios list`: the bundled demo scenarios with their one-line descriptions.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "The bundled demo scenarios.",
        subcommands: [List.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bundled scenarios (run one with --scenario NAME).")

        func run() throws {
            let scenarios = ScenarioLookup.bundled()
            guard !scenarios.isEmpty else {
                throw ValidationError("no bundled scenarios found: run swarmtop from its repository (the demo/ folder)")
            }
            let width = scenarios.map(\.name.count).max() ?? 0
            var broken = 0
            for (name, path) in scenarios {
                let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
                do {
                    let scenario = try ScenarioLoader.load(path: path)
                    print("\(padded)  \(scenario.description ?? "")")
                } catch {
                    broken += 1
                    print("\(padded)  (cannot be loaded: \(error))")
                }
            }
            if broken > 0 { throw ExitCode(2) }
        }
    }
}
