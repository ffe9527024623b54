import ArgumentParser
import Foundation
import SwarmEngine
import SwarmScenario
import SwarmtopApp

/// `--stack FILE` and `--nodes SHAPE`, shared by `run` and `snapshot`: a compose file
/// simulated on a generated cluster, or (with `--scenario`) on a scenario's cluster.
struct StackOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A compose / docker stack deploy file to simulate, on --nodes or on --scenario's cluster (see docs/stack-import.md).",
        valueName: "file"))
    var stack: String?

    @Option(name: .long, help: ArgumentHelp(
        "The generated cluster --stack runs on: MANAGERSm+WORKERSw (default: \(ClusterShape.standard)).", valueName: "shape"))
    var nodes: String?
}

/// A problem with the command's input, said in one line (`FILE:LINE: …` for files).
struct InputProblem: Error, CustomStringConvertible {
    var description: String
}

/// What the engine starts from, chosen by `--scenario`, `--stack` and `--nodes`.
struct ChosenSetup {
    /// The set-up to start the engine with.
    var setup: EngineSetup
    /// The stack's ignored-keys line, for stderr; nil without a stack or when nothing was ignored.
    var notice: String?
    /// The files it came from, for the log.
    var origin: String
    /// The scenario file it came from, when it came from a scenario alone (no stack).
    var scenarioFile: String? = nil

    /// Loads the set-up the options describe, checking everything before anything runs.
    ///
    /// - Parameters:
    ///   - scenario: `--scenario` as given, or nil.
    ///   - stackOptions: `--stack` and `--nodes`.
    ///   - fallback: The scenario to use when neither `--scenario` nor `--stack` is given; nil
    ///     makes that an error.
    /// - Throws: `InputProblem`, one line.
    static func load(scenario: String?, stackOptions: StackOptions, fallback: String?) throws(InputProblem) -> ChosenSetup {
        if let nodes = stackOptions.nodes {
            guard stackOptions.stack != nil else {
                throw InputProblem(description: "--nodes needs --stack FILE (the stack to run on those nodes)")
            }
            guard scenario == nil else {
                throw InputProblem(description: "--nodes and --scenario both give the cluster; use one")
            }
            _ = try shape(nodes)
        }
        guard let stackPath = stackOptions.stack else {
            guard let reference = scenario ?? fallback else {
                throw InputProblem(description: "give --scenario (a file, or a name from demo/) or --stack FILE")
            }
            let loaded = try load(scenario: reference)
            return ChosenSetup(setup: loaded.setup, notice: nil, origin: loaded.file, scenarioFile: loaded.file)
        }
        do {
            let stack = try StackLoader.load(path: stackPath, environment: ProcessInfo.processInfo.environment)
            if let scenario {
                let base = try load(scenario: scenario)
                return ChosenSetup(setup: try stack.deployed(on: base), notice: stack.ignoredNotice, origin: "\(stackPath) on \(base.file)")
            }
            let shape = try stackOptions.nodes.map { text throws(InputProblem) in try Self.shape(text) } ?? .standard
            return ChosenSetup(setup: try stack.deployed(on: shape), notice: stack.ignoredNotice, origin: "\(stackPath) on \(shape)")
        } catch let error as ScenarioError {
            throw InputProblem(description: error.description)
        } catch let error as InputProblem {
            throw error
        } catch {
            throw InputProblem(description: "\(error)")
        }
    }

    /// The scenario a reference names: a file, or a name from demo/.
    private static func load(scenario reference: String) throws(InputProblem) -> Scenario {
        let path = ScenarioLookup.path(for: reference)
        if path == nil, !reference.contains("/"), !reference.hasSuffix(".yaml"), !reference.hasSuffix(".yml") {
            throw InputProblem(description: "no scenario '\(reference)': give a file, or a name from demo/ (see swarmtop scenarios list)")
        }
        do {
            return try ScenarioLoader.load(path: path ?? reference)
        } catch {
            throw InputProblem(description: error.description)
        }
    }

    private static func shape(_ text: String) throws(InputProblem) -> ClusterShape {
        do {
            return try ClusterShape(parsing: text)
        } catch {
            throw InputProblem(description: "--nodes '\(text)': \(error)")
        }
    }
}
