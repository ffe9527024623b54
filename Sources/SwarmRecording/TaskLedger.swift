import SwarmModel

/// The tasks and service task templates that a format 2 recording's lines have shown so
/// far: what its short lines are written against and read against. The writer and the
/// reader each keep one, and note every line in it, so both hold the same one at each line.
///
/// A `task.updated` line names the task and what changed (`TaskDelta`); a `task.removed`
/// line names the task; a task object without `Spec` has its service's task template.
struct TaskLedger {
    /// Every task shown and not removed since, as the last line showing it left it: stored
    /// densely (a removed task's place is reused), so that a task is read and changed where
    /// it is, not copied out and back (a dozen reference counts each way).
    private var slots: ContiguousArray<Task> = []
    private var positions: [TaskID: Int] = [:]
    private var free: [Int] = []
    /// Positions by the digest of their task's ID, to find a task from a line's bytes
    /// without making a string of them. A second ID with the same digest is left out (and
    /// found by its text instead).
    private var byDigest: [DigestKey: Int] = [:]
    /// Each service's task template, held in a task made from it: a task read without a spec
    /// starts as a copy of it and so shares its spec rather than holding its own.
    private var templates: [ServiceID: Task] = [:]

    init() {}

    /// Every task, by ID.
    /// - Complexity: O(n).
    var tasks: [TaskID: Task] { positions.mapValues { slots[$0] } }

    /// The task with this ID.
    /// - Complexity: O(1).
    subscript(id: TaskID) -> Task? { positions[id].map { slots[$0] } }

    /// The position of the task whose ID is these bytes (UTF-8).
    /// - Complexity: O(length of the ID).
    private func position(idBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let i = byDigest[DigestKey(Digest.of(bytes))], Text.same(slots[i].id.rawValue, bytes) { return i }
        return positions[TaskID(String(decoding: bytes, as: UTF8.self))]
    }

    /// Applies a short `task.updated` to the task whose ID is these bytes, where it is kept,
    /// and returns the event's change; nil when there is no such task.
    /// - Complexity: O(1) but for the task's state history, copied when shared.
    mutating func update(idBytes bytes: UnsafeBufferPointer<UInt8>, with delta: TaskDelta, at time: Timestamp) -> ClusterEvent.Change? {
        guard let i = position(idBytes: bytes) else { return nil }
        let (from, fromDesired) = (slots[i].status.state, slots[i].desiredState)
        delta.apply(to: &slots[i], at: time)
        return .taskUpdated(slots[i], previousState: from, previousDesiredState: fromDesired)
    }

    /// Removes the task whose ID is these bytes and returns it.
    mutating func removeTask(idBytes bytes: UnsafeBufferPointer<UInt8>) -> Task? {
        guard let i = position(idBytes: bytes) else { return nil }
        let task = slots[i]
        remove(task.id)
        return task
    }

    /// A task of `service` with its task template as spec (and every other field empty), to
    /// fill in; nil when no line has shown the service.
    func blankTask(of service: ServiceID) -> Task? { templates[service] }

    /// Whether `spec` is the task template the service has as the lines so far show it.
    /// - Complexity: O(1) when the two share their storage, else O(size of the spec).
    func isTemplate(_ spec: TaskSpec, of service: ServiceID) -> Bool {
        templates[service].map { $0.spec == spec } ?? false
    }

    /// Notes a `task.updated` being written, and says what its short form carries against
    /// the lines before it; nil when it must be written whole (the task is new to the
    /// ledger, or the short form cannot say the change). If the line cannot be written after
    /// all, the recording stops there, and the ledger no longer matters.
    /// - Complexity: O(1) for state histories in state order.
    mutating func noteUpdate(_ task: borrowing Task, from: TaskState, fromDesired: TaskState, at time: Timestamp) -> TaskChanges? {
        guard let i = positions[task.id] else {
            store(copy task)
            return nil
        }
        // Compared where it is kept, and changed there field by field: no copy of either task.
        // (Through `inout`: borrowed from the array, the task would be copied first, a dozen
        // reference counts, to guard it for the call.)
        if let changes = Self.changes(&slots[i], to: task, from: from, fromDesired: fromDesired, at: time) { return changes }
        slots[i] = copy task
        return nil
    }

    /// The short form's changes from `kept` to `task`, applied to `kept`; nil, and `kept`
    /// as it was, when there is none.
    private static func changes(
        _ kept: inout Task, to task: borrowing Task, from: TaskState, fromDesired: TaskState, at time: Timestamp
    ) -> TaskChanges? {
        guard kept.status.state == from, kept.desiredState == fromDesired, let changes = TaskChanges(from: kept, to: task, at: time) else { return nil }
        changes.apply(from: task, to: &kept)
        assert(kept == copy task, "a task field TaskChanges neither compares nor copies")
        return changes
    }

    /// Notes a `task.removed` being written; whether it can be written short (the ledger
    /// has the task as it is removed).
    mutating func noteRemoval(_ task: Task) -> Bool {
        guard let i = positions[task.id] else { return false }
        let same = slots[i] == task
        remove(task.id)
        return same
    }

    /// Notes a line that was written or read.
    /// - Complexity: O(1) amortised; O(size of the spec) for a service.
    mutating func note(_ entry: RecordingEntry) {
        switch entry {
        case .snapshot(.task(let t)): store(t)
        case .snapshot(.service(let s)): noteService(s)
        case .cluster(let e): note(e)
        default: break
        }
    }

    /// Notes a cluster event that was written or read.
    mutating func note(_ event: ClusterEvent) {
        switch event.change {
        case .taskCreated(let t), .taskUpdated(let t, _, _): store(t)
        case .taskRemoved(let t): remove(t.id)
        case .serviceCreated(let s), .serviceUpdated(let s): noteService(s)
        case .serviceRemoved(let s): templates[s.id] = nil
        default: break
        }
    }

    private mutating func store(_ task: Task) {
        if let i = positions[task.id] {
            slots[i] = task
            return
        }
        let i: Int
        if let reused = free.popLast() {
            i = reused
            slots[i] = task
        } else {
            i = slots.count
            slots.append(task)
        }
        positions[task.id] = i
        let digest = DigestKey(Digest.of(task.id))
        if byDigest[digest] == nil { byDigest[digest] = i }
    }

    private mutating func remove(_ id: TaskID) {
        guard let i = positions.removeValue(forKey: id) else { return }
        let digest = DigestKey(Digest.of(id))
        if byDigest[digest] == i { byDigest[digest] = nil }
        // The task table's vacant value: a removed task's storage goes at once.
        slots[i] = TaskTable.vacant
        free.append(i)
    }

    private mutating func noteService(_ service: Service) {
        let template = service.spec.taskTemplate
        if let blank = templates[service.id], blank.spec == template { return }
        templates[service.id] = Task(
            id: TaskID(""), createdAt: .zero, spec: template, serviceID: service.id, slot: nil, nodeID: nil)
    }
}

/// A 64-bit digest of an ID's text, to find it by its bytes: eight bytes at a time, each
/// word mixed by a multiply and a shift (IDs are 25 bytes; a byte-at-a-time hash spent more
/// time than the look-up it serves).
/// A digest as a dictionary key, bucketed by the digest itself (mixed with the table's seed)
/// rather than by SipHash over it: the digest is already a mixed hash of the ID's bytes.
struct DigestKey: Hashable {
    let value: UInt64
    init(_ value: UInt64) { self.value = value }
    func _rawHashValue(seed: Int) -> Int { mixedHash(value, seed: seed) }
}

enum Digest {
    static func of(_ id: TaskID) -> UInt64 {
        var text = id.rawValue
        return text.withUTF8 { of($0) }
    }

    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 31
        z = z &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }
}

extension TaskLedger {
    /// Why a line cannot be read against the lines before it.
    enum Problem: Error, Hashable {
        /// A short `task.updated` or `task.removed` line names a task no line before showed.
        case unknownTask(TaskID, type: String)
        /// A task without `Spec` belongs to a service no line before showed.
        case unknownService(ServiceID, task: TaskID)

        var description: String {
            switch self {
            case .unknownTask(let id, let type):
                "\(type) of task \(id), which no line before shows (no snapshot or task.created line has it)"
            case .unknownService(let service, let task):
                "task \(task) has no Spec, and no line before shows its service \(service) to take it from"
            }
        }
    }

    /// The entry a line holds, completed against the lines before it: a short task event
    /// made whole, a task without spec given its service's template. In format 1 every line
    /// is whole already (a task without spec has an empty one).
    /// - Complexity: O(1) but for the task's state history, copied when it changes.
    func entry(_ content: LineContent, major: Int) throws(Problem) -> RecordingEntry {
        switch content {
        case .entry(let entry):
            return entry
        case .snapshotTask(let task, let hasSpec):
            return .snapshot(.task(major >= 2 && !hasSpec ? try withTemplate(task) : task))
        case .event(let document):
            switch document.body {
            case .whole(var event, let hasSpec):
                if major >= 2, !hasSpec {
                    switch event.change {
                    case .taskCreated(let t): event.change = .taskCreated(try withTemplate(t))
                    case .taskUpdated(let t, let from, let fromDesired):
                        event.change = .taskUpdated(try withTemplate(t), previousState: from, previousDesiredState: fromDesired)
                    case .taskRemoved(let t): event.change = .taskRemoved(try withTemplate(t))
                    default: break
                    }
                }
                return .cluster(event)
            case .update(let delta):
                guard let old = self[delta.id] else { throw .unknownTask(delta.id, type: "task.updated") }
                let new = delta.applied(to: old, at: document.time)
                return .cluster(ClusterEvent(
                    sequence: document.sequence, time: document.time,
                    change: .taskUpdated(new, previousState: old.status.state, previousDesiredState: old.desiredState)))
            case .removal(let id):
                guard let old = self[id] else { throw .unknownTask(id, type: "task.removed") }
                return .cluster(ClusterEvent(sequence: document.sequence, time: document.time, change: .taskRemoved(old)))
            }
        }
    }

    /// `task` with its service's template as spec.
    private func withTemplate(_ task: Task) throws(Problem) -> Task {
        guard let blank = templates[task.serviceID] else { throw .unknownService(task.serviceID, task: task.id) }
        var filled = task
        filled.spec = blank.spec
        return filled
    }
}
