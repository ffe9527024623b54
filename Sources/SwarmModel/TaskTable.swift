/// A task's place in a `TaskTable`: its slot in dense storage and that slot's generation, so
/// a handle kept after its task was removed (in a timer, say) finds nothing rather than the
/// task that reused the slot.
///
/// Only the engine holds handles: to the rest of the program a task is its `TaskID`.
@usableFromInline
package struct TaskHandle: Hashable, Sendable {
    @usableFromInline package let index: Int32
    @usableFromInline package let generation: UInt32

    @inlinable
    package init(index: Int32, generation: UInt32) {
        self.index = index
        self.generation = generation
    }

    /// See `SwarmIdentifier._rawHashValue(seed:)`: the cluster's by-service and by-node sets
    /// add and remove a handle whenever a task is created, placed or pruned.
    @usableFromInline
    package func _rawHashValue(seed: Int) -> Int {
        mixedHash(UInt64(UInt32(bitPattern: index)) | UInt64(generation) << 32, seed: seed)
    }
}

/// What the engine checks of a stored task most often — whether a handle still names it, its
/// observed and desired state, its node, and a number of the engine's own — kept apart from
/// the task in sixteen bytes (four to a cache line).
@usableFromInline
package struct TaskPhase: Sendable {
    @usableFromInline var generation: UInt32
    @usableFromInline var isLive: Bool
    /// The observed state.
    @usableFromInline package var state: TaskState
    /// The desired state.
    @usableFromInline package var desired: TaskState
    /// The number the cluster gave the task's node (see `Cluster.nodeNumbers`); -1 for none.
    @usableFromInline package var node: Int32
    /// A number the cluster's owner keeps for the task (`Cluster.setTaskTag(at:_:)`), read
    /// with its states at no extra cost: the engine keeps the index of the task's image.
    @usableFromInline package var tag: Int32 = 0

    @inlinable
    init(generation: UInt32, isLive: Bool, state: TaskState, desired: TaskState, node: Int32) {
        (self.generation, self.isLive, self.state, self.desired, self.node) = (generation, isLive, state, desired, node)
    }
}

/// What an in-place change did to a task, as the engine's bookkeeping needs it: its states
/// before and after, and its node (by number, as in `TaskPhase.node`) before and after.
@usableFromInline
package struct TaskChange: Sendable {
    package var oldState: TaskState
    package var oldDesired: TaskState
    package var newState: TaskState
    package var newDesired: TaskState
    package var oldNode: Int32
    package var newNode: Int32
}

/// The cluster's tasks by ID: `cluster.tasks[id]`, `.count`, `.keys`, `.values`.
///
/// Stored densely, in an array with a free list, with a dictionary only from ID to position:
/// the engine reaches a task it holds a handle to by indexing, without hashing, and changes
/// it in place (a dictionary's values are moved out and back for each in-place change,
/// hundreds of bytes per task step). Next to the tasks, a compact array holds each
/// position's generation, the task's states, its node's number and the owner's tag
/// (`TaskPhase`): the agent steps a task by its phase alone, and the restart supervisor and
/// history pruning scan a slot's old tasks by their states alone, never bringing those old
/// tasks into the cache.
public struct TaskTable: Sendable {
    @usableFromInline var entries: ContiguousArray<Task> = []
    @usableFromInline var phases: ContiguousArray<TaskPhase> = []
    /// Positions of removed tasks, reused last-freed first.
    @usableFromInline var free: [Int32] = []
    @usableFromInline var positions: [TaskID: Int32] = [:]

    /// What a free slot holds: one shared value, so a removed task's buffers are released at
    /// once (the recording's ledger fills its free places with it too).
    @usableFromInline
    package static let vacant = Task(id: TaskID(""), createdAt: .zero, spec: TaskSpec(image: ""), serviceID: ServiceID(""), slot: nil, nodeID: nil)

    public init() {}

    /// The number of tasks.
    public var count: Int { positions.count }

    /// Whether there are no tasks.
    public var isEmpty: Bool { positions.isEmpty }

    /// The task with this ID, if there is one.
    /// - Complexity: O(1).
    public subscript(id: TaskID) -> Task? {
        guard let i = positions[id] else { return nil }
        return entries[Int(i)]
    }

    /// The IDs of every task, in no particular order.
    /// - Complexity: O(n).
    public var keys: [TaskID] { entries.indices.filter { phases[$0].isLive }.map { entries[$0].id } }

    /// Every task, in no particular order.
    /// - Complexity: O(n).
    public var values: [Task] { entries.indices.filter { phases[$0].isLive }.map { entries[$0] } }

    // MARK: Handles (for the engine)

    /// The handle of the task with this ID.
    /// - Complexity: O(1).
    @inlinable
    package func handle(of id: TaskID) -> TaskHandle? {
        guard let i = positions[id] else { return nil }
        return TaskHandle(index: i, generation: phases[Int(i)].generation)
    }

    /// Whether the handle's task is still stored.
    @inlinable
    package func contains(_ h: TaskHandle) -> Bool { phase(h) != nil }

    /// The states of the handle's task, if it is still stored; read without touching the task.
    /// - Complexity: O(1).
    @inlinable
    package func phase(_ h: TaskHandle) -> TaskPhase? {
        let i = Int(h.index)
        guard i < phases.count else { return nil }
        let p = phases[i]
        return p.generation == h.generation && p.isLive ? p : nil
    }

    /// Notes the states of the task at position `i` after an in-place change.
    @inlinable
    mutating func notePhase(at i: Int, state: TaskState, desired: TaskState) {
        phases[i].state = state
        phases[i].desired = desired
    }

    /// Replaces the task with this handle (which must be stored) by `task`, with the same
    /// ID, on the node with this number; returns the one replaced.
    @usableFromInline
    mutating func replace(at h: TaskHandle, with task: consuming Task, node: Int32) -> Task {
        let i = Int(h.index)
        precondition(phase(h) != nil, "replacing a task that is not stored")
        notePhase(at: i, state: task.status.state, desired: task.desiredState)
        phases[i].node = node
        // Swapped, not copied out and overwritten: the old task leaves with its references
        // as they are, none retained and released again.
        var old = task
        swap(&old, &entries[i])
        return old
    }

    /// Adds a task whose ID is not stored, on the node with this number; returns its handle.
    @usableFromInline
    mutating func insert(_ task: consuming Task, node: Int32) -> TaskHandle {
        // Everything read of the task is read before it moves into the table.
        let (id, state, desired) = (task.id, task.status.state, task.desiredState)
        let i: Int32
        if let reused = free.popLast() {
            i = reused
            entries[Int(i)] = task
            phases[Int(i)].isLive = true
            notePhase(at: Int(i), state: state, desired: desired)
            phases[Int(i)].node = node
            phases[Int(i)].tag = 0
        } else {
            i = Int32(entries.count)
            let capacity = entries.capacity
            entries.append(task)
            phases.append(TaskPhase(generation: 0, isLive: true, state: state, desired: desired, node: node))
            // The table moved to a larger buffer: ask for huge pages for it (see `HugePages`).
            if entries.capacity != capacity { HugePages.advise(entries) }
        }
        precondition(positions.updateValue(i, forKey: id) == nil, "inserting a task that is stored")
        return TaskHandle(index: i, generation: phases[Int(i)].generation)
    }

    /// Removes the task with this handle and returns it; nil when it was removed already.
    @usableFromInline
    mutating func remove(at h: TaskHandle) -> Task? {
        guard contains(h) else { return nil }
        let i = Int(h.index)
        // The ID is read where it is stored: the key hashes by its digest and compares equal
        // to itself by identity, with no copy of it made.
        positions.removeValue(forKey: entries[i].id)
        var old = TaskTable.vacant
        swap(&old, &entries[i])
        // A new generation: handles to the removed task no longer match the slot.
        phases[i].generation &+= 1
        phases[i].isLive = false
        free.append(Int32(i))
        return old
    }
}

extension TaskTable: Equatable {
    /// Two tables are equal when they hold equal tasks under the same IDs, wherever stored.
    public static func == (a: TaskTable, b: TaskTable) -> Bool {
        guard a.count == b.count else { return false }
        return a.positions.allSatisfy { id, i in b[id] == a.entries[Int(i)] }
    }
}
