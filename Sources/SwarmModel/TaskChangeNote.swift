/// A source's account of a task event: what the task was before it, by version, and which
/// of its fields the change may have touched. A recording's writer that trusts it writes the
/// change in short without keeping a copy of every task to compare with (see
/// `ClusterEvent.note`).
///
/// It promises, of a `task.updated`, that the task before the change was the one the source
/// last reported with version `previousVersion` (in an event or the cluster it started
/// from), with the observed and desired states the event gives as previous, and that the new
/// task differs from it only in
/// - its version and `UpdatedAt`,
/// - its observed state, with the state history gaining the new state at the new
///   `UpdatedAt` when the state changed and staying as it was otherwise,
/// - its desired state,
/// - and the fields in `fields`, each of which may or may not have changed.
///
/// Of a `task.removed`, it promises that the task is exactly the one the source last
/// reported with version `previousVersion`, its own version (and `fields` is empty).
///
/// "Last reported" is in the source's own stream of events: whoever has every event since
/// the cluster it started from, in order, has the task a note counts from, and needs no
/// copy of it; whoever missed one does not know which task it was about, and cannot trust
/// the notes after it.
public struct TaskChangeNote: Hashable, Sendable {
    public var previousVersion: UInt64
    public var fields: Fields

    public init(previousVersion: UInt64, fields: Fields) {
        self.previousVersion = previousVersion
        self.fields = fields
    }

    /// The note of a `task.removed` of this task: unchanged since it was last reported.
    public static func unchanged(_ task: borrowing Task) -> TaskChangeNote {
        TaskChangeNote(previousVersion: task.version.index, fields: [])
    }

    /// The fields a change may touch besides the version, `UpdatedAt`, the states and the
    /// state history.
    public struct Fields: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// `Status.Timestamp`.
        public static let statusTime = Fields(rawValue: 1 << 0)
        /// `Status.Message`.
        public static let message = Fields(rawValue: 1 << 1)
        /// `Status.Err`.
        public static let err = Fields(rawValue: 1 << 2)
        /// `Status.ContainerStatus`.
        public static let container = Fields(rawValue: 1 << 3)
        /// `NodeID`.
        public static let node = Fields(rawValue: 1 << 4)
    }

    /// The note of the change from `old` to `new`, exact (no field named that did not
    /// change); nil when the change touches more than a note can say (the ID, the service,
    /// the slot, the creation time, the spec, or the state history otherwise than as the
    /// promise above has it). The comparing recording writer's test of a change, and the
    /// engine's check of its own notes in debug builds.
    /// - Complexity: O(1) for state histories in state order and specs shared by the two
    ///   tasks; else O(size of the spec).
    package init?(from old: borrowing Task, to new: borrowing Task) {
        guard old.id == new.id, old.serviceID == new.serviceID, old.slot == new.slot, old.createdAt == new.createdAt else { return nil }
        let state = new.status.state
        // The history gains the new state at UpdatedAt, or stays as it was.
        if state != old.status.state {
            guard new.stateHistory.isAppending(StateEntry(state: state, time: new.updatedAt), to: old.stateHistory) else { return nil }
        } else {
            guard new.stateHistory == old.stateHistory else { return nil }
        }
        // Equal specs in two boxes are the same spec (a Docker listing decodes each anew).
        guard new.sharedSpec == old.sharedSpec else { return nil }
        var fields: Fields = []
        if new.status.timestamp != old.status.timestamp { fields.insert(.statusTime) }
        if new.status.message != old.status.message { fields.insert(.message) }
        if new.status.err != old.status.err { fields.insert(.err) }
        if new.status.containerStatus != old.status.containerStatus { fields.insert(.container) }
        if new.nodeID != old.nodeID { fields.insert(.node) }
        self.init(previousVersion: old.version.index, fields: fields)
    }
}
