/// A swarm task, in the Engine API v1.41 shape (`GET /tasks`), plus the time it entered each
/// state it passed through (`StateHistory`, a swarmtop field Docker does not have).
public struct Task: Identifiable, Hashable, Sendable, Codable {
    public var id: TaskID
    public var version: ObjectVersion
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// The spec, shared with the other tasks made from the same service spec: a task then
    /// carries one reference instead of a whole spec, and making one copies no spec.
    @usableFromInline package var sharedSpec: SharedTaskSpec
    public var serviceID: ServiceID
    /// The replica slot (1…N) of a replicated service; nil for a global service's task.
    public var slot: Int?
    /// Set once the scheduler assigns the task (from creation for a global service).
    public var nodeID: NodeID?
    public var status: TaskStatus
    /// The furthest state the orchestrator lets the task reach.
    public var desiredState: TaskState
    /// Every observed state the task entered, oldest first, with the time it entered it
    /// (kept inline: see `StateHistory`).
    public var stateHistory: StateHistory

    public init(
        id: TaskID, version: ObjectVersion = .init(), createdAt: Timestamp, spec: TaskSpec, serviceID: ServiceID,
        slot: Int?, nodeID: NodeID?, desiredState: TaskState = .running
    ) {
        self.init(
            id: id, version: version, createdAt: createdAt, sharedSpec: SharedTaskSpec(spec), serviceID: serviceID, slot: slot,
            nodeID: nodeID, desiredState: desiredState)
    }

    /// A task as `init(id:version:createdAt:spec:serviceID:slot:nodeID:desiredState:)` makes
    /// it, sharing `sharedSpec` with the other tasks made from it.
    package init(
        id: TaskID, version: ObjectVersion = .init(), createdAt: Timestamp, sharedSpec: SharedTaskSpec, serviceID: ServiceID,
        slot: Int?, nodeID: NodeID?, desiredState: TaskState = .running
    ) {
        self.id = id
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.sharedSpec = sharedSpec
        self.serviceID = serviceID
        self.slot = slot
        self.nodeID = nodeID
        self.status = TaskStatus(timestamp: createdAt, state: .new, message: "created")
        self.desiredState = desiredState
        self.stateHistory = [StateEntry(state: .new, time: createdAt)]
    }

    /// What the task runs. Changing it gives this task its own copy.
    @inlinable
    public var spec: TaskSpec {
        get { sharedSpec.value }
        set { sharedSpec = SharedTaskSpec(newValue) }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", version = "Version", createdAt = "CreatedAt", updatedAt = "UpdatedAt", spec = "Spec"
        case serviceID = "ServiceID", slot = "Slot", nodeID = "NodeID", status = "Status"
        case desiredState = "DesiredState", stateHistory = "StateHistory"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(TaskID.self, forKey: .id)
        version = try c.value(.version, or: ObjectVersion())
        createdAt = try c.value(.createdAt, or: .zero)
        updatedAt = try c.value(.updatedAt, or: .zero)
        sharedSpec = SharedTaskSpec(try c.value(.spec, or: TaskSpec(image: "")))
        serviceID = try c.value(.serviceID, or: ServiceID(""))
        let rawSlot = try c.value(.slot, or: 0)
        slot = rawSlot == 0 ? nil : rawSlot
        let rawNode = try c.value(.nodeID, or: "")
        nodeID = rawNode.isEmpty ? nil : NodeID(rawNode)
        status = try c.value(.status, or: TaskStatus(timestamp: .zero, state: .new))
        desiredState = try c.value(.desiredState, or: .running)
        stateHistory = try c.value(.stateHistory, or: StateHistory())
    }

    public func encode(to encoder: any Encoder) throws {
        // Written out only because the spec is stored boxed; the keys, their order and the
        // nil fields left out are what the synthesized encoder wrote.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(spec, forKey: .spec)
        try c.encode(serviceID, forKey: .serviceID)
        try c.encodeIfPresent(slot, forKey: .slot)
        try c.encodeIfPresent(nodeID, forKey: .nodeID)
        try c.encode(status, forKey: .status)
        try c.encode(desiredState, forKey: .desiredState)
        try c.encode(stateHistory, forKey: .stateHistory)
    }

    public static func == (a: Task, b: Task) -> Bool {
        a.id == b.id && a.version == b.version && a.createdAt == b.createdAt && a.updatedAt == b.updatedAt && a.sharedSpec == b.sharedSpec
            && a.serviceID == b.serviceID && a.slot == b.slot && a.nodeID == b.nodeID && a.status == b.status
            && a.desiredState == b.desiredState && a.stateHistory == b.stateHistory
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(version)
        hasher.combine(createdAt)
        hasher.combine(updatedAt)
        hasher.combine(spec)
        hasher.combine(serviceID)
        hasher.combine(slot)
        hasher.combine(nodeID)
        hasher.combine(status)
        hasher.combine(desiredState)
        hasher.combine(stateHistory)
    }

    /// The observed state.
    public var state: TaskState { status.state }

    /// The time the task entered `state`, if it passed through it.
    public func enteredAt(_ state: TaskState) -> Timestamp? {
        stateHistory.time(of: state)
    }
}

/// One step of a task's life: the state and when the task entered it.
public struct StateEntry: Hashable, Sendable, Codable {
    public var state: TaskState
    public var time: Timestamp
    public init(state: TaskState, time: Timestamp) {
        self.state = state
        self.time = time
    }
    enum CodingKeys: String, CodingKey { case state = "State", time = "Timestamp" }
}

/// `Status` of a task: what the agent last reported.
public struct TaskStatus: Hashable, Sendable, Codable {
    public var timestamp: Timestamp
    public var state: TaskState
    public var message: String
    /// The error, for failed and rejected tasks and for pending ones the scheduler cannot place.
    public var err: String?
    public var containerStatus: ContainerStatus?

    public init(timestamp: Timestamp, state: TaskState, message: String = "", err: String? = nil, containerStatus: ContainerStatus? = nil) {
        self.timestamp = timestamp
        self.state = state
        self.message = message
        self.err = err
        self.containerStatus = containerStatus
    }

    enum CodingKeys: String, CodingKey { case timestamp = "Timestamp", state = "State", message = "Message", err = "Err", containerStatus = "ContainerStatus" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        timestamp = try c.value(.timestamp, or: .zero)
        state = try c.value(.state, or: .new)
        message = try c.value(.message, or: "")
        err = try c.decodeIfPresent(String.self, forKey: .err)
        containerStatus = try c.decodeIfPresent(ContainerStatus.self, forKey: .containerStatus)
    }
}

/// `Status.ContainerStatus`.
public struct ContainerStatus: Hashable, Sendable, Codable {
    public var containerID: String?
    public var pid: Int
    public var exitCode: Int?
    public init(containerID: String? = nil, pid: Int = 0, exitCode: Int? = nil) {
        self.containerID = containerID
        self.pid = pid
        self.exitCode = exitCode
    }
    enum CodingKeys: String, CodingKey { case containerID = "ContainerID", pid = "PID", exitCode = "ExitCode" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        containerID = try c.decodeIfPresent(String.self, forKey: .containerID)
        pid = try c.value(.pid, or: 0)
        exitCode = try c.decodeIfPresent(Int.self, forKey: .exitCode)
    }
}

/// A `TaskSpec` in a box that tasks share (see `Task.spec`). Immutable: a task given another
/// spec gets another box.
@usableFromInline
package final class SharedTaskSpec: Hashable, Sendable {
    @usableFromInline package let value: TaskSpec

    @inlinable
    package init(_ value: TaskSpec) { self.value = value }

    @usableFromInline
    package static func == (a: SharedTaskSpec, b: SharedTaskSpec) -> Bool { a === b || a.value == b.value }

    @usableFromInline
    package func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
