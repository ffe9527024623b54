/// A swarm node, in the Engine API v1.41 shape (`GET /nodes`).
public struct Node: Identifiable, Hashable, Sendable, Codable {
    public var id: NodeID
    public var version: ObjectVersion
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var spec: NodeSpec
    public var description: NodeDescription
    public var status: NodeStatus
    /// Present on managers only.
    public var managerStatus: ManagerStatus?

    public init(
        id: NodeID, version: ObjectVersion = .init(), createdAt: Timestamp, updatedAt: Timestamp,
        spec: NodeSpec, description: NodeDescription, status: NodeStatus, managerStatus: ManagerStatus? = nil
    ) {
        self.id = id
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.spec = spec
        self.description = description
        self.status = status
        self.managerStatus = managerStatus
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", version = "Version", createdAt = "CreatedAt", updatedAt = "UpdatedAt"
        case spec = "Spec", description = "Description", status = "Status", managerStatus = "ManagerStatus"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(NodeID.self, forKey: .id)
        version = try c.value(.version, or: ObjectVersion())
        createdAt = try c.value(.createdAt, or: .zero)
        updatedAt = try c.value(.updatedAt, or: .zero)
        spec = try c.value(.spec, or: NodeSpec())
        description = try c.value(.description, or: NodeDescription(hostname: ""))
        status = try c.value(.status, or: NodeStatus())
        managerStatus = try c.decodeIfPresent(ManagerStatus.self, forKey: .managerStatus)
    }

    /// The node's hostname (what `docker node ls` shows).
    public var hostname: String { description.hostname }
    public var role: NodeRole { spec.role }
    public var availability: NodeAvailability { spec.availability }
    public var state: NodeState { status.state }
    public var isLeader: Bool { managerStatus?.leader ?? false }
    /// Whether the scheduler may place new tasks here: status ready and availability active.
    public var acceptsNewTasks: Bool { status.state == .ready && spec.availability == .active }
}

/// A node's role in the swarm.
public enum NodeRole: String, CaseIterable, Hashable, Sendable, Codable {
    case worker, manager
}

/// Whether the scheduler may use a node: `docker node update --availability`.
public enum NodeAvailability: String, CaseIterable, Hashable, Sendable, Codable {
    case active, pause, drain
}

/// What the managers last heard from a node.
public enum NodeState: String, CaseIterable, Hashable, Sendable, Codable {
    case unknown, down, ready, disconnected
}

/// Whether a manager can be reached by the raft cluster.
public enum Reachability: String, CaseIterable, Hashable, Sendable, Codable {
    case unknown, unreachable, reachable
}

/// What the operator sets on a node: `Spec`.
public struct NodeSpec: Hashable, Sendable, Codable {
    public var name: String?
    public var labels: [String: String]
    public var role: NodeRole
    public var availability: NodeAvailability

    public init(name: String? = nil, labels: [String: String] = [:], role: NodeRole = .worker, availability: NodeAvailability = .active) {
        self.name = name
        self.labels = labels
        self.role = role
        self.availability = availability
    }

    enum CodingKeys: String, CodingKey { case name = "Name", labels = "Labels", role = "Role", availability = "Availability" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        labels = try c.value(.labels, or: [:])
        role = try c.value(.role, or: .worker)
        availability = try c.value(.availability, or: .active)
    }
}

/// What the node reports about itself: `Description`.
public struct NodeDescription: Hashable, Sendable, Codable {
    public var hostname: String
    public var platform: Platform
    public var resources: Resources
    public var engine: EngineDescription

    public init(hostname: String, platform: Platform = .init(), resources: Resources = .init(), engine: EngineDescription = .init()) {
        self.hostname = hostname
        self.platform = platform
        self.resources = resources
        self.engine = engine
    }

    enum CodingKeys: String, CodingKey { case hostname = "Hostname", platform = "Platform", resources = "Resources", engine = "Engine" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostname = try c.value(.hostname, or: "")
        platform = try c.value(.platform, or: Platform())
        resources = try c.value(.resources, or: Resources())
        engine = try c.value(.engine, or: EngineDescription())
    }
}

/// `Description.Platform`.
public struct Platform: Hashable, Sendable, Codable {
    public var architecture: String
    public var os: String
    public init(architecture: String = "x86_64", os: String = "linux") {
        self.architecture = architecture
        self.os = os
    }
    enum CodingKeys: String, CodingKey { case architecture = "Architecture", os = "OS" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try c.value(.architecture, or: "")
        os = try c.value(.os, or: "")
    }
}

/// CPU and memory, as `NanoCPUs` (10⁻⁹ CPU) and `MemoryBytes`.
public struct Resources: Hashable, Sendable, Codable {
    public var nanoCPUs: Int64
    public var memoryBytes: Int64
    public init(nanoCPUs: Int64 = 0, memoryBytes: Int64 = 0) {
        self.nanoCPUs = nanoCPUs
        self.memoryBytes = memoryBytes
    }
    enum CodingKeys: String, CodingKey { case nanoCPUs = "NanoCPUs", memoryBytes = "MemoryBytes" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nanoCPUs = try c.value(.nanoCPUs, or: 0)
        memoryBytes = try c.value(.memoryBytes, or: 0)
    }
    /// Whether both amounts are zero (no reservation).
    public var isZero: Bool { nanoCPUs == 0 && memoryBytes == 0 }
}

/// `Description.Engine`.
public struct EngineDescription: Hashable, Sendable, Codable {
    public var engineVersion: String
    public var labels: [String: String]
    public init(engineVersion: String = "20.10.24", labels: [String: String] = [:]) {
        self.engineVersion = engineVersion
        self.labels = labels
    }
    enum CodingKeys: String, CodingKey { case engineVersion = "EngineVersion", labels = "Labels" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        engineVersion = try c.value(.engineVersion, or: "")
        labels = try c.value(.labels, or: [:])
    }
}

/// `Status`: the node's state as the managers see it.
public struct NodeStatus: Hashable, Sendable, Codable {
    public var state: NodeState
    public var message: String?
    public var addr: String?
    public init(state: NodeState = .unknown, message: String? = nil, addr: String? = nil) {
        self.state = state
        self.message = message
        self.addr = addr
    }
    enum CodingKeys: String, CodingKey { case state = "State", message = "Message", addr = "Addr" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.value(.state, or: .unknown)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        addr = try c.decodeIfPresent(String.self, forKey: .addr)
    }
}

/// `ManagerStatus`, on managers only.
public struct ManagerStatus: Hashable, Sendable, Codable {
    public var leader: Bool
    public var reachability: Reachability
    public var addr: String?
    public init(leader: Bool = false, reachability: Reachability = .reachable, addr: String? = nil) {
        self.leader = leader
        self.reachability = reachability
        self.addr = addr
    }
    enum CodingKeys: String, CodingKey { case leader = "Leader", reachability = "Reachability", addr = "Addr" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        leader = try c.value(.leader, or: false)
        reachability = try c.value(.reachability, or: .unknown)
        addr = try c.decodeIfPresent(String.self, forKey: .addr)
    }
}
