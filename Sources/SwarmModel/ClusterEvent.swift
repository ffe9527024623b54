/// One change to the cluster, numbered and timed. A consumer that applies every event in
/// order to a `Cluster` holds the same cluster as the source.
public struct ClusterEvent: Hashable, Sendable, Codable {
    /// Monotone, gap-free, starting at 1.
    public var sequence: UInt64
    /// When it happened: virtual time for the embedded engine, the daemon's time for Docker.
    public var time: Timestamp
    public var change: Change
    /// The source's account of a `task.updated` or `task.removed`: the task's version before
    /// it and what it may have touched (see `TaskChangeNote`), when the source gives one. Not
    /// part of the change: events are equal, and hash, as their sequence, time and change,
    /// and recordings do not write it (their writer uses it to write short lines).
    public var note: TaskChangeNote?

    public init(sequence: UInt64, time: Timestamp, change: Change, note: TaskChangeNote? = nil) {
        self.sequence = sequence
        self.time = time
        self.change = change
        self.note = note
    }

    public static func == (a: ClusterEvent, b: ClusterEvent) -> Bool {
        a.sequence == b.sequence && a.time == b.time && a.change == b.change
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequence)
        hasher.combine(time)
        hasher.combine(change)
    }

    /// What changed.
    ///
    /// The node, service and action cases are `indirect`: their payloads are hundreds of
    /// bytes (a node's is over 600), and every event — a million a second in a replay, most
    /// of them task changes — was as big as the biggest case.
    public enum Change: Hashable, Sendable {
        indirect case nodeCreated(Node)
        /// The node as it is now, and what its state was before.
        indirect case nodeUpdated(Node, previous: NodeSummary)
        indirect case nodeRemoved(Node)
        indirect case serviceCreated(Service)
        indirect case serviceUpdated(Service)
        indirect case serviceRemoved(Service)
        case taskCreated(Task)
        /// The task as it is now, with its observed and desired state before the change.
        case taskUpdated(Task, previousState: TaskState, previousDesiredState: TaskState)
        case taskRemoved(Task)
        /// An action was answered (accepted or refused, with the reason).
        indirect case actionAnswered(ClusterAction, ActionOutcome)
    }

    /// The event's type as recordings write it (`task.updated`).
    public var type: String {
        switch change {
        case .nodeCreated: "node.created"
        case .nodeUpdated: "node.updated"
        case .nodeRemoved: "node.removed"
        case .serviceCreated: "service.created"
        case .serviceUpdated: "service.updated"
        case .serviceRemoved: "service.removed"
        case .taskCreated: "task.created"
        case .taskUpdated: "task.updated"
        case .taskRemoved: "task.removed"
        case .actionAnswered(_, .accepted): "action.accepted"
        case .actionAnswered(_, .refused): "action.refused"
        }
    }

    enum CodingKeys: String, CodingKey { case seq, time, type, node, service, task, previous, from, fromDesired, action, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(UInt64.self, forKey: .seq)
        time = try c.decode(Timestamp.self, forKey: .time)
        let type = try c.decode(String.self, forKey: .type)
        note = nil
        switch type {
        case "node.created": change = .nodeCreated(try c.decode(Node.self, forKey: .node))
        case "node.updated": change = .nodeUpdated(try c.decode(Node.self, forKey: .node), previous: try c.decode(NodeSummary.self, forKey: .previous))
        case "node.removed": change = .nodeRemoved(try c.decode(Node.self, forKey: .node))
        case "service.created": change = .serviceCreated(try c.decode(Service.self, forKey: .service))
        case "service.updated": change = .serviceUpdated(try c.decode(Service.self, forKey: .service))
        case "service.removed": change = .serviceRemoved(try c.decode(Service.self, forKey: .service))
        case "task.created": change = .taskCreated(try c.decode(Task.self, forKey: .task))
        case "task.updated":
            change = .taskUpdated(
                try c.decode(Task.self, forKey: .task),
                previousState: try c.decode(TaskState.self, forKey: .from),
                previousDesiredState: try c.decode(TaskState.self, forKey: .fromDesired))
        case "task.removed": change = .taskRemoved(try c.decode(Task.self, forKey: .task))
        case "action.accepted": change = .actionAnswered(try c.decode(ClusterAction.self, forKey: .action), .accepted)
        case "action.refused":
            change = .actionAnswered(try c.decode(ClusterAction.self, forKey: .action), .refused(try c.decode(String.self, forKey: .reason)))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .seq)
        try c.encode(time, forKey: .time)
        try c.encode(type, forKey: .type)
        switch change {
        case .nodeCreated(let n), .nodeRemoved(let n): try c.encode(n, forKey: .node)
        case .nodeUpdated(let n, let p):
            try c.encode(n, forKey: .node)
            try c.encode(p, forKey: .previous)
        case .serviceCreated(let s), .serviceUpdated(let s), .serviceRemoved(let s): try c.encode(s, forKey: .service)
        case .taskCreated(let t), .taskRemoved(let t): try c.encode(t, forKey: .task)
        case .taskUpdated(let t, let from, let fromDesired):
            try c.encode(t, forKey: .task)
            try c.encode(from, forKey: .from)
            try c.encode(fromDesired, forKey: .fromDesired)
        case .actionAnswered(let a, let outcome):
            try c.encode(a, forKey: .action)
            if case .refused(let r) = outcome { try c.encode(r, forKey: .reason) }
        }
    }
}

/// The parts of a node that node events report old and new values of (as Docker's
/// `node update` events do in their attributes).
public struct NodeSummary: Hashable, Sendable, Codable {
    public var role: NodeRole
    public var availability: NodeAvailability
    public var state: NodeState
    public var leader: Bool
    public var reachability: Reachability?

    public init(role: NodeRole, availability: NodeAvailability, state: NodeState, leader: Bool, reachability: Reachability?) {
        self.role = role
        self.availability = availability
        self.state = state
        self.leader = leader
        self.reachability = reachability
    }

    public init(_ node: Node) {
        self.init(
            role: node.spec.role, availability: node.spec.availability, state: node.status.state,
            leader: node.managerStatus?.leader ?? false, reachability: node.managerStatus?.reachability)
    }
}
