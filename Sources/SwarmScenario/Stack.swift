import Foundation
import SwarmEngine
import SwarmModel

/// A compose file, as `docker stack deploy -c FILE NAME` reads it, ready to put on a simulated
/// cluster: its services named `NAME_service`, and the keys it holds that are not simulated.
/// `docs/stack-import.md` lists what is honoured.
public struct Stack: Sendable {
    /// The stack's name: the file's top-level `name`, else made from the file's name
    /// (`shop.yml` → `shop`). It prefixes every service (`shop_web`), as docker does.
    public var name: String
    /// The file as it was named to the loader; errors and the ignored-keys notice start with it.
    public var file: String
    /// The services in the order written, with Docker's defaults for keys left out.
    public var services: [ServiceSetup]
    /// Keys the file uses that the simulation does not model (`ports`, `healthcheck`,
    /// `deploy.endpoint_mode`, …), each once, in the order first written.
    public var ignoredKeys: [String]
    /// The line of each service's name, in the order of `services`.
    var serviceLines: [Int]
    /// Image behaviours from the services' `x-simulate` keys.
    var behaviours: [ScenarioParser.BehaviourEntry]

    /// The one line that tells the user what was not simulated, e.g.
    /// `shop.yml: ignored (not simulated): ports, volumes, healthcheck`; nil when nothing was.
    public var ignoredNotice: String? {
        ignoredKeys.isEmpty ? nil : "\(file): ignored (not simulated): \(ignoredKeys.joined(separator: ", "))"
    }

    /// The engine set-up of the stack on a generated cluster: the shape's nodes, the stack's
    /// services and their `x-simulate` behaviours, named after the stack.
    ///
    /// - Throws: `ScenarioError` when an `x-simulate` names a node the cluster does not have.
    public func deployed(on shape: ClusterShape) throws(ScenarioError) -> EngineSetup {
        var setup = EngineSetup(clusterName: name, nodes: shape.nodes)
        try add(to: &setup)
        return setup
    }

    /// The scenario's set-up with the stack deployed on it at the start: its nodes, images and
    /// timeline stay, and the stack's services are created after the scenario's own (as
    /// `docker stack deploy` adds a stack to a swarm that already runs services).
    ///
    /// - Throws: `ScenarioError` when a stack service has the name of one of the scenario's,
    ///   or an `x-simulate` names a node the scenario does not have.
    public func deployed(on scenario: Scenario) throws(ScenarioError) -> EngineSetup {
        var setup = scenario.setup
        var taken = Set(setup.services.map(\.spec.name))
        for step in setup.timeline { if case .createService(let spec) = step.action { taken.insert(spec.name) } }
        for (service, line) in zip(services, serviceLines) where taken.contains(service.spec.name) {
            throw ScenarioError(
                file: file, line: line,
                message: "service '\(service.spec.name)' is also in the scenario \(scenario.file); rename one of them")
        }
        try add(to: &setup)
        return setup
    }

    /// Appends the services and merges the behaviours (the stack's win over the scenario's).
    private func add(to setup: inout EngineSetup) throws(ScenarioError) {
        var hostnames: [String: Int] = [:]
        for node in setup.nodes { hostnames[node.hostname] = 0 }
        for step in setup.timeline { if case .addNode(let node) = step.action { hostnames[node.hostname] = 0 } }
        let images = try ScenarioParser(file: file, dialect: .compose).images(behaviours, hostnames: hostnames)
        setup.images.merge(images) { _, stack in stack }
        setup.services += services
    }
}

/// Reads compose files (`docker-compose.yml`, `docker stack deploy -c`) into `Stack`s.
public enum StackLoader {
    /// Reads and parses the compose file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file; errors name it as written here, and the stack is named after it
    ///     unless the file has a top-level `name`.
    ///   - environment: The variables `${NAME}` and `$NAME` stand for (the CLI passes its own
    ///     environment, as `docker stack deploy` does; there is no `.env` file).
    /// - Throws: `ScenarioError` with no line when the file is missing, a directory, unreadable
    ///   or not UTF-8 text; with a line for anything wrong inside it.
    public static func load(path: String, environment: [String: String] = [:]) throws(ScenarioError) -> Stack {
        try parse(ScenarioLoader.readText(path: path), file: path, environment: environment)
    }

    /// Parses compose text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The name to put in errors; without a top-level `name`, the stack's name is
    ///     made from it (see `defaultName(file:)`).
    ///   - environment: The variables substitutions read; unset ones are empty.
    /// - Throws: `ScenarioError`, the first problem found, with its line.
    /// - Complexity: O(n) in the size of the text.
    public static func parse(_ text: String, file: String, environment: [String: String] = [:]) throws(ScenarioError) -> Stack {
        let text = try interpolate(text, file: file, environment: environment)
        let root = try ScenarioLoader.composeRoot(text, file: file, whenEmpty: "the stack is empty")
        let draft = try ScenarioParser(file: file, dialect: .compose).stack(root, defaultName: defaultName(file: file))
        return Stack(
            name: draft.name, file: file, services: draft.services, ignoredKeys: draft.ignored.keys,
            serviceLines: draft.serviceLines, behaviours: draft.behaviours)
    }

    /// The text with compose's `${…}` substitutions made.
    private static func interpolate(_ text: String, file: String, environment: [String: String]) throws(ScenarioError) -> String {
        guard text.contains("$") else { return text }
        do {
            return try ComposeInterpolation.interpolate(text, environment: environment)
        } catch {
            func line(_ offset: Int) -> Int { 1 + text.prefix(offset).reduce(0) { $0 + ($1.isNewline ? 1 : 0) } }
            switch error {
            case .required(let name, let message, let offset):
                let why = message.isEmpty ? "it is required" : message
                throw ScenarioError(file: file, line: line(offset), message: "variable \(name) is not set: \(why)")
            case .unclosed(let offset):
                throw ScenarioError(file: file, line: line(offset), message: "'${' is not closed with '}' (write ${NAME} or ${NAME:-default}; $$ is a literal $)")
            case .malformed(let offset):
                throw ScenarioError(file: file, line: line(offset), message: "'${' starts no substitution (write ${NAME}, ${NAME:-default} or ${NAME:?message}; $$ is a literal $)")
            }
        }
    }

    /// The stack name a file gets when it has no top-level `name`: its name without the
    /// extension (`shop.yml` → `shop`), or for compose's default names (`docker-compose.yml`,
    /// `compose.yaml`) its folder's, as docker compose names a project; lowercased, keeping
    /// letters, digits, `-` and `_`; `stack` when nothing is left.
    public static func defaultName(file: String) -> String {
        let url = URL(fileURLWithPath: file)
        var base = url.deletingPathExtension().lastPathComponent
        if ["docker-compose", "compose"].contains(base.lowercased()) {
            base = url.deletingLastPathComponent().lastPathComponent
        }
        let kept = base.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        let name = kept.drop { !($0.isLetter || $0.isNumber) }
        return name.isEmpty ? "stack" : String(name)
    }
}
