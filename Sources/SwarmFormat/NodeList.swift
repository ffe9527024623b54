import SwarmModel

/// `docker node ls`: the swarm's nodes as docker/cli's default table prints them.
///
/// Columns ID, HOSTNAME, STATUS, AVAILABILITY, MANAGER STATUS, ENGINE VERSION (docker/cli
/// `cli/command/node/formatter.go`); the ID cell is the full node ID followed by " *" for the
/// node the client talks to and by two spaces otherwise; rows sorted by hostname in natural order
/// (`cli/command/node/list.go`).
public enum NodeTable {
    /// The header row.
    public static let header = ["ID  ", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION"]

    /// The table as `docker node ls` prints it, header first, every line ended by "\n".
    /// - Parameters:
    ///   - cluster: The cluster whose nodes to list.
    ///   - selfID: The node the client is connected to, marked with `*`; nil for none.
    /// - Complexity: O(n log n) for n nodes.
    public static func render(_ cluster: Cluster, self selfID: NodeID? = nil) -> String {
        TableLayout.docker.render([header] + rows(cluster, self: selfID))
    }

    /// The body rows of the table, in docker's order, as terminal-safe cells.
    /// - Complexity: O(n log n) for n nodes.
    public static func rows(_ cluster: Cluster, self selfID: NodeID? = nil) -> [[String]] {
        sorted(cluster.orderedNodes).map { row(for: $0, self: selfID) }
    }

    /// The nodes in `docker node ls` order: hostname in natural order, then ID.
    /// - Complexity: O(n log n).
    public static func sorted(_ nodes: [Node]) -> [Node] {
        nodes.sorted {
            if $0.hostname != $1.hostname { return naturalLess($0.hostname, $1.hostname) }
            return $0.id < $1.id
        }
    }

    /// One node's cells, terminal-safe.
    public static func row(for node: Node, self selfID: NodeID? = nil) -> [String] {
        let cells = [
            node.id.rawValue + (node.id == selfID ? " *" : "  "),
            node.hostname,
            capitalized(node.status.state.rawValue),
            capitalized(node.spec.availability.rawValue),
            managerStatus(of: node),
            node.description.engine.engineVersion,
        ]
        return cells.map(sanitizedForTerminal)
    }

    /// The MANAGER STATUS cell: "Leader", else the capitalised reachability ("Reachable",
    /// "Unreachable", "Unknown"); empty for a worker.
    public static func managerStatus(of node: Node) -> String {
        guard let status = node.managerStatus else { return "" }
        return status.leader ? "Leader" : capitalized(status.reachability.rawValue)
    }
}
