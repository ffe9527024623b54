import SwarmModel

/// Everything a swarm manager lists at one moment: nodes, services (with counts), tasks, and
/// the daemon's clock.
public struct DockerListing: Sendable {
    public var nodes: [Node]
    public var services: [Service]
    public var tasks: [Task]
    /// The daemon's time when the listing was read, for "… ago" columns.
    public var time: Timestamp
    /// The node the daemon runs on (`docker node ls` marks it with `*`).
    public var selfID: NodeID?

    public init(nodes: [Node], services: [Service], tasks: [Task], time: Timestamp, selfID: NodeID?) {
        self.nodes = nodes
        self.services = services
        self.tasks = tasks
        self.time = time
        self.selfID = selfID
    }

    /// Reads nodes, services and tasks from the manager.
    /// - Throws: `DockerError` when the daemon cannot be reached or refuses.
    public static func read(from client: DockerClient) async throws(DockerError) -> DockerListing {
        let nodes = try await client.nodes()
        let services = try await client.services()
        let tasks = try await client.tasks()
        let time = try await client.systemTime()
        return DockerListing(nodes: nodes, services: services, tasks: tasks, time: time, selfID: client.swarm.nodeID)
    }

    /// The listing as a model cluster: nodes in the order they joined, services in the order
    /// they were created (as the engine orders them).
    /// - Complexity: O(n log n + s log s + k).
    public var cluster: Cluster {
        var cluster = Cluster()
        for node in nodes.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) { cluster.upsert(node) }
        for service in services.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) { cluster.upsert(service) }
        for task in tasks { cluster.upsert(task) }
        return cluster
    }
}
