import SwarmModel

/// What changed in a task, as a short `task.updated` (format 3's `update` line) says it:
/// the task's ID and only the fields that changed, against the task as the lines before
/// left it (see docs/recording-format.md).
///
/// Fields left nil did not change (but a format 3 `update` line without `version` has the
/// event's number as version, which `TaskLedger.entry` and `FastLineDecoder` fill in). A
/// new `state` also stamps the status and adds an entry to the task's state history, both
/// at the task's new `UpdatedAt`.
struct TaskDelta: Hashable, Sendable {
    var id: TaskID
    /// `Version.Index`.
    var version: UInt64?
    /// `UpdatedAt`, when it is not the event's time.
    var updatedAt: Timestamp?
    /// `Status.State`.
    var state: TaskState?
    /// `Status.Timestamp`, when it is not what the rule above gives.
    var statusTime: Timestamp?
    /// `Status.Message`.
    var message: String?
    /// `Status.Err`; `.some(nil)` when it was cleared.
    var err: String??
    /// `Status.ContainerStatus`; `.some(nil)` when it was cleared.
    var container: ContainerStatus??
    /// `DesiredState`.
    var desired: TaskState?
    /// `NodeID`; `.some(nil)` when the task left its node.
    var node: NodeID??

    init(id: TaskID) { self.id = id }

    /// The task `old` becomes with this change, at event time `time`.
    /// - Complexity: O(h) for a state history of h entries (it is copied when shared).
    func applied(to old: Task, at time: Timestamp) -> Task {
        var task = old
        apply(to: &task, at: time)
        return task
    }

    /// Changes `task` as this change says, at event time `time`.
    /// - Complexity: O(h) for a state history of h entries (it is copied when shared).
    func apply(to task: inout Task, at time: Timestamp) {
        if let version { task.version = ObjectVersion(index: version) }
        let updated = updatedAt ?? time
        task.updatedAt = updated
        if let state {
            task.status.state = state
            task.status.timestamp = statusTime ?? updated
            task.stateHistory.append(StateEntry(state: state, time: updated))
        } else if let statusTime {
            task.status.timestamp = statusTime
        }
        if let message { task.status.message = message }
        if let err { task.status.err = err }
        if let container { task.status.containerStatus = container }
        if let desired { task.desiredState = desired }
        if let node { task.nodeID = node }
    }
}

/// Which fields a short `task.updated` carries for a change (`TaskDelta`'s fields, as flags):
/// what the writer works out for each change, against the task as the lines before left it,
/// and then writes from the changed task itself.
struct TaskChanges: OptionSet {
    let rawValue: UInt16

    static let version = TaskChanges(rawValue: 1 << 0)
    static let updatedAt = TaskChanges(rawValue: 1 << 1)
    static let state = TaskChanges(rawValue: 1 << 2)
    static let statusTime = TaskChanges(rawValue: 1 << 3)
    static let message = TaskChanges(rawValue: 1 << 4)
    static let err = TaskChanges(rawValue: 1 << 5)
    static let container = TaskChanges(rawValue: 1 << 6)
    static let desired = TaskChanges(rawValue: 1 << 7)
    static let node = TaskChanges(rawValue: 1 << 8)

    init(rawValue: UInt16) { self.rawValue = rawValue }

    /// What changed from `old` to `new` at event time `time` (`TaskChangeNote(from:to:)`);
    /// nil when the short form cannot say it. `updatedAt` is set when `UpdatedAt` is not the
    /// event's time; `statusTime` when the status's time is not what a new state gives it.
    /// - Complexity: O(1) for state histories in state order.
    init?(from old: borrowing Task, to new: borrowing Task, at time: Timestamp) {
        guard let note = TaskChangeNote(from: old, to: new) else { return nil }
        self.init(note, to: new, from: old.status.state, fromDesired: old.desiredState, at: time)
    }

    /// What changed in `new`, as a source's note says (see `TaskChangeNote`), with its
    /// observed and desired state before the change: the fields a note names may not have
    /// changed, and are then written when they need not be, which the reader takes as well.
    /// - Complexity: O(1).
    init(_ note: TaskChangeNote, to new: borrowing Task, from: TaskState, fromDesired: TaskState, at time: Timestamp) {
        var changes: TaskChanges = []
        if new.version.index != note.previousVersion { changes.insert(.version) }
        if new.updatedAt != time { changes.insert(.updatedAt) }
        if new.status.state != from {
            changes.insert(.state)
            if new.status.timestamp != new.updatedAt { changes.insert(.statusTime) }
        } else if note.fields.contains(.statusTime) {
            changes.insert(.statusTime)
        }
        if note.fields.contains(.message) { changes.insert(.message) }
        if note.fields.contains(.err) { changes.insert(.err) }
        if note.fields.contains(.container) { changes.insert(.container) }
        if new.desiredState != fromDesired { changes.insert(.desired) }
        if note.fields.contains(.node) { changes.insert(.node) }
        self = changes
    }

    /// Makes `kept`, the task these changes were worked out against, equal to `new`: only
    /// what changed is copied.
    func apply(from new: borrowing Task, to kept: inout Task) {
        if contains(.version) { kept.version = new.version }
        kept.updatedAt = new.updatedAt
        if contains(.state) {
            kept.status.state = new.status.state
            kept.stateHistory.append(StateEntry(state: new.status.state, time: new.updatedAt))
        }
        kept.status.timestamp = new.status.timestamp
        if contains(.message) { kept.status.message = new.status.message }
        if contains(.err) { kept.status.err = new.status.err }
        if contains(.container) { kept.status.containerStatus = new.status.containerStatus }
        if contains(.desired) { kept.desiredState = new.desiredState }
        if contains(.node) { kept.nodeID = new.nodeID }
    }
}

// MARK: Reading the short form with Foundation

extension TaskDelta {
    enum Key: String, CodingKey {
        case id, version, updated, state, statusTime, message, err, container, desired, node
    }

    /// Reads the short form's fields from a format 2 event object or a format 3 `update` line
    /// (the caller reads the rest: `seq`, `time`, `type`; `t`, `kind`, `dt`).
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(id: try c.decode(TaskID.self, forKey: .id))
        version = try c.decodeIfPresent(UInt64.self, forKey: .version)
        updatedAt = try c.decodeIfPresent(Timestamp.self, forKey: .updated)
        state = try c.decodeIfPresent(TaskState.self, forKey: .state)
        statusTime = try c.decodeIfPresent(Timestamp.self, forKey: .statusTime)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        if c.contains(.err) { err = .some(try c.decodeIfPresent(String.self, forKey: .err)) }
        if c.contains(.container) { container = .some(try c.decodeIfPresent(ContainerStatus.self, forKey: .container)) }
        desired = try c.decodeIfPresent(TaskState.self, forKey: .desired)
        if c.contains(.node) {
            let text = try c.decodeIfPresent(String.self, forKey: .node) ?? ""
            node = .some(text.isEmpty ? nil : NodeID(text))
        }
    }
}
