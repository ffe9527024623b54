import SwarmEngine
import SwarmModel

/// Compose files as `docker stack deploy` reads them: the services and their `deploy:` keys.
/// Keys swarmtop does not simulate are collected, not refused; unknown keys are errors.
extension ScenarioParser {
    /// Top-level keys of a compose file. Only `services` and `name` are read.
    static let stackTopKeys = ["version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models"]
    /// Top-level keys that are listed as ignored when present (the others are silently unused).
    static let stackTopKeysListed: Set<String> = ["include", "models"]

    /// Service keys that shape the simulation.
    static let stackServiceKeys = ["image", "deploy", "restart", "x-simulate"]
    /// Service keys of the compose specification that are read past (listed as ignored).
    static let stackIgnoredServiceKeys = [
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
        "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "develop",
        "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "driver_opts", "entrypoint",
        "env_file", "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add",
        "healthcheck", "hostname", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
        "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "networks",
        "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop",
        "privileged", "profiles", "provider", "pull_policy", "read_only", "runtime", "scale", "secrets", "security_opt",
        "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty",
        "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    ]
    static let deployKeys = [
        "mode", "replicas", "labels", "placement", "resources", "restart_policy", "update_config", "rollback_config",
        "endpoint_mode",
    ]
    static let placementKeys = ["constraints", "preferences", "max_replicas_per_node"]
    static let stackResourceKeys = ["limits", "reservations"]
    static let limitKeys = ["cpus", "memory", "pids"]
    static let reservationKeys = ["cpus", "memory", "generic_resources", "devices"]

    /// Keys read past, each once, in the order first met.
    struct IgnoredKeys {
        private(set) var keys: [String] = []
        mutating func add(_ key: String) {
            if !keys.contains(key) { keys.append(key) }
        }
    }

    /// A parsed stack, before it is put on a cluster.
    struct StackDraft {
        var name: String
        var services: [ServiceSetup] = []
        /// The line of each service's name, in the same order.
        var serviceLines: [Int] = []
        var behaviours: [BehaviourEntry] = []
        var ignored = IgnoredKeys()
    }

    /// The whole compose file.
    ///
    /// - Parameter defaultName: The stack's name when the file has no top-level `name`.
    func stack(_ root: YAMLNode, defaultName: String) throws(ScenarioError) -> StackDraft {
        guard case .mapping(let rootMap) = root else {
            throw fail(root.line(or: 1), "the stack must be a mapping with services: …; got \(root.shown)")
        }
        for (keyNode, _) in rootMap {
            if let key = keyNode.scalar?.string, ["nodes", "timeline", "images"].contains(key) {
                throw fail(keyNode.line(or: 1), "unknown key '\(key)' at the top level (this looks like a scenario file: give it with --scenario)")
            }
        }
        let top = try checkedMap(rootMap, line: 1, place: "at the top level", allowed: Self.stackTopKeys, extensions: true)
        var draft = StackDraft(name: defaultName)
        if let e = top["name"] {
            let name = try nonEmptyText(e, as: "a stack name")
            guard Self.isValidStackName(name) else {
                throw fail(e.line, "name \(quoted(name)) is not a valid stack name: use lowercase letters, digits, '-' and '_', starting with a letter or digit")
            }
            draft.name = name
        }
        for key in top.keys where Self.stackTopKeysListed.contains(key) { draft.ignored.add(key) }

        guard let servicesEntry = top["services"], !servicesEntry.value.isNull else {
            throw fail(top["services"]?.keyLine ?? 1, "the stack has no services (write services: with one entry per service, e.g. web: {image: nginx})")
        }
        guard case .mapping(let services) = servicesEntry.value else {
            throw fail(servicesEntry.line, "services must be a mapping of service names to services (e.g. web: {image: nginx}), got \(servicesEntry.value.shown)")
        }
        for (keyNode, value) in services {
            let line = keyNode.line(or: servicesEntry.keyLine)
            guard case .scalar(let key) = keyNode, !keyNode.isNull else {
                throw fail(line, "service names must be text, got \(keyNode.shown)")
            }
            if key.string.hasPrefix("x-") { continue }
            let service = try stackService(key.string, line: line, value: value, stack: draft.name, ignored: &draft.ignored)
            draft.services.append(ServiceSetup(spec: service.spec))
            draft.serviceLines.append(line)
            if let b = service.simulate { draft.behaviours.append(b) }
        }
        if draft.services.isEmpty {
            throw fail(servicesEntry.keyLine, "the stack has no services (write services: with one entry per service, e.g. web: {image: nginx})")
        }
        return draft
    }

    /// Whether the name is one compose accepts as a project name.
    static func isValidStackName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// One service: `name:` under `services`, named `STACK_name` as `docker stack deploy` names it.
    func stackService(
        _ key: String, line: Int, value: YAMLNode, stack: String, ignored: inout IgnoredKeys
    ) throws(ScenarioError) -> ServiceEntry {
        let name = "\(stack)_\(key)"
        guard Self.isValidServiceName(name) else {
            throw fail(line, "service name \(quoted(key)) is not valid: use letters, digits, '-' and '_', starting and ending with a letter or digit (with the stack's name, \(quoted(name)), at most 63)")
        }
        let place = "in service \(quoted(key))"
        if value.isNull { throw fail(line, "service \(quoted(key)) has no image") }
        guard case .mapping(let m) = value else {
            throw fail(value.line(or: line), "service \(quoted(key)) must be a mapping (image: nginx, deploy: …), got \(value.shown)")
        }
        for (keyNode, _) in m {
            if let k = keyNode.scalar?.string, Self.deployKeys.contains(k), !Self.stackIgnoredServiceKeys.contains(k) {
                throw fail(keyNode.line(or: line), "unknown key \(quoted(k)) \(place) (did you mean 'deploy.\(k)'?)")
            }
        }
        let allowed = Self.stackServiceKeys + Self.stackIgnoredServiceKeys
        let map = try checkedMap(m, line: line, place: place, allowed: allowed, extensions: true)
        guard let imageEntry = map["image"] else {
            let hint = map["build"] != nil ? " (docker stack deploy does not build images; add image:)" : ""
            throw fail(line, "service \(quoted(key)) has no image\(hint)")
        }
        let image = try nonEmptyText(imageEntry, as: "an image name")
        var spec = ServiceSpec(name: name, taskTemplate: TaskSpec(image: image))
        spec.taskTemplate.restartPolicy = RestartPolicy()
        spec.updateConfig = UpdateConfig()
        spec.rollbackConfig = UpdateConfig()
        spec.taskTemplate.placement = Placement()
        var labels: [String: String] = [:]

        let of = "of service \(quoted(key))"
        var deployIgnored = IgnoredKeys()
        var hasRestartPolicy = false
        if let deployEntry = map["deploy"] {
            let deploy = try self.map(deployEntry, place: "in deploy \(of)", allowed: Self.deployKeys)
            try applyDeploy(deploy, to: &spec, labels: &labels, of: of, ignored: &deployIgnored)
            hasRestartPolicy = deploy["restart_policy"] != nil
        }
        if let e = map["restart"], !hasRestartPolicy {
            spec.taskTemplate.restartPolicy = try composeRestart(e)
        }
        labels["com.docker.stack.namespace"] = stack
        labels["com.docker.stack.image"] = image
        spec.labels = labels
        for k in map.keys {
            if Self.stackIgnoredServiceKeys.contains(k) || (k == "restart" && hasRestartPolicy) { ignored.add(k) }
            if k == "deploy" { for d in deployIgnored.keys { ignored.add(d) } }
        }

        let simulate = try map["x-simulate"].map { e throws(ScenarioError) in try behaviour(e, image: image, place: "in x-simulate \(of)") }
        return ServiceEntry(spec: spec, nameLine: line, simulate: simulate)
    }

    /// `deploy:` keys onto the spec.
    private func applyDeploy(
        _ deploy: YAMLMap, to spec: inout ServiceSpec, labels: inout [String: String], of: String, ignored: inout IgnoredKeys
    ) throws(ScenarioError) {
        if let e = deploy["mode"], let s = scalarText(e), s.hasSuffix("-job") {
            throw fail(e.line, "mode \(quoted(s)) is not simulated (jobs are not modelled); use replicated or global")
        }
        let mode: ModeName = try deploy["mode"].map { e throws(ScenarioError) in try choice(e) } ?? .replicated
        switch mode {
        case .global:
            if let e = deploy["replicas"] {
                throw fail(e.keyLine, "replicas is not allowed with mode: global (a global service runs one task per node)")
            }
            spec.mode = .global
        case .replicated:
            let replicas = try deploy["replicas"].map { e throws(ScenarioError) in try wholeNumber(e, in: 0...Int.max, rule: "≥ 0") } ?? 1
            spec.mode = .replicated(replicas: replicas)
        }
        if let e = deploy["labels"] { labels = try composeLabels(e) }
        if let e = deploy["placement"] {
            spec.taskTemplate.placement = try placement(self.map(e, place: "in placement \(of)", allowed: Self.placementKeys))
        }
        if let e = deploy["resources"] {
            let resources = try map(e, place: "in resources \(of)", allowed: Self.stackResourceKeys)
            let limits = try resources["limits"].map { e throws(ScenarioError) in
                try stackResources(e, place: "in limits \(of)", allowed: Self.limitKeys, path: "deploy.resources.limits", ignored: &ignored)
            }
            let reservations = try resources["reservations"].map { e throws(ScenarioError) in
                try stackResources(e, place: "in reservations \(of)", allowed: Self.reservationKeys, path: "deploy.resources.reservations", ignored: &ignored)
            }
            if limits != nil || reservations != nil {
                spec.taskTemplate.resources = ResourceRequirements(limits: limits, reservations: reservations)
            }
        }
        if let e = deploy["restart_policy"] {
            spec.taskTemplate.restartPolicy = try restartPolicy(e, place: "in restart_policy \(of)")
        }
        if let e = deploy["update_config"] {
            spec.updateConfig = try updateConfig(e, place: "in update_config \(of)")
        }
        if let e = deploy["rollback_config"] {
            spec.rollbackConfig = try updateConfig(e, place: "in rollback_config \(of)", actions: [.pause, .continue])
        }
        if deploy["endpoint_mode"] != nil { ignored.add("deploy.endpoint_mode") }
    }

    /// `placement:` — constraints, spread preferences, max replicas per node.
    private func placement(_ map: YAMLMap) throws(ScenarioError) -> Placement {
        var placement = Placement()
        if let e = map["constraints"] {
            for (c, line) in try textList(e) {
                try checkConstraint(c, line: line)
                placement.constraints.append(c)
            }
        }
        if let e = map["preferences"] {
            for item in try list(e) {
                let line = item.line(or: e.keyLine)
                let preference = try self.map(
                    item: item, of: "preferences", line: line, place: "in a placement preference", allowed: ["spread"],
                    example: "spread: node.labels.zone")
                let spread = try nonEmptyText(required(preference, "spread")).trimmingSpaces
                guard Self.isLabelKey(spread) else {
                    throw fail(preference["spread"]?.line ?? line, "spread \(quoted(spread)) must be node.labels.NAME or engine.labels.NAME (e.g. node.labels.zone)")
                }
                placement.preferences.append(PlacementPreference(spread: spread))
            }
        }
        if let e = map["max_replicas_per_node"] { placement.maxReplicas = try wholeNumber(e, in: 0...Int.max, rule: "≥ 0") }
        return placement
    }

    /// `limits` or `reservations`: cpus and memory; the other keys are listed as ignored.
    private func stackResources(
        _ entry: Entry, place: String, allowed: [String], path: String, ignored: inout IgnoredKeys
    ) throws(ScenarioError) -> Resources {
        let map = try map(entry, place: place, allowed: allowed)
        var r = Resources()
        if let e = map["cpus"] { r.nanoCPUs = try cpus(e, positive: false) }
        if let e = map["memory"] { r.memoryBytes = try size(e, positive: false) }
        for key in map.keys where key != "cpus" && key != "memory" { ignored.add("\(path).\(key)") }
        return r
    }

    /// The service-level `restart` as `docker stack deploy` reads it when there is no
    /// `restart_policy`: `no` keeps swarm's default, `always` and `unless-stopped` are `any`,
    /// `on-failure[:N]` is `on-failure` with at most N attempts.
    private func composeRestart(_ entry: Entry) throws(ScenarioError) -> RestartPolicy {
        let text = scalarText(entry)?.trimmingSpaces ?? ""
        switch text {
        case "no", "always", "unless-stopped":
            return RestartPolicy()
        case "on-failure":
            return RestartPolicy(condition: .onFailure)
        default:
            if text.hasPrefix("on-failure:"), let n = Int(text.dropFirst("on-failure:".count)), n >= 0 {
                return RestartPolicy(condition: .onFailure, maxAttempts: n)
            }
            throw fail(entry.line, "restart must be no, always, unless-stopped or on-failure[:N]; got \(entry.value.shown)")
        }
    }

    /// `deploy.labels`: a mapping, or a list of `KEY=VALUE` (a bare `KEY` is an empty label).
    private func composeLabels(_ entry: Entry) throws(ScenarioError) -> [String: String] {
        guard case .sequence(let items) = entry.value else { return try labels(entry) }
        var result: [String: String] = [:]
        for item in items {
            guard case .scalar(let s) = item, !item.isNull else {
                throw fail(item.line(or: entry.keyLine), "each entry of labels must be KEY=VALUE, got \(item.shown)")
            }
            let parts = s.string.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }
}
