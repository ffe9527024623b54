import SwarmModel

/// What a cell shows, by meaning: a theme maps each role to colours and attributes. The raw
/// value is the role's name in theme files (`task.running`).
public enum StyleRole: String, CaseIterable, Hashable, Sendable {
    case normal = "normal"
    case header = "header"
    case headerLabel = "header.label"
    case headerValue = "header.value"
    case headerAlert = "header.alert"
    case border = "border"
    case borderFocused = "border.focused"
    case title = "title"
    case titleFocused = "title.focused"
    case columnHeader = "column.header"
    case columnSorted = "column.sorted"
    case selection = "selection"
    case selectionInactive = "selection.inactive"
    case muted = "muted"
    case ok = "ok"
    case warning = "warning"
    case error = "error"
    case status = "status"
    case statusError = "status.error"
    case breadcrumb = "breadcrumb"
    case prompt = "prompt"
    case dialog = "dialog"
    case dialogBorder = "dialog.border"
    case dialogTitle = "dialog.title"
    /// A key in the status line's hints.
    case helpKey = "help.key"
    /// A key inside a dialog (help, confirmation): `help.key` on the dialog's background.
    case dialogKey = "dialog.key"

    case taskNew = "task.new"
    case taskPending = "task.pending"
    case taskAssigned = "task.assigned"
    case taskAccepted = "task.accepted"
    case taskPreparing = "task.preparing"
    case taskReady = "task.ready"
    case taskStarting = "task.starting"
    case taskRunning = "task.running"
    case taskComplete = "task.complete"
    case taskShutdown = "task.shutdown"
    case taskFailed = "task.failed"
    case taskRejected = "task.rejected"
    case taskRemove = "task.remove"
    case taskOrphaned = "task.orphaned"

    case nodeReady = "node.ready"
    case nodeDown = "node.down"
    case nodeUnknown = "node.unknown"
    case nodeDisconnected = "node.disconnected"
    case availabilityActive = "availability.active"
    case availabilityPause = "availability.pause"
    case availabilityDrain = "availability.drain"
    case managerLeader = "manager.leader"
    case managerReachable = "manager.reachable"
    case managerUnreachable = "manager.unreachable"

    case eventNode = "event.node"
    case eventService = "event.service"
    case eventTask = "event.task"
    case eventAccepted = "event.accepted"
    case eventRefused = "event.refused"

    /// The role of a task state.
    public static func task(_ state: TaskState) -> StyleRole {
        switch state {
        case .new: .taskNew
        case .pending: .taskPending
        case .assigned: .taskAssigned
        case .accepted: .taskAccepted
        case .preparing: .taskPreparing
        case .ready: .taskReady
        case .starting: .taskStarting
        case .running: .taskRunning
        case .complete: .taskComplete
        case .shutdown: .taskShutdown
        case .failed: .taskFailed
        case .rejected: .taskRejected
        case .remove: .taskRemove
        case .orphaned: .taskOrphaned
        }
    }
}
