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

/// A column of a list: its title, how wide it wants to be, and how readily it is dropped
/// when the pane is narrow (lower priority goes first).
public struct Column: Hashable, Sendable {
    public var title: String
    public var minWidth: Int
    public var maxWidth: Int
    public var priority: Int
    public init(_ title: String, min: Int, max: Int, priority: Int) {
        self.title = title
        self.minWidth = min
        self.maxWidth = max
        self.priority = priority
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
             Column("LABELS", min: 6, max: 40, priority: 2)]
        case .services:
            [Column("NAME", min: 6, max: 24, priority: 9), Column("MODE", min: 6, max: 10, priority: 4),
             Column("REPLICAS", min: 7, max: 22, priority: 8), Column("IMAGE", min: 8, max: 32, priority: 5),
             Column("UPDATE", min: 6, max: 18, priority: 3)]
        case .tasks, .nodeTasks, .serviceTasks:
            [Column("NAME", min: 8, max: 28, priority: 9), Column("NODE", min: 6, max: 18, priority: 7),
             Column("DESIRED", min: 7, max: 8, priority: 4), Column("CURRENT STATE", min: 12, max: 32, priority: 8),
             Column("ERROR", min: 8, max: 32, priority: 5)]
        case .events:
            [Column("TIME", min: 8, max: 8, priority: 6), Column("EVENT", min: 10, max: 200, priority: 9)]
        case .taskTimeline:
            [Column("STATE", min: 10, max: 12, priority: 9), Column("ENTERED", min: 20, max: 30, priority: 8),
             Column("AGO", min: 8, max: 28, priority: 7)]
        }
    }

    /// The rows of a list, filtered and sorted.
    /// - Complexity: O(n log n) for the list's n candidate rows.
    public func rows(_ list: ListID) -> [RowKey] {
        let view = self.list(list)
        var keys = candidateRows(list)
        if list.isTaskList && view.sort == SortOrder() && view.filter.isEmpty {
            return dockerOrdered(keys)
        }
        if !view.filter.isEmpty {
            let invert = view.filter.hasPrefix("!")
            let needle = String(invert ? view.filter.dropFirst() : view.filter[...]).lowercased()
            if !needle.isEmpty {
                keys = keys.filter { key in
                    let hit = cells(key, in: list).contains { $0.text.lowercased().contains(needle) }
                    return hit != invert
                }
            }
        }
        if list.isTaskList && view.sort == SortOrder() { return dockerOrdered(keys) }
        if list == .events || list == .taskTimeline { return view.sort.ascending ? keys : keys.reversed() }
        let column = view.sort.column
        let sortKeys = Dictionary(uniqueKeysWithValues: keys.map { ($0, sortKey($0, column: column, in: list)) })
        let sorted = keys.sorted { a, b in
            let ka = sortKeys[a] ?? .text(""), kb = sortKeys[b] ?? .text("")
            if ka != kb { return view.sort.ascending ? ka < kb : kb < ka }
            return naturalLess(rowName(a), rowName(b))
        }
        return sorted.map {
            if case .task(let id, _) = $0 { return .task(id, history: false) }
            return $0
        }
    }

    private func candidateRows(_ list: ListID) -> [RowKey] {
        switch list {
        case .nodes: return cluster.nodeOrder.map { .node($0) }
        case .services: return cluster.serviceOrder.map { .service($0) }
        case .tasks: return cluster.tasks.keys.map { .task($0, history: false) }
        case .nodeTasks(let id): return cluster.taskIDs(onNode: id).map { .task($0, history: false) }
        case .serviceTasks(let id): return cluster.taskIDs(ofService: id).map { .task($0, history: false) }
        case .events: return log.lines.reversed().map { .event($0.serial) }
        case .taskTimeline:
            guard case .task(let id) = drill.last, let task = cluster.tasks[id] else { return [] }
            return task.stateHistory.indices.reversed().map { .step($0) }
        }
    }

    /// Tasks as `docker service ps` lists them: by name, newest first, older tasks of a slot
    /// marked as history.
    private func dockerOrdered(_ keys: [RowKey]) -> [RowKey] {
        let tasks = keys.compactMap { key -> Task? in
            if case .task(let id, _) = key { return cluster.tasks[id] }
            return nil
        }
        let named = tasks.map { (name: taskName($0), task: $0) }.sorted { a, b in
            if a.name != b.name { return naturalLess(a.name, b.name) }
            if a.task.createdAt != b.task.createdAt { return a.task.createdAt > b.task.createdAt }
            return a.task.id > b.task.id
        }
        var previous: String?
        return named.map { entry in
            defer { previous = entry.name }
            return .task(entry.task.id, history: entry.name == previous)
        }
    }

    /// `service.slot`, or `service.hostname` for a global service's task.
    public func taskName(_ task: Task) -> String {
        let service = cluster.services[task.serviceID]?.spec.name ?? task.serviceID.rawValue
        if let slot = task.slot { return "\(service).\(slot)" }
        return "\(service).\(hostname(task.nodeID))"
    }

    func hostname(_ id: NodeID?) -> String {
        guard let id else { return "" }
        return cluster.nodes[id]?.description.hostname ?? String(id.rawValue.prefix(12))
    }

    func rowName(_ key: RowKey) -> String {
        switch key {
        case .node(let id): hostname(id)
        case .service(let id): cluster.services[id]?.spec.name ?? id.rawValue
        case .task(let id, _): cluster.tasks[id].map(taskName) ?? id.rawValue
        case .event(let n): String(n)
        case .step(let n): String(n)
        }
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
        for id in cluster.taskIDs(onNode: node.id) {
            guard let t = cluster.tasks[id], t.state.isOnNode else { continue }
            active += 1
            if t.state == .running { running += 1 }
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
        let err = task.status.err.map { "\"" + truncated($0, toWidth: 30) + "\"" } ?? ""
        return [
            CellText(name, history ? .muted : .normal), CellText(hostname(task.nodeID)),
            CellText(task.desiredState.displayName, .task(task.desiredState)),
            CellText("\(task.state.displayName) \(age) ago", .task(task.state)), CellText(err, .error),
        ]
    }

    /// Virtual or daemon time of day, `HH:MM:SS`.
    func clockText(_ t: Timestamp) -> String { String(t.rfc3339.dropFirst(11).prefix(8)) }

    enum SortKey: Comparable {
        case number(Double)
        case text(String)

        static func < (a: SortKey, b: SortKey) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): x < y
            case (.text(let x), .text(let y)): naturalLess(x, y)
            case (.number, .text): true
            case (.text, .number): false
            }
        }
    }

    func sortKey(_ key: RowKey, column: Int, in list: ListID) -> SortKey {
        switch key {
        case .node(let id):
            guard let node = cluster.nodes[id] else { return .text("") }
            if column == 5 { return .number(Double(cluster.taskIDs(onNode: id).count)) }
            if column == 3 { return .text(node.status.state.rawValue) }
        case .service(let id):
            if column == 2 { return .number(Double(cluster.runningCount(ofService: id))) }
        case .task(let id, _):
            guard let task = cluster.tasks[id] else { return .text("") }
            if column == 3 { return .number(Double(task.state.rawValue) * 1e12 - Double(task.status.timestamp.nanoseconds) / 1e9) }
            if column == 2 { return .number(Double(task.desiredState.rawValue)) }
        default: break
        }
        let cells = cells(key, in: list)
        return .text(cells.indices.contains(column) ? cells[column].text : "")
    }
}

extension ListID {
    var isTaskList: Bool {
        switch self {
        case .tasks, .nodeTasks, .serviceTasks: true
        default: false
        }
    }
}

extension String {
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}

extension String {
    /// The first letter in upper case (`drain` → `Drain`), as docker prints states.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
