import SwarmModel

/// `docker service ps` (and `docker node ps`): tasks as docker/cli's default table prints them.
///
/// Columns ID (12 characters), NAME, IMAGE, NODE, DESIRED STATE, CURRENT STATE, ERROR, PORTS
/// (docker/cli `cli/command/task/formatter.go`). NAME is `service.slot`, or `service.nodeID` for
/// a global service's task. Rows are sorted by NAME in natural order and then newest first, and
/// every row whose NAME repeats the row above's (an older task of the same slot) is written
/// `" \_ " + NAME` (docker/cli `cli/command/task/print.go`).
public enum TaskTable {
    /// The header row.
    public static let header = ["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS"]

    /// The prefix of an older task of the slot listed above it.
    public static let historyPrefix = " \\_ "

    /// The widest an error may be before it is cut with "…" (docker/cli's `maxErrLength`).
    public static let maxErrorWidth = 30

    /// The table of the given tasks as `docker service ps` prints it, header first, every line
    /// ended by "\n".
    /// - Parameters:
    ///   - cluster: Where service names and node names are looked up.
    ///   - tasks: The tasks to list, in any order.
    ///   - now: The time the CURRENT STATE column counts from.
    /// - Complexity: O(k log k) for k tasks.
    public static func render(_ cluster: Cluster, tasks: [Task], now: Timestamp) -> String {
        TableLayout.docker.render([header] + rows(cluster, tasks: tasks, now: now))
    }

    /// The table of the tasks of some services (all tasks, live and history, of each), as
    /// `docker service ps SERVICE…` prints it.
    /// - Parameters:
    ///   - cluster: The cluster.
    ///   - services: The services whose tasks to list; nil for every task in the cluster.
    ///   - now: The time the CURRENT STATE column counts from.
    /// - Complexity: O(k log k) for k tasks.
    public static func render(_ cluster: Cluster, services: [ServiceID]? = nil, now: Timestamp) -> String {
        let tasks: [Task]
        if let services {
            tasks = Set(services).flatMap { cluster.taskIDs(ofService: $0) }.compactMap { cluster.tasks[$0] }
        } else {
            tasks = Array(cluster.tasks.values)
        }
        return render(cluster, tasks: tasks, now: now)
    }

    /// The body rows, in docker's order and with history rows prefixed, as terminal-safe cells.
    /// - Complexity: O(k log k) for k tasks.
    public static func rows(_ cluster: Cluster, tasks: [Task], now: Timestamp) -> [[String]] {
        let named = sorted(tasks.map { (name: name(of: $0, in: cluster), task: $0) })
        var previous: String?
        return named.map { entry in
            let shownName = entry.name == previous ? historyPrefix + entry.name : entry.name
            previous = entry.name
            return row(for: entry.task, name: shownName, in: cluster, now: now)
        }
    }

    /// The tasks in `docker service ps` order: NAME in natural order, then newest first (then
    /// by ID, so that the order never depends on the input's).
    /// - Complexity: O(k log k).
    public static func sorted(_ tasks: [Task], in cluster: Cluster) -> [Task] {
        sorted(tasks.map { (name: name(of: $0, in: cluster), task: $0) }).map(\.task)
    }

    private static func sorted(_ named: [(name: String, task: Task)]) -> [(name: String, task: Task)] {
        named.sorted { a, b in
            if a.name != b.name { return naturalLess(a.name, b.name) }
            if a.task.createdAt != b.task.createdAt { return a.task.createdAt > b.task.createdAt }
            return a.task.id > b.task.id
        }
    }

    /// One task's cells, terminal-safe, with `name` in the NAME column.
    private static func row(for task: Task, name: String, in cluster: Cluster, now: Timestamp) -> [String] {
        let cells = [
            truncatedID(task.id.rawValue),
            name,
            displayedImage(task.spec.image),
            nodeName(of: task, in: cluster),
            task.desiredState.displayName,
            currentState(of: task, now: now),
            error(of: task),
            "",
        ]
        return cells.map(sanitizedForTerminal)
    }

    /// The task's NAME: `service.slot`, or `service.nodeID` for a global service's task (the
    /// service's ID stands in for its name when the service is gone).
    public static func name(of task: Task, in cluster: Cluster) -> String {
        let service = cluster.services[task.serviceID]?.name ?? task.serviceID.rawValue
        if let slot = task.slot { return "\(service).\(slot)" }
        return "\(service).\(task.nodeID?.rawValue ?? "")"
    }

    /// The NODE cell, resolved as docker/cli's ID resolver does: the node's spec name, else its
    /// hostname, else its ID (also for a node that is gone); empty for an unassigned task.
    public static func nodeName(of task: Task, in cluster: Cluster) -> String {
        guard let id = task.nodeID else { return "" }
        guard let node = cluster.nodes[id] else { return id.rawValue }
        if let name = node.spec.name, !name.isEmpty { return name }
        if !node.hostname.isEmpty { return node.hostname }
        return id.rawValue
    }

    /// The CURRENT STATE cell: the state and how long ago the agent reported it, as
    /// "Running 44 seconds ago" or "Shutdown about a minute ago" (docker lowercases
    /// `humanDuration`).
    public static func currentState(of task: Task, now: Timestamp) -> String {
        "\(task.status.state.displayName) \(humanDuration(now - task.status.timestamp).lowercased()) ago"
    }

    /// The ERROR cell: the task's error, made terminal-safe, cut to 30 columns with "…" and put
    /// in double quotes (docker/cli writes `"%s"`, it does not escape); empty when there is none
    /// (or nothing printable).
    public static func error(of task: Task) -> String {
        let cut = truncated(sanitizedForTerminal(task.status.err ?? ""), toWidth: maxErrorWidth)
        return cut.isEmpty ? "" : "\"\(cut)\""
    }
}
