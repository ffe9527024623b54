import YAMLSupport
import SwarmEngine
import SwarmModel

/// The timeline: actions at virtual times, sorted, with every node and service they name
/// checked against the ones that exist by then.
extension ScenarioParser {
    /// The verbs a timeline entry may hold, in the order messages list them.
    static let verbs = [
        "drain", "pause", "activate", "promote", "demote", "node_down", "node_up", "scale", "update_image",
        "kill_task", "add_node", "remove_node", "create_service", "remove_service",
    ]

    /// The parsed timeline.
    struct Plan {
        var actions: [TimedAction] = []
        /// Behaviours from `create_service` entries' `simulate`.
        var behaviours: [BehaviourEntry] = []
        /// Hostnames `add_node` adds, with their lines.
        var addedNodes: [(String, Int)] = []
    }

    /// One action before sorting.
    private struct Step {
        var at: Int64
        var action: ClusterAction
        var verb: String
        /// The entry's line (its `source`).
        var line: Int
        /// The line of the verb's value, for messages about the names in it.
        var valueLine: Int
    }

    /// Parses the timeline and sorts it stably by time.
    ///
    /// - Parameters:
    ///   - nodes: The hostnames of the starting nodes, with their lines.
    ///   - services: The names of the starting services, with their lines.
    /// - Complexity: O(n log n) in the number of actions.
    func timeline(_ entry: Entry, nodes: [String: Int], services: [String: Int]) throws(ScenarioError) -> Plan {
        var plan = Plan()
        var steps: [Step] = []
        for item in try list(entry) {
            let map = try map(item: item, of: "timeline", line: entry.keyLine, place: "in a timeline entry",
                              allowed: ["at"] + Self.verbs, example: "at: 30s, drain: worker-1")
            let at = try duration(required(map, "at")).nanoseconds
            let given = map.entries.filter { $0.key != "at" }
            guard let verb = given.first else {
                throw fail(map.line, "timeline entry needs an action: \(Self.verbs.joined(separator: ", "))")
            }
            if given.count > 1 {
                let names = given.map { "'\($0.key)'" }.joined(separator: " and ")
                throw fail(given[1].keyLine, "timeline entry has \(given.count) actions, \(names); write one action per entry")
            }
            for action in try actions(verb, plan: &plan) {
                steps.append(Step(at: at, action: action, verb: verb.key, line: map.line, valueLine: verb.line))
            }
        }
        steps = steps.enumerated().sorted { a, b in (a.element.at, a.offset) < (b.element.at, b.offset) }.map(\.element)
        try checkNames(steps, nodes: nodes, services: services)
        plan.actions = steps.map { TimedAction(at: .nanoseconds($0.at), action: $0.action, source: "\(file):\($0.line)") }
        return plan
    }

    /// The actions one verb entry stands for (several for `add_node` with a range).
    private func actions(_ verb: Entry, plan: inout Plan) throws(ScenarioError) -> [ClusterAction] {
        switch verb.key {
        case "drain": return [.setAvailability(node: try hostname(verb), .drain)]
        case "pause": return [.setAvailability(node: try hostname(verb), .pause)]
        case "activate": return [.setAvailability(node: try hostname(verb), .active)]
        case "promote": return [.promote(node: try hostname(verb))]
        case "demote": return [.demote(node: try hostname(verb))]
        case "node_down": return [.nodeDown(node: try hostname(verb))]
        case "node_up": return [.nodeUp(node: try hostname(verb))]
        case "scale":
            let (service, replicas) = try pair(verb, second: "replicas", form: "SERVICE=REPLICAS (e.g. web=10) or {service: web, replicas: 10}")
            return [.scale(service: service, replicas: try wholeNumber(replicas, in: 0...Int.max, rule: "≥ 0"))]
        case "update_image":
            let (service, image) = try pair(verb, second: "image", form: "SERVICE=IMAGE (e.g. web=nginx:1.26) or {service: web, image: nginx:1.26}")
            return [.updateImage(service: service, image: try nonEmptyText(image, as: "an image name"))]
        case "kill_task":
            let task = try nonEmptyText(verb, as: "a task")
            guard Self.serviceOfTask(task) != nil else {
                throw fail(verb.line, "kill_task must be SERVICE.SLOT (e.g. web.1), got \(quoted(task))")
            }
            return [.killTask(task: task)]
        case "add_node":
            var actions: [ClusterAction] = []
            for (template, line) in try nodes(verb.value, of: "add_node", line: verb.keyLine) {
                actions.append(.addNode(template))
                plan.addedNodes.append((template.hostname, line))
            }
            return actions
        case "remove_node":
            if case .mapping = verb.value {
                let map = try map(verb, place: "in remove_node", allowed: ["node", "force"])
                let node = try hostname(required(map, "node"))
                let force = try map["force"].map { e throws(ScenarioError) in try flag(e) } ?? false
                return [.removeNode(node: node, force: force)]
            }
            return [.removeNode(node: try hostname(verb), force: false)]
        case "create_service":
            let s = try service(verb.value, of: "create_service", line: verb.keyLine)
            if let b = s.simulate { plan.behaviours.append(b) }
            return [.createService(s.spec)]
        default:
            // `remove_service`, the last verb: the keys were checked against `verbs`.
            return [.removeService(service: try nonEmptyText(verb, as: "a service name"))]
        }
    }

    /// A hostname value.
    private func hostname(_ entry: Entry) throws(ScenarioError) -> String {
        try nonEmptyText(entry, as: "a hostname")
    }

    /// `SERVICE=VALUE` or `{service: …, <second>: …}`: the service name and the value's entry.
    private func pair(_ verb: Entry, second: String, form: String) throws(ScenarioError) -> (String, Entry) {
        if case .mapping = verb.value {
            let map = try map(verb, place: "in \(verb.key)", allowed: ["service", second])
            let service = try nonEmptyText(required(map, "service"), as: "a service name")
            return (service, try required(map, second))
        }
        let text = try text(verb, as: form)
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw fail(verb.line, "\(verb.key) must be \(form), got \(quoted(text))")
        }
        return (parts[0], Entry(key: second, keyLine: verb.line, value: YAMLNode(parts[1], .implicit, .plain)))
    }

    /// The service part of `service.slot`, when the slot is a whole number ≥ 1.
    static func serviceOfTask(_ task: String) -> String? {
        guard let dot = task.lastIndex(of: "."), let slot = Int(task[task.index(after: dot)...]), slot >= 1,
              dot > task.startIndex else { return nil }
        return String(task[..<dot])
    }

    /// Checks, in time order, that every node and service named exists by then and that
    /// nothing is added twice.
    private func checkNames(_ steps: [Step], nodes: [String: Int], services: [String: Int]) throws(ScenarioError) {
        var knownNodes = nodes
        var presentNodes = Set(nodes.keys)
        var knownServices = services
        var presentServices = Set(services.keys)
        var laterNodes: [String: Int] = [:]
        var laterServices: [String: Int] = [:]
        for step in steps {
            switch step.action {
            case .addNode(let t): if laterNodes[t.hostname] == nil { laterNodes[t.hostname] = step.valueLine }
            case .createService(let s): if laterServices[s.name] == nil { laterServices[s.name] = step.valueLine }
            default: break
            }
        }

        func node(_ name: String, _ step: Step) throws(ScenarioError) {
            guard knownNodes[name] == nil else { return }
            if let line = laterNodes[name] {
                throw fail(step.valueLine, "\(step.verb) names node \(quoted(name)) before it is added (add_node on line \(line))")
            }
            throw fail(step.valueLine, "\(step.verb) names unknown node \(quoted(name))\(Suggestion.hint(for: name, among: knownNodes.keys.sorted()))")
        }
        func service(_ name: String, _ step: Step) throws(ScenarioError) {
            guard knownServices[name] == nil else { return }
            if let line = laterServices[name] {
                throw fail(step.valueLine, "\(step.verb) names service \(quoted(name)) before it is created (create_service on line \(line))")
            }
            throw fail(step.valueLine, "\(step.verb) names unknown service \(quoted(name))\(Suggestion.hint(for: name, among: knownServices.keys.sorted()))")
        }

        for step in steps {
            switch step.action {
            case .setAvailability(let n, _), .promote(let n), .demote(let n), .nodeDown(let n), .nodeUp(let n):
                try node(n, step)
            case .removeNode(let n, _):
                try node(n, step)
                presentNodes.remove(n)
            case .scale(let s, _), .updateImage(let s, _):
                try service(s, step)
            case .removeService(let s):
                try service(s, step)
                presentServices.remove(s)
            case .killTask(let t):
                try service(Self.serviceOfTask(t) ?? t, step)
            case .addNode(let t):
                if presentNodes.contains(t.hostname), let first = knownNodes[t.hostname] {
                    throw fail(step.valueLine, "duplicate hostname '\(t.hostname)' (also on line \(first))")
                }
                knownNodes[t.hostname] = step.valueLine
                presentNodes.insert(t.hostname)
            case .createService(let s):
                if presentServices.contains(s.name), let first = knownServices[s.name] {
                    throw fail(step.valueLine, "duplicate service name '\(s.name)' (also on line \(first))")
                }
                knownServices[s.name] = step.valueLine
                presentServices.insert(s.name)
            }
        }
    }
}
