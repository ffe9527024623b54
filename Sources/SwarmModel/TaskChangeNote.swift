/// A source's account of a task event: what the task was before it, by version, and which
/// of its fields the change may have touched. A recording's writer that trusts it writes the
/// change in short without keeping a copy of every task to compare with (see
/// `ClusterEvent.note`).
///
/// It promises, of a `task.updated`, that the task before the change was the one the source
/// last reported with version `previousVersion` (in an event or the cluster it started
/// from), and that the new task differs from it only in
/// - its version and `UpdatedAt`,
/// - its observed state, with the state history gaining the new state at the new
///   `UpdatedAt` when the state changed and staying as it was otherwise,
/// - its desired state,
/// - and the fields in `fields`, each of which may or may not have changed.
///
/// Of a `task.removed`, it promises that the task is exactly the one the source last
/// reported with version `previousVersion`, its own version (and `fields` is empty).
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

    /// The fields besides the version, times and states that a change may touch.
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

    /// The note of the change from `old` to `new`; nil when the change touches more than a
    /// note can say (the spec, the slot, the service, the ID, the creation time, or the state
    /// history otherwise than as the promise above has it).
    /// - Complexity: O(1) for state histories in state order.
    public init?(from old: borrowing Task, to new: borrowing Task) {
        guard let note = Baseline(old).note(after: new) else { return nil }
        self = note
    }

    /// What a note is worked out from: the fields of a task it covers, as they were before a
    /// change, copied without the spec. (The engine names what each change touches itself,
    /// and checks it against a baseline in debug builds.)
    public struct Baseline {
        let version: UInt64
        let state: TaskState
        let history: StateHistory
        let statusTime: Timestamp
        let message: String
        let err: String?
        let container: ContainerStatus?
        let node: NodeID?
        let idDigest: UInt64
        let serviceDigest: UInt64
        let slot: Int?
        let createdAt: Timestamp
        let spec: ObjectIdentifier

        public init(_ task: borrowing Task) {
            version = task.version.index
            state = task.status.state
            history = task.stateHistory
            statusTime = task.status.timestamp
            message = task.status.message
            err = task.status.err
            container = task.status.containerStatus
            node = task.nodeID
            // By digest: a change that gave a task another ID or service with the same
            // 64-bit digest would go unseen, and no code changes either.
            idDigest = task.id.digest
            serviceDigest = task.serviceID.digest
            slot = task.slot
            createdAt = task.createdAt
            // By identity: a task given another spec gets another box (`Task.spec`).
            spec = ObjectIdentifier(task.sharedSpec)
        }

        /// The note of the change from this baseline to `new`; nil as for `init(from:to:)`.
        public func note(after new: borrowing Task) -> TaskChangeNote? {
            guard new.id.digest == idDigest, new.serviceID.digest == serviceDigest, new.slot == slot, new.createdAt == createdAt,
                  ObjectIdentifier(new.sharedSpec) == spec
            else { return nil }
            if new.status.state != state {
                guard new.stateHistory.isAppending(StateEntry(state: new.status.state, time: new.updatedAt), to: history) else { return nil }
            } else {
                guard new.stateHistory == history else { return nil }
            }
            var fields: Fields = []
            if new.status.timestamp != statusTime { fields.insert(.statusTime) }
            if new.status.message != message { fields.insert(.message) }
            if new.status.err != err { fields.insert(.err) }
            if new.status.containerStatus != container { fields.insert(.container) }
            if new.nodeID != node { fields.insert(.node) }
            return TaskChangeNote(previousVersion: version, fields: fields)
        }
    }
}
