/// A swarm task, in the Engine API v1.41 shape (`GET /tasks`), plus the time it entered each
/// state it passed through (`StateHistory`, a swarmtop field Docker does not have).
public struct Task: Identifiable, Hashable, Sendable, Codable {
    public var id: TaskID
    public var version: ObjectVersion
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var spec: TaskSpec
    public var serviceID: ServiceID
    /// The replica slot (1…N) of a replicated service; nil for a global service's task.
    public var slot: Int?
    /// Set once the scheduler assigns the task (from creation for a global service).
    public var nodeID: NodeID?
    public var status: TaskStatus
    /// The furthest state the orchestrator lets the task reach.
    public var desiredState: TaskState
    /// Every observed state the task entered, oldest first, with the time it entered it.
    public var stateHistory: [StateEntry]

    public init(
        id: TaskID, version: ObjectVersion = .init(), createdAt: Timestamp, spec: TaskSpec, serviceID: ServiceID,
        slot: Int?, nodeID: NodeID?, desiredState: TaskState = .running
    ) {
        self.id = id
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.spec = spec
        self.serviceID = serviceID
        self.slot = slot
        self.nodeID = nodeID
        self.status = TaskStatus(timestamp: createdAt, state: .new, message: "created")
        self.desiredState = desiredState
        var history: [StateEntry] = []
        // Room for a whole life (new … running, then how it ended) at once: growing one
        // entry at a time reallocates four times per task.
        history.reserveCapacity(Task.typicalHistoryLength)
        history.append(StateEntry(state: .new, time: createdAt))
        self.stateHistory = history
    }

    /// States a task usually passes through: new, pending, assigned, accepted, preparing,
    /// ready, starting, running and a terminal state.
    static let typicalHistoryLength = 9

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
        spec = try c.value(.spec, or: TaskSpec(image: ""))
        serviceID = try c.value(.serviceID, or: ServiceID(""))
        let rawSlot = try c.value(.slot, or: 0)
        slot = rawSlot == 0 ? nil : rawSlot
        let rawNode = try c.value(.nodeID, or: "")
        nodeID = rawNode.isEmpty ? nil : NodeID(rawNode)
        status = try c.value(.status, or: TaskStatus(timestamp: .zero, state: .new))
        desiredState = try c.value(.desiredState, or: .running)
        stateHistory = try c.value(.stateHistory, or: [])
    }

    /// The observed state.
    public var state: TaskState { status.state }

    /// The time the task entered `state`, if it passed through it.
    public func enteredAt(_ state: TaskState) -> Timestamp? {
        stateHistory.first(where: { $0.state == state })?.time
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
