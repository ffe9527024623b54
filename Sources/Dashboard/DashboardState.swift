import SwarmModel

/// Where the cluster comes from, as the header shows it.
public enum SourceKind: Hashable, Sendable {
    case embedded
    case docker(String)
    case replay(String)

    public var label: String {
        switch self {
        case .embedded: "embedded"
        case .docker(let url): "docker \(url)"
        case .replay(let file): "replay \(file)"
        }
    }
}

/// The four panes of the main screen.
public enum Pane: Int, CaseIterable, Hashable, Sendable {
    case nodes = 0, services, tasks, events

    public var title: String {
        switch self {
        case .nodes: "Nodes"
        case .services: "Services"
        case .tasks: "Tasks"
        case .events: "Events"
        }
    }
}

/// A drill-down level: the object whose detail fills the screen.
public enum Drill: Hashable, Sendable {
    case node(NodeID)
    case service(ServiceID)
    case task(TaskID)
}

/// How a list is sorted: a column and a direction.
public struct SortOrder: Hashable, Sendable {
    public var column: Int
    public var ascending: Bool
    public init(column: Int = 0, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }
}

/// Per-list view state: what is selected, scrolled, filtered and sorted.
public struct ListState: Hashable, Sendable {
    /// The selected row's key (rows keep their selection while the list changes).
    public var selectedKey: RowKey?
    /// The selected row's index the last time the list was laid out.
    public var selectedIndex = 0
    /// The first visible row.
    public var scroll = 0
    /// Substring filter; a leading `!` inverts it.
    public var filter = ""
    public var sort = SortOrder()
    public init() {}
}

/// A state-changing action waiting for the operator's yes, with its consequence spelt out.
public struct Confirmation: Hashable, Sendable {
    public var action: ClusterAction
    public var question: String
    public var consequence: String
}

/// What the keyboard is doing.
public enum InputMode: Hashable, Sendable {
    case normal
    /// Typing a filter for the focused list.
    case filter(String)
    /// Typing a `:` command.
    case command(String)
    /// Typing the new replica count of a service.
    case scale(service: String, text: String)
    case confirm(Confirmation)
    case help
}

/// The message in the status line.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The clock as the header shows it.
public struct ClockState: Hashable, Sendable {
    public var start: Timestamp
    public var now: Timestamp
    /// Virtual seconds per wall second (embedded engine and replays).
    public var speed: Double
    public var paused: Bool
    /// Whether the clock can be paused and sped up (not for a real swarm).
    public var controllable: Bool
    /// What is wrong with the source, shown in the header ("disconnected — retrying" for a real
    /// swarm that cannot be reached); nil while all is well.
    public var sourceStatus: String?
    public init(
        start: Timestamp, now: Timestamp, speed: Double = 1, paused: Bool = false, controllable: Bool = true, sourceStatus: String? = nil
    ) {
        self.start = start
        self.now = now
        self.speed = speed
        self.paused = paused
        self.controllable = controllable
        self.sourceStatus = sourceStatus
    }
}

/// Everything the dashboard shows, as a value. The reducer changes it; `render` draws it.
///
/// Beside the cluster it keeps what a frame would otherwise work out from all of it: the
/// filtered, sorted rows of the lists on screen (`RowIndex`), hostnames and service names by
/// ID, and node counts for the header. The reducer keeps them current, one changed object at
/// a time, so a frame only lays out the rows it shows.
public struct DashboardState: Sendable {
    /// The cluster as the source's events built it. The UI never edits it itself, and only the
    /// reducer changes it, by applying the source's events.
    public internal(set) var cluster: Cluster
    public var clusterName: String
    public var source: SourceKind
    public var clock: ClockState
    public var readOnly: Bool
    public var width: Int
    public var height: Int

    public var focus: Pane = .nodes
    public var lists: [ListID: ListState] = [:]
    public var drill: [Drill] = []
    public var mode: InputMode = .normal
    public var status: StatusMessage?
    public var log = EventLog()
    /// Actions sent and not answered yet.
    public var pendingActions = 0
    /// The themes to switch between and the one in use (the app sets them at the start).
    public var themes = ThemeCatalog.builtIn
    /// Leader and quorum, as the source last reported them.
    public var managers = ManagerInfo()
    /// Hostnames and service names by ID, as in `cluster`.
    var names = Names()
    /// Nodes per state and availability, and the managers, as in `cluster`.
    var tally = NodeTally()
    /// The rows of the node and service lists (see `refreshIndexes`).
    var indexes: [ListID: RowIndex] = [:]
    /// What the task lists show of each task.
    var taskTable = TaskRowTable()
    /// Every task in docker order: the tasks pane as it first shows, and what the other
    /// task lists are made from.
    var taskBase = TaskIndex(allOf: TaskRowTable())
    /// The task lists shown otherwise: filtered, sorted by a column, a drill-down's tasks.
    var taskIndexes: [ListID: TaskIndex] = [:]

    public init(cluster: Cluster = Cluster(), clusterName: String, source: SourceKind, clock: ClockState, readOnly: Bool = false, width: Int = 80, height: Int = 24) {
        self.cluster = cluster
        self.clusterName = clusterName
        self.source = source
        self.clock = clock
        self.readOnly = readOnly
        self.width = width
        self.height = height
        names = Names(cluster)
        tally = NodeTally(cluster)
        managers = tally.managers
        rebuildIndexes()
    }

    /// The list a pane or drill-down level shows.
    public var focusedList: ListID {
        switch drill.last {
        case .node(let id): .nodeTasks(id)
        case .service(let id): .serviceTasks(id)
        case .task: .taskTimeline
        case nil: ListID(focus)
        }
    }

    /// The view state of a list (fresh if never used).
    public func list(_ id: ListID) -> ListState { lists[id] ?? ListState() }
}

/// Identifies a list on screen, for its selection, scroll, filter and sort.
public enum ListID: Hashable, Sendable {
    case nodes, services, tasks, events
    case nodeTasks(NodeID)
    case serviceTasks(ServiceID)
    case taskTimeline

    public init(_ pane: Pane) {
        switch pane {
        case .nodes: self = .nodes
        case .services: self = .services
        case .tasks: self = .tasks
        case .events: self = .events
        }
    }
}

/// Managers and quorum, derived from the nodes.
public struct ManagerInfo: Hashable, Sendable {
    public var total = 0
    public var reachable = 0
    public var leader: String?

    public init() {}

    public init(_ cluster: Cluster) {
        for node in cluster.nodes.values where node.spec.role == .manager {
            total += 1
            if node.managerStatus?.reachability == .reachable { reachable += 1 }
            if node.managerStatus?.leader == true { leader = node.description.hostname }
        }
    }

    init(total: Int, reachable: Int, leader: String?) {
        self.total = total
        self.reachable = reachable
        self.leader = leader
    }

    /// A majority of managers reachable.
    public var hasQuorum: Bool { total > 0 && reachable >= total / 2 + 1 && leader != nil }
    /// How many managers may be lost while keeping quorum.
    public var faultTolerance: Int { max(0, (total - 1) / 2) }
}

/// Hostnames and service names by ID: what rows show for the IDs tasks carry.
struct Names: Sendable {
    var hostnames: [NodeID: String] = [:]
    var services: [ServiceID: String] = [:]

    init() {}

    /// The names in `cluster`.
    /// - Complexity: O(nodes + services).
    init(_ cluster: Cluster) {
        for (id, node) in cluster.nodes { hostnames[id] = node.description.hostname }
        for (id, service) in cluster.services { services[id] = service.spec.name }
    }
}

/// Nodes counted by state and availability, and the managers, kept as nodes come and go so
/// that the header need not walk thousands of nodes per frame.
struct NodeTally: Hashable, Sendable {
    private(set) var byState: [NodeState: Int] = [:]
    private(set) var drained = 0
    private(set) var paused = 0
    private var managerCount = 0
    private var reachableCount = 0
    /// Managers that say they lead, by ID (one, except for a moment during an election).
    private var leaders: [NodeID: String] = [:]

    init() {}

    /// The tally of `cluster`'s nodes.
    /// - Complexity: O(nodes).
    init(_ cluster: Cluster) {
        for node in cluster.nodes.values { add(node) }
    }

    /// Counts `node` in.
    mutating func add(_ node: Node) { count(node, 1) }

    /// Counts `node` (as it was counted in) out.
    mutating func remove(_ node: Node) { count(node, -1) }

    private mutating func count(_ node: Node, _ n: Int) {
        byState[node.status.state, default: 0] += n
        if node.spec.availability == .drain { drained += n }
        if node.spec.availability == .pause { paused += n }
        guard node.spec.role == .manager else { return }
        managerCount += n
        if node.managerStatus?.reachability == .reachable { reachableCount += n }
        if node.managerStatus?.leader == true { leaders[node.id] = n > 0 ? node.description.hostname : nil }
    }

    /// Leader and quorum (the leader with the lowest ID if two say they lead).
    var managers: ManagerInfo {
        ManagerInfo(total: managerCount, reachable: reachableCount, leader: leaders.min { $0.key < $1.key }?.value)
    }
}
