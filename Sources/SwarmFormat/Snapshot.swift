import SwarmModel

/// What `swarmtop snapshot --json` writes: the cluster in Engine API shape at one moment of the
/// run, with how many events led there and how much virtual time had passed.
///
/// Encoded with the keys `nodes`, `services`, `tasks`, `events` and `time`; the objects inside
/// keep their Docker Engine API field names (`ID`, `Spec`, `Status`, `DesiredState` …).
public struct SnapshotDocument: Codable, Hashable, Sendable {
    /// The nodes, in the order they joined.
    public var nodes: [Node]
    /// The services, in the order they were created, each with its `ServiceStatus`.
    public var services: [Service]
    /// Every task, live and history, by service, slot (or node), newest first.
    public var tasks: [Task]
    /// The number of events applied so far.
    public var events: Int
    /// The virtual time elapsed, in seconds: "90s", "0.25s".
    public var time: String

    /// A document with the given parts, as they are.
    public init(nodes: [Node], services: [Service], tasks: [Task], events: Int, time: String) {
        self.nodes = nodes
        self.services = services
        self.tasks = tasks
        self.events = events
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case nodes, services, tasks, events, time
    }
}

/// The snapshot document of a cluster: nodes in join order, services in creation order with
/// `ServiceStatus` filled in (`Cluster.withStatus(_:)`), tasks sorted by `Cluster.slotOrder`.
/// - Parameters:
///   - cluster: The cluster to take.
///   - eventCount: How many events have been applied to reach it.
///   - elapsed: The virtual time elapsed since the run started.
/// - Complexity: O(n + s + k log k) for n nodes, s services and k tasks.
public func snapshotDocument(cluster: Cluster, eventCount: Int, elapsed: Duration) -> SnapshotDocument {
    SnapshotDocument(
        nodes: cluster.orderedNodes,
        services: cluster.orderedServices.map { cluster.withStatus($0) },
        tasks: cluster.tasks.values.sorted(by: Cluster.slotOrder),
        events: eventCount,
        time: secondsText(elapsed)
    )
}

/// A duration in seconds with up to three decimals and no trailing zeros, then "s": "90s",
/// "0.25s", "3600s", "1.001s", "-1.5s". Rounds to the nearest millisecond, halves away from zero.
public func secondsText(_ d: Duration) -> String {
    let ns = d.nanoseconds
    let negative = ns < 0
    let magnitude = ns.magnitude
    let millis = magnitude / 1_000_000 + (magnitude % 1_000_000 >= 500_000 ? 1 : 0)
    let whole = millis / 1000
    var fraction = millis % 1000
    var text = (negative && millis > 0 ? "-" : "") + String(whole)
    if fraction > 0 {
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let f = String(fraction)
        text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return text + "s"
}
