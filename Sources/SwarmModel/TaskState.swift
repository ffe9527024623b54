/// The fourteen states of a swarm task, in swarmkit's order (`api/types.proto`, values 64
/// apart). A task's observed state only moves forward.
public enum TaskState: Int, CaseIterable, Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    case new = 0
    case pending = 64
    case assigned = 192
    case accepted = 256
    case preparing = 320
    case ready = 384
    case starting = 448
    case running = 512
    case complete = 576
    case shutdown = 640
    case failed = 704
    case rejected = 768
    case remove = 800
    case orphaned = 832

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lowercase name the Engine API writes (`"running"`).
    public var name: String { staticName.description }

    /// `name` as static text, which the recording writer copies into a line as it is.
    package var staticName: StaticString {
        switch self {
        case .new: "new"
        case .pending: "pending"
        case .assigned: "assigned"
        case .accepted: "accepted"
        case .preparing: "preparing"
        case .ready: "ready"
        case .starting: "starting"
        case .running: "running"
        case .complete: "complete"
        case .shutdown: "shutdown"
        case .failed: "failed"
        case .rejected: "rejected"
        case .remove: "remove"
        case .orphaned: "orphaned"
        }
    }

    /// The name as `docker service ps` prints it (`"Running"`).
    public var displayName: String { name.prefix(1).uppercased() + name.dropFirst() }

    public var description: String { name }

    /// Parses an API name. `allocated` (a state swarmkit passes through between pending and
    /// assigned, which this model folds into pending) reads as `.pending`.
    public init?(name: String) {
        if name == "allocated" { self = .pending; return }
        guard let s = TaskState.allCases.first(where: { $0.name == name }) else { return nil }
        self = s
    }

    /// Whether the task is past running: it will never run again.
    public var isTerminal: Bool { self > .running }

    /// Whether the state is one the agent reaches on a node (accepted … running).
    public var isOnNode: Bool { self >= .assigned && self <= .running }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let s = TaskState(name: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown task state '\(text)'")
        }
        self = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

extension TaskState {
    /// The state's place in swarmkit's order, 0 (new) … 13 (orphaned).
    public var position: Int {
        switch self {
        case .new: 0
        case .pending: 1
        case .assigned: 2
        case .accepted: 3
        case .preparing: 4
        case .ready: 5
        case .starting: 6
        case .running: 7
        case .complete: 8
        case .shutdown: 9
        case .failed: 10
        case .rejected: 11
        case .remove: 12
        case .orphaned: 13
        }
    }

    /// The states by `position`.
    static let byPosition: [TaskState] = TaskState.allCases
}
