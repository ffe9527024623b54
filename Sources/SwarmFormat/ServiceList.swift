import SwarmModel

/// `docker service ls`: the swarm's services as docker/cli's default table prints them.
///
/// Columns ID (12 characters), NAME, MODE, REPLICAS, IMAGE, PORTS (docker/cli
/// `cli/command/service/formatter.go`), rows sorted by name in natural order.
public enum ServiceTable {
    /// The header row.
    public static let header = ["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"]

    /// The table as `docker service ls` prints it, header first, every line ended by "\n".
    /// - Complexity: O(s log s) for s services.
    public static func render(_ cluster: Cluster) -> String {
        TableLayout.docker.render([header] + rows(cluster))
    }

    /// The body rows of the table, in docker's order, as terminal-safe cells.
    /// - Complexity: O(s log s) for s services.
    public static func rows(_ cluster: Cluster) -> [[String]] {
        sorted(cluster.orderedServices).map { row(for: $0, in: cluster) }
    }

    /// The services in `docker service ls` order: name in natural order, then ID.
    /// - Complexity: O(s log s).
    public static func sorted(_ services: [Service]) -> [Service] {
        services.sorted {
            if $0.name != $1.name { return naturalLess($0.name, $1.name) }
            return $0.id < $1.id
        }
    }

    /// One service's cells, terminal-safe.
    public static func row(for service: Service, in cluster: Cluster) -> [String] {
        let cells = [
            truncatedID(service.id.rawValue),
            service.name,
            service.mode.name,
            replicas(of: service, in: cluster),
            displayedImage(service.spec.taskTemplate.image),
            "",
        ]
        return cells.map(sanitizedForTerminal)
    }

    /// The REPLICAS cell: running/desired tasks ("3/6"), with " (max 2 per node)" for a
    /// replicated service limited per node.
    public static func replicas(of service: Service, in cluster: Cluster) -> String {
        let counts = "\(cluster.runningCount(ofService: service.id))/\(cluster.desiredCount(ofService: service.id))"
        if case .replicated = service.mode, let max = service.spec.taskTemplate.placement?.maxReplicas, max > 0 {
            return counts + " (max \(max) per node)"
        }
        return counts
    }
}
