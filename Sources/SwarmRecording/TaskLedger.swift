import CShims
import SwarmModel

/// The tasks and service task templates that a recording's lines have shown so far (format
/// 2 and later), and its last event's number and time (format 3): what its short lines are
/// written against and read against. The writer and the reader each keep one, and note every
/// line in it, so both hold the same one at each line (but for the tasks, which a writer
/// from notes does not keep).
///
/// An `update` line names the task and what changed (`TaskDelta`); a `remove` line names
/// the task; a task object without `Spec` has its service's task template.
///
/// A writer that takes what changed from the events' notes (`TaskChangeNote`) keeps no
/// tasks, only the order of the events (see `Keeping`).
struct TaskLedger {
    /// What a ledger keeps of each task.
    enum Keeping {
        /// The task as the last line showing it left it: a reader applies short lines to it,
        /// and a writer compares each change with it (`noteUpdate`).
        case tasks
        /// Nothing of them: for a writer that takes what changed from the events' notes. A
        /// note tells the change from the task as the events before it left it, so it is the
        /// change from the task as the lines show it while they show every event since the
        /// header's, in order (`sawEveryEvent`); after a gap, changes are written whole.
        case order
    }

    let keeping: Keeping
    /// Every task shown and not removed since, as the last line showing it left it: stored
    /// densely (a removed task's place is reused), so that a task is read and changed where
    /// it is, not copied out and back (a dozen reference counts each way).
    private var slots: ContiguousArray<Task> = []
    private var free: [Int] = []
    /// The positions of the tasks in `slots`, by their IDs' digests (`TaskID.digest`, which
    /// a line's bytes give without making a string).
    private var index = DigestIndex()
    /// Each service's task template, held in a task made from it: a task read without a spec
    /// starts as a copy of it and so shares its spec rather than holding its own.
    private var templates: [ServiceID: Task] = [:]
    /// The number of the last cluster event the lines show (at first the header's
    /// `sequence`), and its time (nil before the first): what format 3's short lines count
    /// from.
    private(set) var lastSequence: UInt64
    private(set) var lastEventTime: Timestamp?
    /// Whether the lines show every event since the header's, each numbered one more than
    /// the one before.
    private(set) var sawEveryEvent = true

    /// - Parameters:
    ///   - sequence: The header's `sequence`, the number of the last event before the
    ///     recording's first.
    ///   - keeping: What is kept of each task.
    init(sequence: UInt64 = 0, keeping: Keeping = .tasks) {
        lastSequence = sequence
        self.keeping = keeping
    }

    /// Every task, by ID (tests).
    /// - Complexity: O(n).
    var tasks: [TaskID: Task] {
        var tasks: [TaskID: Task] = [:]
        index.forEachPosition { tasks[slots[$0].id] = slots[$0] }
        return tasks
    }

    /// The task with this ID.
    /// - Complexity: O(1).
    subscript(id: TaskID) -> Task? { position(of: id).map { slots[$0] } }

    /// The position of the task with this ID.
    private func position(of id: TaskID) -> Int? {
        index.first(withDigest: id.digest) { slots[$0].id == id }
    }

    /// The position of the task whose ID is these bytes (UTF-8).
    /// - Complexity: O(length of the ID).
    private func position(idBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        index.first(withDigest: identifierDigest(bytes)) { Text.same(slots[$0].id.rawValue, bytes) }
    }

    /// Starts bringing into the processor's cache what noting these events will read: each
    /// task's entry in the index, then the task where it is kept. The ledger is megabytes and
    /// out of the cache between pieces (the dashboard works in between), so each note would
    /// otherwise wait for memory twice, one task after another; asked for together, the
    /// waits overlap. Only a hint: what it fetches is not used, so a task that the events
    /// before it create or remove does not matter.
    func prefetch(_ events: UnsafeBufferPointer<ClusterEvent>) {
        guard keeping == .tasks else { return }
        for i in events.indices {
            if let digest = events[i].change.taskDigest { index.prefetch(digest) }
        }
        slots.withUnsafeBytes { slots in
            guard let base = slots.baseAddress else { return }
            for i in events.indices {
                // The first position with the digest, whatever task it holds: a guess.
                guard let digest = events[i].change.taskDigest, let p = index.first(withDigest: digest, where: { _ in true }) else { continue }
                // Every cache line the task touches: from the one it starts in.
                let task = base + p * MemoryLayout<Task>.stride
                let first = task - Int(bitPattern: UInt(bitPattern: task) % 64)
                for line in stride(from: first, to: task + MemoryLayout<Task>.size, by: 64) { swarmtop_prefetch(line) }
            }
        }
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
        remove(at: i)
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

    /// Notes a `task.updated` (event number `sequence`) being written, and says what its
    /// short form carries against the lines before it; nil when it must be written whole
    /// (the task is new to the ledger, or the short form cannot say the change). A ledger
    /// keeping tasks compares the task with its own; one keeping the order takes the change
    /// from `note`, when the lines show every event before this one. If the line cannot be
    /// written after all, the recording stops there, and the ledger no longer matters.
    /// - Complexity: O(1) for state histories in state order.
    mutating func noteUpdate(
        _ task: borrowing Task, from: TaskState, fromDesired: TaskState, note: TaskChangeNote?, sequence: UInt64, at time: Timestamp
    ) -> TaskChanges? {
        if keeping == .order {
            guard let note, followsEveryEvent(sequence) else { return nil }
            return TaskChanges(note, to: task, from: from, fromDesired: fromDesired, at: time)
        }
        guard let i = position(of: task.id) else {
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

    /// Notes a `task.removed` (event number `sequence`) being written; whether it can be
    /// written short (the lines show the task as it is removed: the ledger has the same
    /// task, or for a ledger keeping the order, a note says it is unchanged since the events
    /// before, and the lines show every one of them).
    mutating func noteRemoval(_ task: borrowing Task, note: TaskChangeNote?, sequence: UInt64) -> Bool {
        if keeping == .order {
            guard let note else { return false }
            return note.fields.isEmpty && note.previousVersion == task.version.index && followsEveryEvent(sequence)
        }
        guard let i = position(of: task.id) else { return false }
        let same = slots[i] == task
        remove(at: i)
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
        noteOrder(of: event)
        switch event.change {
        // One case a pattern (see `taskDigest`).
        case .taskCreated(let t): store(t)
        case .taskUpdated(let t, _, _): store(t)
        case .taskRemoved(let t):
            if keeping == .tasks, let i = position(of: t.id) { remove(at: i) }
        case .serviceCreated(let s), .serviceUpdated(let s): noteService(s)
        case .serviceRemoved(let s): templates[s.id] = nil
        default: break
        }
    }

    /// Notes a line that was left out (it could not be encoded): the lines no longer show
    /// everything, and no note is trusted from here on.
    mutating func noteLeftOut() { sawEveryEvent = false }

    /// Notes the number and time of a cluster event that was written or read (`note(_:)`
    /// does, for the events it notes).
    mutating func noteOrder(of event: borrowing ClusterEvent) {
        if event.sequence != nextSequence { sawEveryEvent = false }
        lastSequence = event.sequence
        lastEventTime = event.time
    }

    /// The number a short line without `seq` gives its event: one more than the last event's;
    /// nil after the highest number there is.
    var nextSequence: UInt64? { lastSequence == .max ? nil : lastSequence + 1 }

    /// Whether event number `sequence` follows the last one, and the lines show every event
    /// since the header's.
    private func followsEveryEvent(_ sequence: UInt64) -> Bool {
        sawEveryEvent && sequence == nextSequence
    }

    /// The number and time of a format 3 short line's event, from the `seq`, `dt` and `time`
    /// it gives: a missing `seq` is one more than the last event's, `dt` is nanoseconds after
    /// the last event's time.
    func order(sequence: UInt64?, time: EventTime) throws(Problem) -> (sequence: UInt64, time: Timestamp) {
        guard let next = sequence ?? nextSequence else { throw .noNextSequence }
        switch time {
        case .at(let time):
            return (next, time)
        case .after(let nanoseconds):
            guard let last = lastEventTime else { throw .noTimeBefore }
            let (t, overflow) = last.nanoseconds.addingReportingOverflow(nanoseconds)
            guard !overflow else { throw .timeOutOfRange }
            return (next, Timestamp(nanoseconds: t))
        }
    }

    private mutating func store(_ task: Task) {
        guard keeping == .tasks else { return }
        if let i = position(of: task.id) {
            slots[i] = task
            return
        }
        let i: Int
        if let reused = free.popLast() {
            i = reused
            slots[i] = task
        } else {
            i = slots.count
            let capacity = slots.capacity
            slots.append(task)
            // The tasks moved to a larger buffer: the writer reads them all over it between
            // the dashboard's work, and with 4 KB pages nearly every one missed the TLB too.
            if slots.capacity != capacity { HugePages.advise(slots) }
        }
        index.insert(i, digest: task.id.digest)
    }

    private mutating func remove(at i: Int) {
        index.remove(i, digest: slots[i].id.digest)
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

/// Positions by 64-bit digests, in one flat table with open addressing and linear probing:
/// a look-up reads one 16-byte entry (where a dictionary reads a key and a value, apart) and
/// then the one task it names. Two positions may have the same digest; a look-up tells them
/// apart with the test it is given.
struct DigestIndex {
    private struct Entry {
        var digest: UInt64
        /// -1 for an empty entry.
        var position: Int
        static let empty = Entry(digest: 0, position: -1)
    }

    /// A power of two long, never more than three quarters full.
    private var entries = ContiguousArray(repeating: Entry.empty, count: 16)
    private(set) var count = 0

    init() {}

    private var mask: Int { entries.count - 1 }

    /// Where a digest's probe starts. Digests are mixed already; the high half is folded in
    /// so that the low bits vary with all of them.
    @inline(__always)
    private func home(_ digest: UInt64) -> Int { Int(truncatingIfNeeded: digest ^ digest >> 32) & mask }

    /// The first position with this digest that passes `matches`.
    /// - Complexity: O(1) expected.
    @inline(__always)
    func first(withDigest digest: UInt64, where matches: (Int) -> Bool) -> Int? {
        var b = home(digest)
        while true {
            let entry = entries[b]
            if entry.position < 0 { return nil }
            if entry.digest == digest, matches(entry.position) { return entry.position }
            b = (b + 1) & mask
        }
    }

    /// Starts bringing the entry a look-up of this digest reads first into the cache.
    func prefetch(_ digest: UInt64) {
        entries.withUnsafeBufferPointer { swarmtop_prefetch($0.baseAddress! + home(digest)) }
    }

    /// Adds a position (not in the index yet).
    mutating func insert(_ position: Int, digest: UInt64) {
        if (count + 1) * 4 > entries.count * 3 { grow() }
        var b = home(digest)
        while entries[b].position >= 0 { b = (b + 1) & mask }
        entries[b] = Entry(digest: digest, position: position)
        count += 1
    }

    /// Removes a position that was added with this digest; the entries after it in its run
    /// move back, so that no look-up stops short of them.
    mutating func remove(_ position: Int, digest: UInt64) {
        precondition(position >= 0, "positions are not negative")
        var hole = home(digest)
        while entries[hole].position != position || entries[hole].digest != digest {
            guard entries[hole].position >= 0 else { return }
            hole = (hole + 1) & mask
        }
        var next = hole
        while true {
            next = (next + 1) & mask
            let entry = entries[next]
            if entry.position < 0 { break }
            // An entry may fill the hole if its home is not in the stretch after the hole up
            // to where it is (its probe passed the hole on the way there).
            let entryHome = home(entry.digest)
            let distance = (next - entryHome) & mask
            let gap = (next - hole) & mask
            if distance >= gap {
                entries[hole] = entry
                hole = next
            }
        }
        entries[hole] = .empty
        count -= 1
    }

    /// Calls `body` with every position, in no order (`TaskLedger.tasks`).
    func forEachPosition(_ body: (Int) -> Void) {
        for entry in entries where entry.position >= 0 { body(entry.position) }
    }

    private mutating func grow() {
        let old = entries
        entries = ContiguousArray(repeating: .empty, count: old.count * 2)
        HugePages.advise(entries)
        count = 0
        for entry in old where entry.position >= 0 { insert(entry.position, digest: entry.digest) }
    }
}

extension TaskLedger {
    /// Why a line cannot be read against the lines before it.
    enum Problem: Error, Hashable {
        /// A short `task.updated` or `task.removed` line names a task no line before showed.
        case unknownTask(TaskID, type: String)
        /// A task without `Spec` belongs to a service no line before showed.
        case unknownService(ServiceID, task: TaskID)
        /// A short line without `seq` after the event numbered UInt64.max.
        case noNextSequence
        /// A short line's `dt` with no event before it to count from.
        case noTimeBefore
        /// A short line's `dt` that takes the time out of range.
        case timeOutOfRange

        var description: String {
            switch self {
            case .unknownTask(let id, let type):
                "\(type) of task \(id), which no line before shows (no snapshot or task.created line has it)"
            case .unknownService(let service, let task):
                "task \(task) has no Spec, and no line before shows its service \(service) to take it from"
            case .noNextSequence:
                "no seq, and the event before is numbered \(UInt64.max), the highest there is"
            case .noTimeBefore:
                "dt with no event before it to count from (give time instead)"
            case .timeOutOfRange:
                "dt takes the event's time out of range"
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
            case .update(var delta):
                let (sequence, time) = try order(sequence: document.sequence, time: document.time)
                if document.versionIsSequence, delta.version == nil { delta.version = sequence }
                guard let old = self[delta.id] else { throw .unknownTask(delta.id, type: "task.updated") }
                let new = delta.applied(to: old, at: time)
                return .cluster(ClusterEvent(
                    sequence: sequence, time: time,
                    change: .taskUpdated(new, previousState: old.status.state, previousDesiredState: old.desiredState)))
            case .removal(let id):
                let (sequence, time) = try order(sequence: document.sequence, time: document.time)
                guard let old = self[id] else { throw .unknownTask(id, type: "task.removed") }
                return .cluster(ClusterEvent(sequence: sequence, time: time, change: .taskRemoved(old)))
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
