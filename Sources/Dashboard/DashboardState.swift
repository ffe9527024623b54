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
    public init(start: Timestamp, now: Timestamp, speed: Double = 1, paused: Bool = false, controllable: Bool = true) {
        self.start = start
        self.now = now
        self.speed = speed
        self.paused = paused
        self.controllable = controllable
    }
}

/// Everything the dashboard shows, as a value. The reducer changes it; `render` draws it.
public struct DashboardState: Sendable {
    /// The cluster as the source's events built it. The UI never edits it itself.
    public var cluster: Cluster
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
    /// Leader and quorum, as the source last reported them.
    public var managers = ManagerInfo()

    public init(cluster: Cluster = Cluster(), clusterName: String, source: SourceKind, clock: ClockState, readOnly: Bool = false, width: Int = 80, height: Int = 24) {
        self.cluster = cluster
        self.clusterName = clusterName
        self.source = source
        self.clock = clock
        self.readOnly = readOnly
        self.width = width
        self.height = height
        managers = ManagerInfo(cluster)
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

    /// A majority of managers reachable.
    public var hasQuorum: Bool { total > 0 && reachable >= total / 2 + 1 && leader != nil }
    /// How many managers may be lost while keeping quorum.
    public var faultTolerance: Int { max(0, (total - 1) / 2) }
}
