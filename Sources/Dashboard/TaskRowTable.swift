import SwarmFormat
import SwarmModel

/// A task as the task lists see it: the text of its columns and what they sort by, worked out
/// once per change of the task rather than per sort.
struct TaskRecord: Sendable {
    var id: TaskID
    var serviceID: ServiceID
    var nodeID: NodeID?
    /// `service.slot`, or `service.hostname` for a global service's task.
    var name: String
    /// The NODE column.
    var hostname: String
    /// The ERROR column.
    var error: String
    var desired: TaskState
    var state: TaskState
    /// Creation time, in nanoseconds.
    var created: Int64
    /// When the task entered its state, in nanoseconds.
    var stateSince: Int64
    var nameKey: NaturalKey
    var hostKey: NaturalKey
    var errorKey: NaturalKey

    /// The CURRENT STATE column's sort value: by state, then the latest first.
    var currentStateValue: Double { Double(state.rawValue) * 1e12 - Double(stateSince) / 1e9 }
}

/// Every task's record, in a flat array addressed by a small handle, so that filtering and
/// sorting 100k tasks walks an array instead of hashing IDs and copying whole tasks. A
/// removed task's handle is reused.
struct TaskRowTable: Sendable {
    /// By handle; `live` says which hold a task.
    private(set) var records: [TaskRecord] = []
    private(set) var live: [Bool] = []
    private(set) var handles: [TaskID: Int32] = [:]
    private var free: [Int32] = []

    init() {}

    /// The number of tasks.
    var count: Int { handles.count }

    /// The record of handle `h`.
    subscript(h: Int32) -> TaskRecord {
        _read { yield records[Int(h)] }
    }

    /// The handle of task `id`, if it is in the table.
    func handle(of id: TaskID) -> Int32? { handles[id] }

    /// Adds a record, or replaces the one of the same task; returns its handle.
    /// - Complexity: O(1) amortised.
    @discardableResult
    mutating func store(_ record: TaskRecord) -> Int32 {
        if let h = handles[record.id] {
            records[Int(h)] = record
            return h
        }
        let h: Int32
        if let reused = free.popLast() {
            h = reused
            records[Int(h)] = record
            live[Int(h)] = true
        } else {
            h = Int32(records.count)
            records.append(record)
            live.append(true)
        }
        handles[record.id] = h
        return h
    }

    /// Removes task `id`'s record.
    /// - Complexity: O(1).
    mutating func remove(_ id: TaskID) {
        guard let h = handles.removeValue(forKey: id) else { return }
        live[Int(h)] = false
        free.append(h)
    }

    /// The handles of every task.
    /// - Complexity: O(handles ever used).
    var allHandles: [Int32] { live.indices.filter { live[$0] }.map { Int32($0) } }
}

extension DashboardState {
    /// The record of `task`, with names as `names` has them.
    func taskRecord(_ task: Task) -> TaskRecord {
        let name = taskName(task)
        let host = hostname(task.nodeID)
        let error = errorText(task)
        return TaskRecord(
            id: task.id, serviceID: task.serviceID, nodeID: task.nodeID, name: name, hostname: host, error: error,
            desired: task.desiredState, state: task.state, created: task.createdAt.nanoseconds,
            stateSince: task.status.timestamp.nanoseconds, nameKey: NaturalKey(name), hostKey: NaturalKey(host),
            errorKey: error.isEmpty ? .empty : NaturalKey(error))
    }
}
