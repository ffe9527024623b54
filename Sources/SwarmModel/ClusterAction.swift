/// Something an operator (or a scenario's timeline) asks of the cluster. Nodes, services and
/// tasks are named by ID or by name (hostname, service name, `service.slot`), as the docker
/// CLI accepts them.
public enum ClusterAction: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `docker node update --availability`: drain, pause or activate.
    case setAvailability(node: String, NodeAvailability)
    case promote(node: String)
    case demote(node: String)
    /// `docker service scale`.
    case scale(service: String, replicas: Int)
    /// `docker service update --image`: a rolling update.
    case updateImage(service: String, image: String)
    /// Fault injection: the node stops sending heartbeats (its daemon or host died).
    case nodeDown(node: String)
    /// Fault injection: the node's daemon comes back.
    case nodeUp(node: String)
    /// Fault injection: the task's process dies with a non-zero exit code.
    case killTask(task: String)
    case addNode(NodeTemplate)
    case removeNode(node: String, force: Bool)
    case createService(ServiceSpec)
    case removeService(service: String)

    /// The verb, as recordings and scenario timelines write it.
    public var verb: String {
        switch self {
        case .setAvailability(_, .drain): "drain"
        case .setAvailability(_, .pause): "pause"
        case .setAvailability(_, .active): "activate"
        case .promote: "promote"
        case .demote: "demote"
        case .scale: "scale"
        case .updateImage: "update-image"
        case .nodeDown: "node-down"
        case .nodeUp: "node-up"
        case .killTask: "kill-task"
        case .addNode: "add-node"
        case .removeNode: "remove-node"
        case .createService: "create-service"
        case .removeService: "remove-service"
        }
    }

    /// Whether the action changes the cluster's desired state (and so needs a leader);
    /// fault injections are facts of the world and happen with or without one.
    public var needsLeader: Bool {
        switch self {
        case .nodeDown, .nodeUp, .killTask: false
        default: true
        }
    }

    /// A short human form: `drain worker-3`, `scale api 6`.
    public var description: String {
        switch self {
        case .setAvailability(let n, _), .promote(let n), .demote(let n), .nodeDown(let n), .nodeUp(let n):
            "\(verb) \(n)"
        case .scale(let s, let r): "scale \(s) \(r)"
        case .updateImage(let s, let i): "update-image \(s) \(i)"
        case .killTask(let t): "kill-task \(t)"
        case .addNode(let t): "add-node \(t.hostname)"
        case .removeNode(let n, let force): force ? "remove-node \(n) --force" : "remove-node \(n)"
        case .createService(let s): "create-service \(s.name)"
        case .removeService(let s): "remove-service \(s)"
        }
    }

    enum CodingKeys: String, CodingKey { case action, node, service, task, replicas, image, force, template, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let verb = try c.decode(String.self, forKey: .action)
        func str(_ k: CodingKeys) throws -> String { try c.decode(String.self, forKey: k) }
        switch verb {
        case "drain": self = .setAvailability(node: try str(.node), .drain)
        case "pause": self = .setAvailability(node: try str(.node), .pause)
        case "activate": self = .setAvailability(node: try str(.node), .active)
        case "promote": self = .promote(node: try str(.node))
        case "demote": self = .demote(node: try str(.node))
        case "scale": self = .scale(service: try str(.service), replicas: try c.decode(Int.self, forKey: .replicas))
        case "update-image": self = .updateImage(service: try str(.service), image: try str(.image))
        case "node-down": self = .nodeDown(node: try str(.node))
        case "node-up": self = .nodeUp(node: try str(.node))
        case "kill-task": self = .killTask(task: try str(.task))
        case "add-node": self = .addNode(try c.decode(NodeTemplate.self, forKey: .template))
        case "remove-node": self = .removeNode(node: try str(.node), force: try c.decodeIfPresent(Bool.self, forKey: .force) ?? false)
        case "create-service": self = .createService(try c.decode(ServiceSpec.self, forKey: .spec))
        case "remove-service": self = .removeService(service: try str(.service))
        default:
            throw DecodingError.dataCorruptedError(forKey: .action, in: c, debugDescription: "unknown action '\(verb)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verb, forKey: .action)
        switch self {
        case .setAvailability(let n, _), .promote(let n), .demote(let n), .nodeDown(let n), .nodeUp(let n):
            try c.encode(n, forKey: .node)
        case .scale(let s, let r):
            try c.encode(s, forKey: .service)
            try c.encode(r, forKey: .replicas)
        case .updateImage(let s, let i):
            try c.encode(s, forKey: .service)
            try c.encode(i, forKey: .image)
        case .killTask(let t): try c.encode(t, forKey: .task)
        case .addNode(let t): try c.encode(t, forKey: .template)
        case .removeNode(let n, let force):
            try c.encode(n, forKey: .node)
            try c.encode(force, forKey: .force)
        case .createService(let s): try c.encode(s, forKey: .spec)
        case .removeService(let s): try c.encode(s, forKey: .service)
        }
    }
}

/// A node to add to the cluster.
public struct NodeTemplate: Hashable, Sendable, Codable {
    public var hostname: String
    public var role: NodeRole
    public var labels: [String: String]
    public var engineLabels: [String: String]
    public var resources: Resources
    public var availability: NodeAvailability

    public init(
        hostname: String, role: NodeRole = .worker, labels: [String: String] = [:], engineLabels: [String: String] = [:],
        resources: Resources = Resources(nanoCPUs: 4_000_000_000, memoryBytes: 8 << 30), availability: NodeAvailability = .active
    ) {
        self.hostname = hostname
        self.role = role
        self.labels = labels
        self.engineLabels = engineLabels
        self.resources = resources
        self.availability = availability
    }
}

/// The engine's (or daemon's) answer to an action.
public enum ActionOutcome: Hashable, Sendable, Codable {
    case accepted
    /// Refused, with the reason in the words Docker uses.
    case refused(String)

    public var isAccepted: Bool { self == .accepted }

    /// The refusal reason, if refused.
    public var reason: String? {
        if case .refused(let r) = self { return r }
        return nil
    }
}
