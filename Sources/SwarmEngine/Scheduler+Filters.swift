import SwarmModel

/// One placement constraint: `node.labels.zone==a`, `node.role!=manager`.
struct Constraint: Hashable, Sendable {
    var key: String
    var equals: Bool
    var value: String

    /// Parses `key==value` or `key!=value`; nil when it is neither.
    init?(_ text: String) {
        let parts: [Substring]
        if let r = text.firstRange(of: "!=") {
            equals = false
            parts = [text[..<r.lowerBound], text[r.upperBound...]]
        } else if let r = text.firstRange(of: "==") {
            equals = true
            parts = [text[..<r.lowerBound], text[r.upperBound...]]
        } else {
            return nil
        }
        key = parts[0].trimmingSpaces.lowercasedKey
        value = String(parts[1].trimmingSpaces)
        guard !key.isEmpty, !value.isEmpty else { return nil }
    }

    /// Parses a list; an unparseable one becomes a constraint no node meets.
    static func parseAll(_ texts: [String]) -> [Constraint] {
        texts.map { Constraint($0) ?? Constraint(unmeetable: $0) }
    }

    private init(unmeetable text: String) {
        key = "invalid"
        equals = true
        value = text
    }

    static func allHold(_ constraints: [Constraint], on node: Node) -> Bool {
        constraints.allSatisfy { $0.holds(on: node) }
    }

    /// Whether the node meets it. Values compare case-insensitively, as swarmkit's do; a
    /// missing label never equals anything.
    func holds(on node: Node) -> Bool {
        let actual: String?
        switch key {
        case "node.id": actual = node.id.rawValue
        case "node.hostname": actual = node.description.hostname
        case "node.role": actual = node.spec.role.rawValue
        case "node.platform.os": actual = node.description.platform.os
        case "node.platform.arch": actual = node.description.platform.architecture
        default:
            if key.hasPrefix("node.labels.") {
                actual = node.spec.labels[String(key.dropFirst("node.labels.".count))]
            } else if key.hasPrefix("engine.labels.") {
                actual = node.description.engine.labels[String(key.dropFirst("engine.labels.".count))]
            } else {
                return false
            }
        }
        let match = actual.map { $0.lowercased() == value.lowercased() } ?? false
        return equals ? match : !match
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

private extension Substring {
    /// Label keys keep their case; the `node.`/`engine.` prefixes do not matter.
    var lowercasedKey: String {
        let s = String(self)
        for prefix in ["node.labels.", "engine.labels."] where s.lowercased().hasPrefix(prefix) {
            return prefix + s.dropFirst(prefix.count)
        }
        return s.lowercased()
    }
}

extension Engine {
    /// The scheduler's filters, in swarmkit's order; the first that fails names the node's problem.
    enum Filter: Int, CaseIterable {
        case ready, resources, constraints, maxReplicas

        func explanation(nodes n: Int) -> String {
            let nodes = n == 1 ? "1 node" : "\(n) nodes"
            switch self {
            case .ready: return "\(nodes) not available for new tasks"
            case .resources: return "insufficient resources on \(nodes)"
            case .constraints: return "scheduling constraints not satisfied on \(nodes)"
            case .maxReplicas: return "max replicas per node limit exceed"
            }
        }
    }

    /// Whether the service's `constraints` hold on the node.
    static func constraintsHold(_ constraints: [String], on node: Node) -> Bool {
        Constraint.allHold(Constraint.parseAll(constraints), on: node)
    }

    /// The value of a spread descriptor (`node.labels.zone`) on a node; nodes without the
    /// label form their own group ("").
    static func spreadValue(_ descriptor: String, of node: Node) -> String {
        if descriptor.hasPrefix("node.labels.") { return node.spec.labels[String(descriptor.dropFirst(12))] ?? "" }
        if descriptor.hasPrefix("engine.labels.") { return node.description.engine.labels[String(descriptor.dropFirst(14))] ?? "" }
        return ""
    }

    /// Whether the node (by placement index) has room for one more task of the service now,
    /// which has `serviceTasks` active tasks there.
    func fits(_ i: Int, serviceTasks: Int, reservation: Resources, maxReplicas: Int) -> Bool {
        if !reservation.isZero {
            let p = placement[i]
            if p.capacity.nanoCPUs - p.reserved.nanoCPUs < reservation.nanoCPUs || p.capacity.memoryBytes - p.reserved.memoryBytes < reservation.memoryBytes {
                return false
            }
        }
        return maxReplicas == 0 || serviceTasks < maxReplicas
    }

    /// The first filter the node (by placement index) fails for a task of the service, or nil
    /// when it fits.
    func firstFailure(at i: Int, service: ServiceID, reservation: Resources, rules: PlacementRules) -> Filter? {
        guard placement[i].accepts else { return .ready }
        if !fits(i, serviceTasks: 0, reservation: reservation, maxReplicas: 0) { return .resources }
        if !rules.constraints.isEmpty {
            guard let node = cluster.nodes[placement[i].id], Constraint.allHold(rules.constraints, on: node) else { return .constraints }
        }
        let serviceTasks = activeOfService[service].map { i < $0.count ? $0[i] : 0 } ?? 0
        if !fits(i, serviceTasks: serviceTasks, reservation: Resources(), maxReplicas: rules.maxReplicas) { return .maxReplicas }
        return nil
    }

    /// `no suitable node (…)`: the failing filters over `nodes`, most frequent first.
    func explain(service: ServiceID, reservation: Resources, rules: PlacementRules, nodes: [NodeID]) -> String {
        var counts = [Int](repeating: 0, count: Filter.allCases.count)
        for id in nodes {
            guard let i = placementIndex[id], let f = firstFailure(at: i, service: service, reservation: reservation, rules: rules) else { continue }
            counts[f.rawValue] += 1
        }
        let parts = Filter.allCases.filter { counts[$0.rawValue] > 0 }
            .sorted { counts[$0.rawValue] != counts[$1.rawValue] ? counts[$0.rawValue] > counts[$1.rawValue] : $0.rawValue < $1.rawValue }
            .map { $0.explanation(nodes: counts[$0.rawValue]) }
        return parts.isEmpty ? "no suitable node" : "no suitable node (\(parts.joined(separator: "; ")))"
    }
}

/// A service's placement rules, parsed once per scheduling pass.
struct PlacementRules {
    var constraints: [Constraint]
    var maxReplicas: Int
    var spread: [String]
    /// The nodes that meet the constraints, by placement index in ascending order, and each
    /// node's spread path (by placement index); nil when there are neither constraints nor
    /// spread preferences. See `Engine.placementView(of:placement:rules:)`.
    var view: Engine.PlacementView?

    init(_ placement: Placement?) {
        constraints = Constraint.parseAll(placement?.constraints ?? [])
        maxReplicas = placement?.maxReplicas ?? 0
        spread = (placement?.preferences ?? []).map(\.spreadDescriptor)
    }
}
