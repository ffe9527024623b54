import SwarmModel

/// The tasks and service task templates that a format 2 recording's lines have shown so
/// far: what its short lines are written against and read against. The writer and the
/// reader each keep one, and note every line in it, so both hold the same one at each line.
///
/// A `task.updated` line names the task and what changed (`TaskDelta`); a `task.removed`
/// line names the task; a task object without `Spec` has its service's task template.
struct TaskLedger {
    /// Every task shown and not removed since, as the last line showing it left it.
    private(set) var tasks: [TaskID: Task] = [:]
    /// Each service's task template, held in a task made from it: a task read without a spec
    /// starts as a copy of it and so shares its spec rather than holding its own.
    private var templates: [ServiceID: Task] = [:]
    /// Task IDs by the digest of their text, to find a task from a line's bytes without
    /// making a string of them. A second ID with the same digest is left out (and found by
    /// its text instead).
    private var idsByDigest: [UInt64: TaskID] = [:]

    init() {}

    /// The task with this ID.
    /// - Complexity: O(1).
    subscript(id: TaskID) -> Task? { tasks[id] }

    /// The ID of the task whose ID is these bytes (UTF-8).
    /// - Complexity: O(length of the ID).
    func taskID(bytes: UnsafeBufferPointer<UInt8>) -> TaskID? {
        let digest = Digest.of(bytes)
        if let id = idsByDigest[digest], Text.same(id.rawValue, bytes) { return id }
        let id = TaskID(String(decoding: bytes, as: UTF8.self))
        return tasks[id] == nil ? nil : id
    }

    /// Applies a short `task.updated` to the task whose ID is these bytes, where it is kept,
    /// and returns the event's change; nil when there is no such task.
    /// - Complexity: O(1) but for the task's state history, copied when shared.
    mutating func update(idBytes bytes: UnsafeBufferPointer<UInt8>, with delta: TaskDelta, at time: Timestamp) -> ClusterEvent.Change? {
        guard let id = taskID(bytes: bytes), let i = tasks.index(forKey: id) else { return nil }
        let (from, fromDesired) = (tasks.values[i].status.state, tasks.values[i].desiredState)
        delta.apply(to: &tasks.values[i], at: time)
        return .taskUpdated(tasks.values[i], previousState: from, previousDesiredState: fromDesired)
    }

    /// Removes the task whose ID is these bytes and returns it.
    mutating func removeTask(idBytes bytes: UnsafeBufferPointer<UInt8>) -> Task? {
        guard let id = taskID(bytes: bytes), let task = tasks[id] else { return nil }
        remove(id)
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

    /// Notes a line that was written or read.
    /// - Complexity: O(1) amortised; O(size of the spec) for a service.
    mutating func note(_ entry: RecordingEntry) {
        switch entry {
        case .snapshot(.task(let t)): store(t)
        case .snapshot(.service(let s)): noteService(s)
        case .cluster(let e):
            switch e.change {
            case .taskCreated(let t), .taskUpdated(let t, _, _): store(t)
            case .taskRemoved(let t): remove(t.id)
            case .serviceCreated(let s), .serviceUpdated(let s): noteService(s)
            case .serviceRemoved(let s): templates[s.id] = nil
            default: break
            }
        default: break
        }
    }

    private mutating func store(_ task: Task) {
        guard tasks.updateValue(task, forKey: task.id) == nil else { return }
        let digest = Digest.of(task.id)
        if idsByDigest[digest] == nil { idsByDigest[digest] = task.id }
    }

    private mutating func remove(_ id: TaskID) {
        guard tasks.removeValue(forKey: id) != nil else { return }
        let digest = Digest.of(id)
        if idsByDigest[digest] == id { idsByDigest[digest] = nil }
    }

    private mutating func noteService(_ service: Service) {
        let template = service.spec.taskTemplate
        if let blank = templates[service.id], blank.spec == template { return }
        templates[service.id] = Task(
            id: TaskID(""), createdAt: .zero, spec: template, serviceID: service.id, slot: nil, nodeID: nil)
    }
}

/// An FNV-1a digest of an ID's text, to find it by its bytes.
enum Digest {
    static func of(_ id: TaskID) -> UInt64 {
        var text = id.rawValue
        return text.withUTF8 { of($0) }
    }

    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
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
                guard let old = tasks[delta.id] else { throw .unknownTask(delta.id, type: "task.updated") }
                let new = delta.applied(to: old, at: document.time)
                return .cluster(ClusterEvent(
                    sequence: document.sequence, time: document.time,
                    change: .taskUpdated(new, previousState: old.status.state, previousDesiredState: old.desiredState)))
            case .removal(let id):
                guard let old = tasks[id] else { throw .unknownTask(id, type: "task.removed") }
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
