import YAMLSupport
import SwarmModel

/// Services: `services` entries and `create_service` in the timeline.
extension ScenarioParser {
    static let serviceKeys = [
        "name", "image", "mode", "replicas", "labels", "constraints", "spread", "max_replicas_per_node",
        "reserve", "limits", "restart", "update", "rollback", "simulate",
    ]
    static let resourceKeys = ["cpus", "memory"]
    static let restartKeys = ["condition", "delay", "max_attempts", "window"]
    static let updateKeys = ["parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"]

    /// A parsed service entry.
    struct ServiceEntry {
        var spec: ServiceSpec
        /// The line of its `name`.
        var nameLine: Int
        /// Its `simulate`, if any.
        var simulate: BehaviourEntry?
    }

    /// `replicated` or `global`, as written.
    enum ModeName: String, CaseIterable {
        case replicated, global
    }

    /// One service. Keys left out get Docker's defaults: one replica, `RestartPolicy()`,
    /// `UpdateConfig()` for both update and rollback, an empty `Placement()`, no resources.
    func service(_ item: YAMLNode, of list: String, line: Int) throws(ScenarioError) -> ServiceEntry {
        let given = item.mapping?["name"]?.scalar?.string
        let map = try map(item: item, of: list, line: line, place: given.map { "in service \(quoted($0))" } ?? "in a service",
                          allowed: Self.serviceKeys, example: "name: web, image: nginx, …")
        let nameEntry = try required(map, "name")
        let name = try nonEmptyText(nameEntry, as: "a service name")
        guard Self.isValidServiceName(name) else {
            throw fail(nameEntry.line, "service name \(quoted(name)) is not valid: use letters, digits, '-' and '_', starting and ending with a letter or digit (at most 63)")
        }
        let of = "of service \(quoted(name))"
        let image = try nonEmptyText(required(map, "image"), as: "an image name")

        var spec = ServiceSpec(name: name, taskTemplate: TaskSpec(image: image))
        let mode: ModeName = try map["mode"].map { e throws(ScenarioError) in try choice(e) } ?? .replicated
        switch mode {
        case .global:
            if let e = map["replicas"] { throw fail(e.keyLine, "replicas is not allowed with mode: global (a global service runs one task per node)") }
            spec.mode = .global
        case .replicated:
            let replicas = try map["replicas"].map { e throws(ScenarioError) in try wholeNumber(e, in: 0...Int.max, rule: "≥ 0") } ?? 1
            spec.mode = .replicated(replicas: replicas)
        }
        if let e = map["labels"] { spec.labels = try labels(e) }

        var placement = Placement()
        if let e = map["constraints"] {
            for (c, line) in try textList(e) {
                try checkConstraint(c, line: line)
                placement.constraints.append(c)
            }
        }
        if let e = map["spread"] {
            for (s, line) in try textList(e) {
                guard Self.isLabelKey(s.trimmingSpaces) else {
                    throw fail(line, "spread entry \(quoted(s)) must be node.labels.NAME or engine.labels.NAME (e.g. node.labels.zone)")
                }
                placement.preferences.append(PlacementPreference(spread: s.trimmingSpaces))
            }
        }
        if let e = map["max_replicas_per_node"] { placement.maxReplicas = try wholeNumber(e, in: 0...Int.max, rule: "≥ 0") }
        spec.taskTemplate.placement = placement

        let reserve = try map["reserve"].map { e throws(ScenarioError) in try resources(e, place: "in reserve \(of)") }
        let limits = try map["limits"].map { e throws(ScenarioError) in try resources(e, place: "in limits \(of)") }
        if reserve != nil || limits != nil {
            spec.taskTemplate.resources = ResourceRequirements(limits: limits, reservations: reserve)
        }
        spec.taskTemplate.restartPolicy = try map["restart"].map { e throws(ScenarioError) in try restartPolicy(e, place: "in restart \(of)") } ?? RestartPolicy()
        spec.updateConfig = try map["update"].map { e throws(ScenarioError) in try updateConfig(e, place: "in update \(of)") } ?? UpdateConfig()
        spec.rollbackConfig = try map["rollback"].map { e throws(ScenarioError) in try updateConfig(e, place: "in rollback \(of)") } ?? UpdateConfig()

        let simulate = try map["simulate"].map { e throws(ScenarioError) in try behaviour(e, image: image, place: "in simulate \(of)") }
        return ServiceEntry(spec: spec, nameLine: nameEntry.line, simulate: simulate)
    }

    /// Whether the name is one swarmkit accepts: a DNS label of letters, digits, `-` and `_`.
    static func isValidServiceName(_ name: String) -> Bool {
        guard name.count <= 63, let first = name.first, let last = name.last else { return false }
        let alnum: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return alnum(first) && alnum(last) && name.allSatisfy { alnum($0) || $0 == "-" || $0 == "_" }
    }

    /// `node.labels.NAME` or `engine.labels.NAME`.
    static func isLabelKey(_ key: String) -> Bool {
        for prefix in ["node.labels.", "engine.labels."] where key.hasPrefix(prefix) && key.count > prefix.count { return true }
        return false
    }

    static let constraintKeys = ["node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch"]

    /// Checks that a constraint reads `KEY==VALUE` or `KEY!=VALUE` with a key swarm knows.
    func checkConstraint(_ constraint: String, line: Int) throws(ScenarioError) {
        let eq = constraint.firstRange(of: "==")
        let ne = constraint.firstRange(of: "!=")
        guard let op = [eq, ne].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else {
            throw fail(line, "constraint \(quoted(constraint)) must be KEY==VALUE or KEY!=VALUE, e.g. node.role==worker")
        }
        let key = String(constraint[..<op.lowerBound]).trimmingSpaces
        let value = String(constraint[op.upperBound...]).trimmingSpaces
        guard Self.constraintKeys.contains(key) || Self.isLabelKey(key) else {
            let last = key.split(separator: ".").last.map(String.init) ?? key
            let candidates = Self.constraintKeys + ["node.labels.\(last)", "engine.labels.\(last)"]
            let hint = Suggestion.closest(to: key, among: candidates).map { "did you mean '\($0)'?" }
                ?? "use node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.NAME or engine.labels.NAME"
            throw fail(line, "constraint \(quoted(constraint)) has unknown key \(quoted(key)) (\(hint))")
        }
        guard !value.isEmpty else {
            throw fail(line, "constraint \(quoted(constraint)) needs a value after '\(constraint[op])'")
        }
    }

    /// `{cpus, memory}` for reservations and limits; left out means 0.
    func resources(_ entry: Entry, place: String) throws(ScenarioError) -> Resources {
        let map = try map(entry, place: place, allowed: Self.resourceKeys)
        var r = Resources()
        if let e = map["cpus"] { r.nanoCPUs = try cpus(e, positive: false) }
        if let e = map["memory"] { r.memoryBytes = try size(e, positive: false) }
        return r
    }

    /// A restart policy; keys left out keep `RestartPolicy()`'s values.
    func restartPolicy(_ entry: Entry, place: String) throws(ScenarioError) -> RestartPolicy {
        let map = try map(entry, place: place, allowed: Self.restartKeys)
        var p = RestartPolicy()
        if let e = map["condition"] { p.condition = try choice(e) }
        if let e = map["delay"] { p.delay = try duration(e).nanoseconds }
        if let e = map["max_attempts"] { p.maxAttempts = try wholeNumber(e, in: 0...Int.max, rule: "≥ 0") }
        if let e = map["window"] { p.window = try duration(e).nanoseconds }
        return p
    }

    /// An update (or rollback) config; keys left out keep `UpdateConfig()`'s values.
    ///
    /// - Parameter actions: The failure actions allowed here (a compose `rollback_config`
    ///   cannot roll back).
    func updateConfig(
        _ entry: Entry, place: String, actions: [UpdateFailureAction] = UpdateFailureAction.allCases
    ) throws(ScenarioError) -> UpdateConfig {
        let map = try map(entry, place: place, allowed: Self.updateKeys)
        var u = UpdateConfig()
        if let e = map["parallelism"] { u.parallelism = try wholeNumber(e, in: 0...Int.max, rule: "≥ 0") }
        if let e = map["delay"] { u.delay = try duration(e).nanoseconds }
        if let e = map["failure_action"] {
            guard let s = scalarText(e), let action = UpdateFailureAction(rawValue: s), actions.contains(action) else {
                throw fail(e.line, "\(e.key) must be one of \(actions.map(\.rawValue).joined(separator: ", ")); got \(e.value.shown)")
            }
            u.failureAction = action
        }
        if let e = map["monitor"] { u.monitor = try duration(e).nanoseconds }
        if let e = map["max_failure_ratio"] { u.maxFailureRatio = try number(e, .fraction) }
        if let e = map["order"] { u.order = try choice(e) }
        return u
    }
}
