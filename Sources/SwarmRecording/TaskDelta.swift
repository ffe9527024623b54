import SwarmModel

/// What changed in a task, as a format 2 `task.updated` line says it in its short form:
/// the task's ID and only the fields that changed, against the task as the lines before
/// left it (see docs/recording-format.md).
///
/// Fields left nil did not change. A new `state` also stamps the status and adds an entry
/// to the task's state history, both at the task's new `UpdatedAt`.
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

    /// The short form of the change from `old` to `new` at event time `time`; nil when it
    /// cannot say it (a changed spec, service, slot or creation time, a state history that
    /// did not just gain the new state): such a change is written whole.
    ///
    /// Every field of a task is either compared here or carried by a field of the change, so
    /// `applied(to: old, at: time) == new` whenever this gives a change (the tests check it).
    /// - Complexity: O(h) for a state history of h entries.
    /// Both tasks are borrowed: a recording compares each change against the task it keeps,
    /// in place, a few thousand times a second.
    init?(from old: borrowing Task, to new: borrowing Task, at time: Timestamp) {
        guard old.id == new.id, old.serviceID == new.serviceID, old.slot == new.slot, old.createdAt == new.createdAt else { return nil }
        let state = new.status.state
        // The history gains the new state at UpdatedAt, or stays as it was.
        if state != old.status.state {
            guard new.stateHistory.isAppending(StateEntry(state: state, time: new.updatedAt), to: old.stateHistory) else { return nil }
        } else {
            guard new.stateHistory == old.stateHistory else { return nil }
        }
        guard new.sharedSpec == old.sharedSpec else { return nil }
        self.init(id: new.id)
        if new.version != old.version { version = new.version.index }
        if new.updatedAt != time { updatedAt = new.updatedAt }
        if state != old.status.state {
            self.state = state
            if new.status.timestamp != new.updatedAt { statusTime = new.status.timestamp }
        } else if new.status.timestamp != old.status.timestamp {
            statusTime = new.status.timestamp
        }
        if new.status.message != old.status.message { message = new.status.message }
        if new.status.err != old.status.err { err = .some(new.status.err) }
        if new.status.containerStatus != old.status.containerStatus { container = .some(new.status.containerStatus) }
        if new.desiredState != old.desiredState { desired = new.desiredState }
        if new.nodeID != old.nodeID { node = .some(new.nodeID) }
        assert(applied(to: copy old, at: time) == copy new, "a task field the short form does not carry")
    }

    /// The short form of the change from `kept` to `new` at event time `time`, with `kept`
    /// changed to `new` by it; nil, and `kept` as it was, when it cannot be said short.
    /// (`kept` is taken in place: borrowed from where it is stored, the compiler copies a
    /// task, a dozen reference counts, to guard it for the call.)
    static func update(_ kept: inout Task, to new: borrowing Task, at time: Timestamp) -> TaskDelta? {
        guard let delta = TaskDelta(from: kept, to: new, at: time) else { return nil }
        delta.apply(to: &kept, at: time)
        return delta
    }

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

// MARK: Reading the short form with Foundation

extension TaskDelta {
    enum Key: String, CodingKey {
        case id, version, updated, state, statusTime, message, err, container, desired, node
    }

    /// Reads the short form's fields from an event object (`seq`, `time` and `type` are read
    /// by the caller).
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
