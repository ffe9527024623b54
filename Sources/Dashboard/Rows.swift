import SwarmFormat
import SwarmModel

/// One row of a list, by what it shows.
public enum RowKey: Hashable, Sendable {
    case node(NodeID)
    case service(ServiceID)
    /// A task; `history` when it is an older task of the slot listed above it.
    case task(TaskID, history: Bool)
    /// A line of the event log, by its serial number.
    case event(Int)
    /// A step of a task's state timeline.
    case step(Int)
}

/// A column of a list: its title, how wide it may be, how readily it is dropped when the
/// pane is narrow (lower priority goes first), and whether it is free text.
///
/// A short, categorical column (a name, a state, a count) is shown whole or not at all: cut,
/// it says nothing. A `flexible` column holds free text (an event, an error, labels) that
/// reads fine cut short with "…", so it shrinks towards `minWidth` before any column is dropped.
public struct Column: Hashable, Sendable {
    public var title: String
    public var minWidth: Int
    public var maxWidth: Int
    public var priority: Int
    public var flexible: Bool
    public init(_ title: String, min: Int, max: Int, priority: Int, flexible: Bool = false) {
        self.title = title
        self.minWidth = min
        self.maxWidth = max
        self.priority = priority
        self.flexible = flexible
    }
}

/// A cell's text and role.
public struct CellText: Hashable, Sendable {
    public var text: String
    public var role: StyleRole
    public init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

extension DashboardState {
    /// The columns of a list.
    public static func columns(_ list: ListID) -> [Column] {
        switch list {
        case .nodes:
            [Column("HOSTNAME", min: 8, max: 24, priority: 9), Column("ROLE", min: 7, max: 7, priority: 5),
             Column("AVAILABILITY", min: 6, max: 12, priority: 8), Column("STATUS", min: 6, max: 7, priority: 8),
             Column("MANAGER", min: 7, max: 11, priority: 6), Column("TASKS", min: 5, max: 9, priority: 7),
             Column("LABELS", min: 6, max: 40, priority: 2, flexible: true)]
        case .services:
            [Column("NAME", min: 6, max: 24, priority: 9), Column("MODE", min: 6, max: 10, priority: 4),
             Column("REPLICAS", min: 8, max: 22, priority: 8, flexible: true), Column("IMAGE", min: 12, max: 32, priority: 5, flexible: true),
             Column("UPDATE", min: 6, max: 18, priority: 3)]
        case .tasks, .nodeTasks, .serviceTasks:
            [Column("NAME", min: 8, max: 28, priority: 9), Column("NODE", min: 6, max: 18, priority: 7),
             Column("DESIRED", min: 7, max: 8, priority: 4), Column("CURRENT STATE", min: 13, max: 32, priority: 8, flexible: true),
             Column("ERROR", min: 8, max: 32, priority: 5, flexible: true)]
        case .events:
            [Column("TIME", min: 8, max: 8, priority: 6), Column("EVENT", min: 10, max: 200, priority: 9, flexible: true)]
        case .taskTimeline:
            [Column("STATE", min: 10, max: 12, priority: 9), Column("ENTERED", min: 20, max: 30, priority: 8),
             Column("AGO", min: 8, max: 28, priority: 7, flexible: true)]
        }
    }

    /// The rows a list draws from, before filtering, unordered (the event log newest first,
    /// a timeline latest first). Task lists draw from the task table (see `TaskIndex`).
    /// - Complexity: O(n).
    func candidateRows(_ list: ListID) -> [RowKey] {
        switch list {
        case .nodes: return cluster.nodeOrder.map { .node($0) }
        case .services: return cluster.serviceOrder.map { .service($0) }
        case .tasks, .nodeTasks, .serviceTasks: return []
        case .events: return log.lines.reversed().map { .event($0.serial) }
        case .taskTimeline:
            guard case .task(let id) = drill.last, let task = cluster.tasks[id] else { return [] }
            return task.stateHistory.indices.reversed().map { .step($0) }
        }
    }

    /// Where a node or service row goes in `list` sorted by `sort`, or nil when the list does
    /// not show it (not one of its rows, or filtered out). The filter matches any column's
    /// text, ignoring case. (Task lists are kept by `TaskIndex`.)
    func sortKey(of row: RowKey, in list: ListID, filter: RowFilter?, sort: SortOrder) -> RowSortKey? {
        switch row {
        case .node(let id):
            guard list == .nodes, let node = cluster.nodes[id] else { return nil }
            if let filter, !filter.keeps(nodeCells(node).lazy.map(\.text)) { return nil }
            let value: RowSortKey.Value = switch sort.column {
            case 0: .text(NaturalKey(node.description.hostname))
            case 5: .number(Double(cluster.taskCount(onNode: id)))
            case 3: .text(NaturalKey(node.status.state.rawValue))
            default: .text(NaturalKey(nodeCells(node).text(sort.column)))
            }
            return RowSortKey(value: value, name: NaturalKey(node.description.hostname))
        case .service(let id):
            guard list == .services, let service = cluster.services[id] else { return nil }
            if let filter, !filter.keeps(serviceCells(service).lazy.map(\.text)) { return nil }
            let value: RowSortKey.Value = switch sort.column {
            case 0: .text(NaturalKey(service.spec.name))
            case 2: .number(Double(cluster.runningCount(ofService: id)))
            default: .text(NaturalKey(serviceCells(service).text(sort.column)))
            }
            return RowSortKey(value: value, name: NaturalKey(service.spec.name))
        case .task, .event, .step:
            return nil
        }
    }

    /// `service.slot`, or `service.hostname` for a global service's task.
    public func taskName(_ task: Task) -> String {
        let service = names.services[task.serviceID] ?? task.serviceID.rawValue
        if let slot = task.slot { return "\(service).\(slot)" }
        return "\(service).\(hostname(task.nodeID))"
    }

    func hostname(_ id: NodeID?) -> String {
        guard let id else { return "" }
        return names.hostnames[id] ?? String(id.rawValue.prefix(12))
    }

    /// What a row shows in each column.
    public func cells(_ key: RowKey, in list: ListID) -> [CellText] {
        switch key {
        case .node(let id):
            guard let node = cluster.nodes[id] else { return [] }
            return nodeCells(node)
        case .service(let id):
            guard let service = cluster.services[id] else { return [] }
            return serviceCells(service)
        case .task(let id, let history):
            guard let task = cluster.tasks[id] else { return [] }
            return taskCells(task, history: history)
        case .event(let serial):
            guard let line = log.line(serial: serial) else { return [] }
            return [CellText(clockText(line.time), .muted), CellText(line.text, line.role)]
        case .step(let i):
            guard case .task(let id) = drill.last, let task = cluster.tasks[id], task.stateHistory.indices.contains(i) else { return [] }
            let step = task.stateHistory[i]
            return [CellText(step.state.displayName, .task(step.state)), CellText(step.time.rfc3339),
                    CellText(humanDuration(clock.now - step.time).lowercased() + " ago", .muted)]
        }
    }

    func nodeCells(_ node: Node) -> [CellText] {
        let stateRole: StyleRole = switch node.status.state {
        case .ready: .nodeReady
        case .down: .nodeDown
        case .unknown: .nodeUnknown
        case .disconnected: .nodeDisconnected
        }
        let availabilityRole: StyleRole = switch node.spec.availability {
        case .active: .availabilityActive
        case .pause: .availabilityPause
        case .drain: .availabilityDrain
        }
        var manager = CellText("")
        if let status = node.managerStatus {
            manager = status.leader ? CellText("Leader", .managerLeader)
                : status.reachability == .reachable ? CellText("Reachable", .managerReachable)
                : CellText(status.reachability == .unreachable ? "Unreachable" : "Unknown", .managerUnreachable)
        }
        var running = 0, active = 0
        for state in cluster.taskStates(onNode: node.id) where state.isOnNode {
            active += 1
            if state == .running { running += 1 }
        }
        let labels = node.spec.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [
            CellText(node.description.hostname), CellText(node.spec.role.rawValue),
            CellText(node.spec.availability.rawValue.capitalizedFirst, availabilityRole),
            CellText(node.status.state.rawValue.capitalizedFirst, stateRole), manager,
            CellText("\(running)/\(active)"), CellText(labels, .muted),
        ]
    }

    func serviceCells(_ service: Service) -> [CellText] {
        let running = cluster.runningCount(ofService: service.id)
        let desired = cluster.desiredCount(ofService: service.id)
        var replicas = "\(running)/\(desired)"
        if let max = service.spec.taskTemplate.placement?.maxReplicas, max > 0, case .replicated = service.spec.mode {
            replicas += " (max \(max) per node)"
        }
        let update = service.updateStatus?.state.map { $0.rawValue.replacingUnderscores } ?? ""
        let updateRole: StyleRole = switch service.updateStatus?.state {
        case .paused?, .rollbackPaused?: .warning
        case .updating?, .rollbackStarted?: .taskStarting
        case .rollbackCompleted?: .warning
        default: .muted
        }
        return [
            CellText(service.spec.name), CellText(service.spec.mode.name),
            CellText(replicas, running < desired ? .warning : .ok), CellText(service.spec.taskTemplate.image),
            CellText(update, updateRole),
        ]
    }

    func taskCells(_ task: Task, history: Bool) -> [CellText] {
        let name = (history ? " \\_ " : "") + taskName(task)
        let age = humanDuration(clock.now - task.status.timestamp).lowercased()
        return [
            CellText(name, history ? .muted : .normal), CellText(hostname(task.nodeID)),
            CellText(task.desiredState.displayName, .task(task.desiredState)),
            CellText("\(task.state.displayName) \(age) ago", .task(task.state)), CellText(errorText(task), .error),
        ]
    }

    /// A task's error as the ERROR column shows it: quoted, cut at 30 columns.
    func errorText(_ task: Task) -> String {
        task.status.err.map { "\"" + truncated($0, toWidth: 30) + "\"" } ?? ""
    }

    /// Virtual or daemon time of day, `HH:MM:SS`.
    func clockText(_ t: Timestamp) -> String { String(t.rfc3339.dropFirst(11).prefix(8)) }
}

extension ListID {
    var isTaskList: Bool {
        switch self {
        case .tasks, .nodeTasks, .serviceTasks: true
        default: false
        }
    }
}

extension [CellText] {
    /// The text of column `i`, or "" past the last.
    func text(_ i: Int) -> String { indices.contains(i) ? self[i].text : "" }
}

extension String {
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}

extension String {
    /// The first letter in upper case (`drain` → `Drain`), as docker prints states.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
