/// A swarm service, in the Engine API v1.41 shape (`GET /services?status=true`).
public struct Service: Identifiable, Hashable, Sendable, Codable {
    public var id: ServiceID
    public var version: ObjectVersion
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var spec: ServiceSpec
    /// The spec before the last update; a rollback returns to it.
    public var previousSpec: ServiceSpec?
    public var updateStatus: UpdateStatus?
    /// Running and desired task counts (`?status=true`).
    public var serviceStatus: ServiceStatus?

    public init(
        id: ServiceID, version: ObjectVersion = .init(), createdAt: Timestamp, updatedAt: Timestamp,
        spec: ServiceSpec, previousSpec: ServiceSpec? = nil, updateStatus: UpdateStatus? = nil, serviceStatus: ServiceStatus? = nil
    ) {
        self.id = id
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.spec = spec
        self.previousSpec = previousSpec
        self.updateStatus = updateStatus
        self.serviceStatus = serviceStatus
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", version = "Version", createdAt = "CreatedAt", updatedAt = "UpdatedAt", spec = "Spec"
        case previousSpec = "PreviousSpec", updateStatus = "UpdateStatus", serviceStatus = "ServiceStatus"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ServiceID.self, forKey: .id)
        version = try c.value(.version, or: ObjectVersion())
        createdAt = try c.value(.createdAt, or: .zero)
        updatedAt = try c.value(.updatedAt, or: .zero)
        spec = try c.decode(ServiceSpec.self, forKey: .spec)
        previousSpec = try c.decodeIfPresent(ServiceSpec.self, forKey: .previousSpec)
        updateStatus = try c.decodeIfPresent(UpdateStatus.self, forKey: .updateStatus)
        serviceStatus = try c.decodeIfPresent(ServiceStatus.self, forKey: .serviceStatus)
    }

    public var name: String { spec.name }
    public var mode: ServiceMode { spec.mode }
}

/// `Spec` of a service.
public struct ServiceSpec: Hashable, Sendable, Codable {
    public var name: String
    public var labels: [String: String]
    public var taskTemplate: TaskSpec
    public var mode: ServiceMode
    public var updateConfig: UpdateConfig?
    public var rollbackConfig: UpdateConfig?

    public init(
        name: String, labels: [String: String] = [:], taskTemplate: TaskSpec, mode: ServiceMode = .replicated(replicas: 1),
        updateConfig: UpdateConfig? = nil, rollbackConfig: UpdateConfig? = nil
    ) {
        self.name = name
        self.labels = labels
        self.taskTemplate = taskTemplate
        self.mode = mode
        self.updateConfig = updateConfig
        self.rollbackConfig = rollbackConfig
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", labels = "Labels", taskTemplate = "TaskTemplate", mode = "Mode"
        case updateConfig = "UpdateConfig", rollbackConfig = "RollbackConfig"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.value(.name, or: "")
        labels = try c.value(.labels, or: [:])
        taskTemplate = try c.value(.taskTemplate, or: TaskSpec(image: ""))
        mode = try c.value(.mode, or: .replicated(replicas: 1))
        updateConfig = try c.decodeIfPresent(UpdateConfig.self, forKey: .updateConfig)
        rollbackConfig = try c.decodeIfPresent(UpdateConfig.self, forKey: .rollbackConfig)
    }
}

/// `Mode`: `{"Replicated": {"Replicas": 3}}` or `{"Global": {}}`.
public enum ServiceMode: Hashable, Sendable, Codable {
    case replicated(replicas: Int)
    case global

    enum CodingKeys: String, CodingKey { case replicated = "Replicated", global = "Global" }
    enum ReplicatedKeys: String, CodingKey { case replicas = "Replicas" }
    struct Empty: Codable {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.global) {
            self = .global
        } else if c.contains(.replicated) {
            let r = try c.nestedContainer(keyedBy: ReplicatedKeys.self, forKey: .replicated)
            self = .replicated(replicas: try r.value(.replicas, or: 1))
        } else {
            // Jobs (ReplicatedJob, GlobalJob) are not modelled; show them as one-replica services.
            self = .replicated(replicas: 1)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .replicated(let n):
            var r = c.nestedContainer(keyedBy: ReplicatedKeys.self, forKey: .replicated)
            try r.encode(n, forKey: .replicas)
        case .global:
            try c.encode(Empty(), forKey: .global)
        }
    }

    /// The replica count of a replicated service; nil for global.
    public var replicas: Int? {
        if case .replicated(let n) = self { return n }
        return nil
    }

    /// `replicated` or `global`, as `docker service ls` prints the mode.
    public var name: String {
        switch self {
        case .replicated: "replicated"
        case .global: "global"
        }
    }
}

/// `TaskTemplate`: what every task of the service runs and how it is placed.
public struct TaskSpec: Hashable, Sendable, Codable {
    public var containerSpec: ContainerSpec
    public var resources: ResourceRequirements?
    public var restartPolicy: RestartPolicy?
    public var placement: Placement?
    /// Bumped to force a redeploy with an unchanged spec.
    public var forceUpdate: Int

    public init(image: String, resources: ResourceRequirements? = nil, restartPolicy: RestartPolicy? = nil, placement: Placement? = nil, forceUpdate: Int = 0) {
        self.containerSpec = ContainerSpec(image: image)
        self.resources = resources
        self.restartPolicy = restartPolicy
        self.placement = placement
        self.forceUpdate = forceUpdate
    }

    enum CodingKeys: String, CodingKey {
        case containerSpec = "ContainerSpec", resources = "Resources", restartPolicy = "RestartPolicy"
        case placement = "Placement", forceUpdate = "ForceUpdate"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        containerSpec = try c.value(.containerSpec, or: ContainerSpec(image: ""))
        resources = try c.decodeIfPresent(ResourceRequirements.self, forKey: .resources)
        restartPolicy = try c.decodeIfPresent(RestartPolicy.self, forKey: .restartPolicy)
        placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
        forceUpdate = try c.value(.forceUpdate, or: 0)
    }

    public var image: String {
        get { containerSpec.image }
        set { containerSpec.image = newValue }
    }

    /// Reserved resources (zero when none are set).
    public var reservations: Resources { resources?.reservations ?? Resources() }
}

/// `ContainerSpec`. Environment, secrets and configs are deliberately not modelled: swarmtop
/// never holds their values.
public struct ContainerSpec: Hashable, Sendable, Codable {
    public var image: String
    public init(image: String) { self.image = image }
    enum CodingKeys: String, CodingKey { case image = "Image" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try c.value(.image, or: "")
    }
}

/// `Resources`: limits and reservations.
public struct ResourceRequirements: Hashable, Sendable, Codable {
    public var limits: Resources?
    public var reservations: Resources?
    public init(limits: Resources? = nil, reservations: Resources? = nil) {
        self.limits = limits
        self.reservations = reservations
    }
    enum CodingKeys: String, CodingKey { case limits = "Limits", reservations = "Reservations" }
}

/// When a task that stopped is replaced: `RestartPolicy.Condition`.
public enum RestartCondition: String, CaseIterable, Hashable, Sendable, Codable {
    case none
    case onFailure = "on-failure"
    case any
}

/// `RestartPolicy`. Durations are nanoseconds, as in the API.
public struct RestartPolicy: Hashable, Sendable, Codable {
    public var condition: RestartCondition
    /// Nanoseconds between a stop and the restart (Docker's default 5 s).
    public var delay: Int64
    /// 0 means unlimited.
    public var maxAttempts: Int
    /// Nanoseconds; attempts are counted within this window (0: over the task's whole life).
    public var window: Int64

    public init(condition: RestartCondition = .any, delay: Duration = .seconds(5), maxAttempts: Int = 0, window: Duration = .zero) {
        self.condition = condition
        self.delay = delay.nanoseconds
        self.maxAttempts = maxAttempts
        self.window = window.nanoseconds
    }

    enum CodingKeys: String, CodingKey { case condition = "Condition", delay = "Delay", maxAttempts = "MaxAttempts", window = "Window" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        condition = try c.value(.condition, or: .any)
        delay = try c.value(.delay, or: 5_000_000_000)
        maxAttempts = try c.value(.maxAttempts, or: 0)
        window = try c.value(.window, or: 0)
    }
}

/// `Placement`: constraints, spread preferences, max replicas per node.
public struct Placement: Hashable, Sendable, Codable {
    public var constraints: [String]
    public var preferences: [PlacementPreference]
    /// 0 means no limit.
    public var maxReplicas: Int

    public init(constraints: [String] = [], preferences: [PlacementPreference] = [], maxReplicas: Int = 0) {
        self.constraints = constraints
        self.preferences = preferences
        self.maxReplicas = maxReplicas
    }

    enum CodingKeys: String, CodingKey { case constraints = "Constraints", preferences = "Preferences", maxReplicas = "MaxReplicas" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        constraints = try c.value(.constraints, or: [])
        preferences = try c.value(.preferences, or: [])
        maxReplicas = try c.value(.maxReplicas, or: 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !constraints.isEmpty { try c.encode(constraints, forKey: .constraints) }
        if !preferences.isEmpty { try c.encode(preferences, forKey: .preferences) }
        if maxReplicas != 0 { try c.encode(maxReplicas, forKey: .maxReplicas) }
    }
}

/// `{"Spread": {"SpreadDescriptor": "node.labels.zone"}}`.
public struct PlacementPreference: Hashable, Sendable, Codable {
    public var spreadDescriptor: String
    public init(spread: String) { spreadDescriptor = spread }
    enum CodingKeys: String, CodingKey { case spread = "Spread" }
    enum SpreadKeys: String, CodingKey { case descriptor = "SpreadDescriptor" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let s = try c.nestedContainer(keyedBy: SpreadKeys.self, forKey: .spread)
        spreadDescriptor = try s.value(.descriptor, or: "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var s = c.nestedContainer(keyedBy: SpreadKeys.self, forKey: .spread)
        try s.encode(spreadDescriptor, forKey: .descriptor)
    }
}

/// What an update does when a task fails: `UpdateConfig.FailureAction`.
public enum UpdateFailureAction: String, CaseIterable, Hashable, Sendable, Codable {
    case pause, `continue`, rollback
}

/// Whether an update stops the old task first or starts the new one first.
public enum UpdateOrder: String, CaseIterable, Hashable, Sendable, Codable {
    case stopFirst = "stop-first"
    case startFirst = "start-first"
}

/// `UpdateConfig` (and `RollbackConfig`). Durations are nanoseconds.
public struct UpdateConfig: Hashable, Sendable, Codable {
    /// Tasks updated at once; 0 means all at once.
    public var parallelism: Int
    public var delay: Int64
    public var failureAction: UpdateFailureAction
    public var monitor: Int64
    public var maxFailureRatio: Double
    public var order: UpdateOrder

    public init(
        parallelism: Int = 1, delay: Duration = .zero, failureAction: UpdateFailureAction = .pause,
        monitor: Duration = .seconds(5), maxFailureRatio: Double = 0, order: UpdateOrder = .stopFirst
    ) {
        self.parallelism = parallelism
        self.delay = delay.nanoseconds
        self.failureAction = failureAction
        self.monitor = monitor.nanoseconds
        self.maxFailureRatio = maxFailureRatio
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case parallelism = "Parallelism", delay = "Delay", failureAction = "FailureAction", monitor = "Monitor"
        case maxFailureRatio = "MaxFailureRatio", order = "Order"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parallelism = try c.value(.parallelism, or: 1)
        delay = try c.value(.delay, or: 0)
        failureAction = try c.value(.failureAction, or: .pause)
        monitor = try c.value(.monitor, or: 5_000_000_000)
        maxFailureRatio = try c.value(.maxFailureRatio, or: 0)
        order = try c.value(.order, or: .stopFirst)
    }
}

/// `UpdateStatus.State`.
public enum UpdateState: String, CaseIterable, Hashable, Sendable, Codable {
    case updating, paused, completed
    case rollbackStarted = "rollback_started"
    case rollbackPaused = "rollback_paused"
    case rollbackCompleted = "rollback_completed"
}

/// `UpdateStatus`: where a rolling update is.
public struct UpdateStatus: Hashable, Sendable, Codable {
    public var state: UpdateState?
    public var startedAt: Timestamp?
    public var completedAt: Timestamp?
    public var message: String?
    public init(state: UpdateState?, startedAt: Timestamp? = nil, completedAt: Timestamp? = nil, message: String? = nil) {
        self.state = state
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.message = message
    }
    enum CodingKeys: String, CodingKey { case state = "State", startedAt = "StartedAt", completedAt = "CompletedAt", message = "Message" }
}

/// `ServiceStatus`: task counts, as `docker service ls` shows them (`3/5`).
public struct ServiceStatus: Hashable, Sendable, Codable {
    public var runningTasks: Int
    public var desiredTasks: Int
    public var completedTasks: Int
    public init(runningTasks: Int = 0, desiredTasks: Int = 0, completedTasks: Int = 0) {
        self.runningTasks = runningTasks
        self.desiredTasks = desiredTasks
        self.completedTasks = completedTasks
    }
    enum CodingKeys: String, CodingKey { case runningTasks = "RunningTasks", desiredTasks = "DesiredTasks", completedTasks = "CompletedTasks" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runningTasks = try c.value(.runningTasks, or: 0)
        desiredTasks = try c.value(.desiredTasks, or: 0)
        completedTasks = try c.value(.completedTasks, or: 0)
    }
}
