#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwarmModel

/// Reads the lines a format 2 or 3 recording is mostly made of, straight from their bytes
/// into model values: task events (short and whole) and snapshot tasks, as the writer
/// writes them. A replay reads a million of them a second this way; Foundation's decoder takes
/// fifty times as long, mostly making dictionaries of every object first.
///
/// It reads only what it knows, written the way the writer writes it: any other line, or
/// any surprise in one (an unknown field, an escape in a string, a task with a spec, a
/// task the ledger does not have), gives nil, and the reader reads the line with
/// Foundation instead, which reads any valid line the same way and words every error. The
/// tests check that the two agree on every line of real recordings.
struct FastLineDecoder {
    private var nodeIDs = Interner<NodeID>()
    private var serviceIDs = Interner<ServiceID>()
    /// Status messages and errors: a few dozen texts, repeated a million times.
    private var texts = Interner<String>()
    private var times = TimestampParser()
    /// A short update's ID before the ledger finds the task (the delta is applied in place).
    static let noID = TaskID("")
    /// The recording's major version: format 3's `update` and `remove` lines are read in
    /// 3 and later only.
    private let major: Int

    init(major: Int = RecordingFormat.version.major) {
        self.major = major
    }

    /// The line's time in milliseconds and its entry, completed against `ledger` and noted
    /// in it; nil (and `ledger` unchanged) when the line is not one this reads.
    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, ledger: inout TaskLedger) -> (milliseconds: Int64, entry: RecordingEntry)? {
        var s = JSONScanner(line)
        guard s.take(0x7B), let t = s.rawString(), t.equals("t"), s.take(0x3A), let ms = s.milliseconds(),
              s.take(0x2C), let k = s.rawString(), k.equals("kind"), s.take(0x3A), let kind = s.rawString(),
              s.take(0x2C), let field = s.rawString(), s.take(0x3A)
        else { return nil }
        let entry: RecordingEntry
        if kind.equals("cluster"), field.equals("event") {
            guard let event = event(&s, ledger: &ledger) else { return nil }
            entry = .cluster(event)
        } else if kind.equals("snapshot"), field.equals("task") {
            guard let task = task(&s, ledger: ledger), s.take(0x7D), s.atEnd else { return nil }
            ledger.note(.snapshot(.task(task)))
            return (ms, .snapshot(.task(task)))
        } else if major >= 3, field.equals("id"), kind.equals("update") || kind.equals("remove") {
            guard let event = shortLine(&s, removal: kind.equals("remove"), ledger: &ledger) else { return nil }
            entry = .cluster(event)
        } else {
            return nil
        }
        return (ms, entry)
    }

    /// The end of the line after its object's last value: `}` and nothing else.
    private static func endsHere(_ s: inout JSONScanner) -> Bool {
        s.take(0x7D) && s.take(0x7D) && s.atEnd
    }

    // MARK: Events

    private enum EventType { case created, updated, removed }

    /// What an event object's members say, as they are read.
    private struct EventFields {
        var sequence: UInt64?
        var time: Timestamp?
        var dt: Int?
        var type: EventType?
        var id: UnsafeBufferPointer<UInt8>?
        // Where the whole task is, read once the type is known: most lines have none, and a
        // `Task?` kept through the loop is copied about at every step.
        var taskBytes: UnsafeBufferPointer<UInt8>?
        var from: TaskState?
        var fromDesired: TaskState?
        var delta = TaskDelta(id: FastLineDecoder.noID)
        var hasDelta = false
        /// The fields read so far, and those the line may not have (`EventField.bit`).
        var seen: UInt32

        init(excluding excluded: UInt32) {
            seen = excluded
        }

        /// What a `cluster` line's event object may not have: format 3's `dt`.
        static let notInEvents = EventField.dt.bit
        /// What an `update` or `remove` line may not have after its `id`.
        static let notInShortLines = [EventField.id, .type, .task, .from, .fromDesired].reduce(0) { $0 | $1.bit }
    }

    /// A task event, noted in `ledger` once the line is read to its end.
    private mutating func event(_ s: inout JSONScanner, ledger: inout TaskLedger) -> ClusterEvent? {
        var f = EventFields(excluding: EventFields.notInEvents)
        // The event object's members; the object's closing brace is left for `endsHere`.
        let ok = s.members(closing: false) { s, key in member(&s, key, &f) }
        guard ok, let sequence = f.sequence, let time = f.time, let type = f.type, Self.endsHere(&s) else { return nil }
        if let taskBytes = f.taskBytes {
            return wholeEvent(taskBytes, type: type, sequence: sequence, time: time, from: f.from, fromDesired: f.fromDesired,
                              alone: f.id == nil && !f.hasDelta, ledger: &ledger)
        }
        guard f.from == nil, f.fromDesired == nil, let id = f.id else { return nil }
        switch type {
        case .created: return nil
        case .updated: return shortEvent(id, update: f.delta, sequence: sequence, time: time, ledger: &ledger)
        case .removed: return f.hasDelta ? nil : shortEvent(id, update: nil, sequence: sequence, time: time, ledger: &ledger)
        }
    }

    /// The rest of a format 3 `update` or `remove` line after `"id":`, noted in `ledger`.
    private mutating func shortLine(_ s: inout JSONScanner, removal: Bool, ledger: inout TaskLedger) -> ClusterEvent? {
        guard let id = s.rawString() else { return nil }
        var f = EventFields(excluding: EventFields.notInShortLines)
        guard s.remainingMembers({ s, key in member(&s, key, &f) }), s.atEnd else { return nil }
        let time: EventTime
        switch (f.dt, f.time) {
        case (let dt?, nil): time = .after(Int64(dt))
        case (nil, let at?): time = .at(at)
        default: return nil
        }
        guard let (sequence, at) = try? ledger.order(sequence: f.sequence, time: time) else { return nil }
        if removal {
            return f.hasDelta ? nil : shortEvent(id, update: nil, sequence: sequence, time: at, ledger: &ledger)
        }
        if f.delta.version == nil { f.delta.version = sequence }
        return shortEvent(id, update: f.delta, sequence: sequence, time: at, ledger: &ledger)
    }

    /// A short task event applied where the ledger keeps the task (no copy of it to change):
    /// `update`, or the task's removal when nil; nil when the ledger has no such task.
    private func shortEvent(
        _ id: UnsafeBufferPointer<UInt8>, update delta: TaskDelta?, sequence: UInt64, time: Timestamp, ledger: inout TaskLedger
    ) -> ClusterEvent? {
        let change: ClusterEvent.Change
        if let delta {
            guard let updated = ledger.update(idBytes: id, with: delta, at: time) else { return nil }
            change = updated
        } else {
            guard let old = ledger.removeTask(idBytes: id) else { return nil }
            change = .taskRemoved(old)
        }
        let event = ClusterEvent(sequence: sequence, time: time, change: change)
        ledger.noteOrder(of: event)
        return event
    }

    /// Reads the value of an event's member `key` into `f`; false to give up on the line.
    private mutating func member(_ s: inout JSONScanner, _ key: UnsafeBufferPointer<UInt8>, _ f: inout EventFields) -> Bool {
        guard let field = EventField(key), f.seen & field.bit == 0 else { return false }
        f.seen |= field.bit
        switch field {
        case .seq:
            f.sequence = s.unsigned()
            return f.sequence != nil
        case .time:
            f.time = timestamp(&s)
            return f.time != nil
        case .dt:
            f.dt = s.integer()
            return f.dt != nil
        case .type:
            guard let text = s.rawString() else { return false }
            if text.equals("task.updated") {
                f.type = .updated
            } else if text.equals("task.created") {
                f.type = .created
            } else if text.equals("task.removed") {
                f.type = .removed
            } else {
                return false
            }
        case .id:
            f.id = s.rawString()
            return f.id != nil
        case .task:
            s.skipWhitespace()
            let start = s.position
            guard s.skipValue() else { return false }
            f.taskBytes = UnsafeBufferPointer(rebasing: s.bytes[start..<s.position])
        case .from:
            f.from = state(&s)
            return f.from != nil
        case .fromDesired:
            f.fromDesired = state(&s)
            return f.fromDesired != nil
        case .version:
            f.delta.version = s.unsigned()
            f.hasDelta = true
            return f.delta.version != nil
        case .updated:
            f.delta.updatedAt = timestamp(&s)
            f.hasDelta = true
            return f.delta.updatedAt != nil
        case .state:
            f.delta.state = state(&s)
            f.hasDelta = true
            return f.delta.state != nil
        case .statusTime:
            f.delta.statusTime = timestamp(&s)
            f.hasDelta = true
            return f.delta.statusTime != nil
        case .message:
            guard let text = s.rawString() else { return false }
            f.delta.message = texts.value(text)
            f.hasDelta = true
        case .err:
            f.hasDelta = true
            if s.null() {
                f.delta.err = .some(nil)
            } else {
                guard let text = s.rawString() else { return false }
                f.delta.err = .some(texts.value(text))
            }
        case .container:
            f.hasDelta = true
            if s.null() {
                f.delta.container = .some(nil)
            } else {
                guard let container = containerStatus(&s) else { return false }
                f.delta.container = .some(container)
            }
        case .desired:
            f.delta.desired = state(&s)
            f.hasDelta = true
            return f.delta.desired != nil
        case .node:
            f.hasDelta = true
            if s.null() {
                f.delta.node = .some(nil)
            } else {
                guard let text = s.rawString() else { return false }
                f.delta.node = .some(text.isEmpty ? nil : nodeIDs.value(text))
            }
        }
        return true
    }

    /// A task event with its whole task (in `bytes`), noted in `ledger`. `alone`: the event
    /// has no short form's fields beside the task.
    private mutating func wholeEvent(
        _ bytes: UnsafeBufferPointer<UInt8>, type: EventType, sequence: UInt64, time: Timestamp, from: TaskState?,
        fromDesired: TaskState?, alone: Bool, ledger: inout TaskLedger
    ) -> ClusterEvent? {
        var s = JSONScanner(bytes)
        guard alone, let task = task(&s, ledger: ledger), s.atEnd else { return nil }
        let change: ClusterEvent.Change
        switch type {
        case .created:
            guard from == nil, fromDesired == nil else { return nil }
            change = .taskCreated(task)
        case .updated:
            guard let from, let fromDesired else { return nil }
            change = .taskUpdated(task, previousState: from, previousDesiredState: fromDesired)
        case .removed:
            guard from == nil, fromDesired == nil else { return nil }
            change = .taskRemoved(task)
        }
        let event = ClusterEvent(sequence: sequence, time: time, change: change)
        ledger.note(event)
        return event
    }

    private enum EventField: UInt32 {
        case seq, time, dt, type, id, task, from, fromDesired, version, updated, state, statusTime, message, err, container, desired, node

        var bit: UInt32 { 1 << rawValue }

        init?(_ key: UnsafeBufferPointer<UInt8>) {
            switch key.count {
            case 2 where key.equals("id"): self = .id
            case 2 where key.equals("dt"): self = .dt
            case 3 where key.equals("seq"): self = .seq
            case 3 where key.equals("err"): self = .err
            case 4 where key.equals("time"): self = .time
            case 4 where key.equals("type"): self = .type
            case 4 where key.equals("task"): self = .task
            case 4 where key.equals("from"): self = .from
            case 4 where key.equals("node"): self = .node
            case 5 where key.equals("state"): self = .state
            case 7 where key.equals("version"): self = .version
            case 7 where key.equals("updated"): self = .updated
            case 7 where key.equals("message"): self = .message
            case 7 where key.equals("desired"): self = .desired
            case 9 where key.equals("container"): self = .container
            case 10 where key.equals("statusTime"): self = .statusTime
            case 11 where key.equals("fromDesired"): self = .fromDesired
            default: return nil
            }
        }
    }

    // MARK: Tasks

    /// A task object without `Spec`, with every field the writer writes; its spec is its
    /// service's template in `ledger`.
    private mutating func task(_ s: inout JSONScanner, ledger: TaskLedger) -> Task? {
        var id: UnsafeBufferPointer<UInt8>?
        var version: UInt64?
        var createdAt: Timestamp?
        var updatedAt: Timestamp?
        var serviceID: ServiceID?
        var slot: Int?
        var nodeID: NodeID?
        var status: TaskStatus?
        var desired: TaskState?
        var history: [StateEntry]?
        var seen: UInt32 = 0
        let ok = s.members { s, key in
            guard let field = TaskField(key), seen & field.bit == 0 else { return false }
            seen |= field.bit
            switch field {
            case .id:
                id = s.rawString()
                return id != nil
            case .version:
                var index: UInt64?
                guard s.members({ s, key in
                    guard key.equals("Index"), index == nil else { return false }
                    index = s.unsigned()
                    return index != nil
                }) else { return false }
                version = index
                return version != nil
            case .createdAt:
                createdAt = timestamp(&s)
                return createdAt != nil
            case .updatedAt:
                updatedAt = timestamp(&s)
                return updatedAt != nil
            case .serviceID:
                guard let text = s.rawString() else { return false }
                serviceID = serviceIDs.value(text)
            case .slot:
                guard let value = s.integer() else { return false }
                slot = value == 0 ? nil : value
            case .nodeID:
                guard let text = s.rawString() else { return false }
                nodeID = text.isEmpty ? nil : nodeIDs.value(text)
            case .status:
                status = taskStatus(&s)
                return status != nil
            case .desiredState:
                desired = state(&s)
                return desired != nil
            case .stateHistory:
                var entries: [StateEntry] = []
                entries.reserveCapacity(9)
                guard s.elements({ s in
                    guard let entry = stateEntry(&s) else { return false }
                    entries.append(entry)
                    return true
                }) else { return false }
                history = entries
            }
            return true
        }
        guard ok, let id, let version, let createdAt, let updatedAt, let serviceID, let status, let desired, let history,
              var task = ledger.blankTask(of: serviceID)
        else { return nil }
        task.id = TaskID(String(decoding: id, as: UTF8.self))
        task.version = ObjectVersion(index: version)
        task.createdAt = createdAt
        task.updatedAt = updatedAt
        task.serviceID = serviceID
        task.slot = slot
        task.nodeID = nodeID
        task.status = status
        task.desiredState = desired
        task.stateHistory = StateHistory(history)
        return task
    }

    private enum TaskField: UInt32 {
        case id, version, createdAt, updatedAt, serviceID, slot, nodeID, status, desiredState, stateHistory

        var bit: UInt32 { 1 << rawValue }

        /// Nil for any other key, `Spec` included.
        init?(_ key: UnsafeBufferPointer<UInt8>) {
            switch key.count {
            case 2 where key.equals("ID"): self = .id
            case 4 where key.equals("Slot"): self = .slot
            case 6 where key.equals("NodeID"): self = .nodeID
            case 6 where key.equals("Status"): self = .status
            case 7 where key.equals("Version"): self = .version
            case 9 where key.equals("CreatedAt"): self = .createdAt
            case 9 where key.equals("UpdatedAt"): self = .updatedAt
            case 9 where key.equals("ServiceID"): self = .serviceID
            case 12 where key.equals("DesiredState"): self = .desiredState
            case 12 where key.equals("StateHistory"): self = .stateHistory
            default: return nil
            }
        }
    }

    /// `{"State":…,"Timestamp":…}`.
    private mutating func stateEntry(_ s: inout JSONScanner) -> StateEntry? {
        var state: TaskState?
        var time: Timestamp?
        guard s.members({ s, key in
            if key.equals("State"), state == nil {
                state = self.state(&s)
                return state != nil
            }
            if key.equals("Timestamp"), time == nil {
                time = timestamp(&s)
                return time != nil
            }
            return false
        }), let state, let time else { return nil }
        return StateEntry(state: state, time: time)
    }

    /// `Status`, with `Message`, `State` and `Timestamp` (as the writer writes it).
    private mutating func taskStatus(_ s: inout JSONScanner) -> TaskStatus? {
        var state: TaskState?
        var time: Timestamp?
        var message: String?
        var err: String?
        var container: ContainerStatus?
        var seen = 0
        guard s.members({ s, key in
            switch key.count {
            case 5 where key.equals("State"):
                guard seen & 1 == 0 else { return false }
                seen |= 1
                state = self.state(&s)
                return state != nil
            case 9 where key.equals("Timestamp"):
                guard seen & 2 == 0 else { return false }
                seen |= 2
                time = timestamp(&s)
                return time != nil
            case 7 where key.equals("Message"):
                guard seen & 4 == 0, let text = s.rawString() else { return false }
                seen |= 4
                message = texts.value(text)
                return true
            case 3 where key.equals("Err"):
                guard seen & 8 == 0, let text = s.rawString() else { return false }
                seen |= 8
                err = texts.value(text)
                return true
            case 15 where key.equals("ContainerStatus"):
                guard seen & 16 == 0 else { return false }
                seen |= 16
                container = containerStatus(&s)
                return container != nil
            default:
                return false
            }
        }), let state, let time, let message else { return nil }
        return TaskStatus(timestamp: time, state: state, message: message, err: err, containerStatus: container)
    }

    /// `ContainerStatus`, with `PID` (as the writer writes it).
    private mutating func containerStatus(_ s: inout JSONScanner) -> ContainerStatus? {
        var id: String?
        var pid: Int?
        var exitCode: Int?
        guard s.members({ s, key in
            if key.equals("PID"), pid == nil {
                pid = s.integer()
                return pid != nil
            }
            if key.equals("ExitCode"), exitCode == nil {
                exitCode = s.integer()
                return exitCode != nil
            }
            if key.equals("ContainerID"), id == nil, let text = s.rawString() {
                id = String(decoding: text, as: UTF8.self)
                return true
            }
            return false
        }), let pid else { return nil }
        return ContainerStatus(containerID: id, pid: pid, exitCode: exitCode)
    }

    // MARK: Values

    private mutating func timestamp(_ s: inout JSONScanner) -> Timestamp? {
        guard let text = s.rawString() else { return nil }
        return times.parse(text)
    }

    /// A task state by its API name.
    private func state(_ s: inout JSONScanner) -> TaskState? {
        guard let text = s.rawString() else { return nil }
        return TaskState.allCases.first { text.equals($0.staticName) }
    }
}

/// Parses the RFC 3339 times the writer writes, `2026-01-01T00:00:05.25Z`, as
/// `Timestamp(rfc3339:)` does; nil for any other form (Foundation's path reads those).
struct TimestampParser {
    /// The last date read, `YYYY-MM-DD`, and its day number: events come in time order.
    private var lastDate: (UInt64, UInt16) = (0, 0)
    private var lastDays: Int64 = 0

    mutating func parse(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b.count >= 20, b.count <= 30, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              b[b.count - 1] == 0x5A, let base = b.baseAddress
        else { return nil }
        let date = (UnsafeRawPointer(base).loadUnaligned(as: UInt64.self), UnsafeRawPointer(base + 8).loadUnaligned(as: UInt16.self))
        let days: Int64
        if date == lastDate {
            days = lastDays
        } else {
            guard let y = Self.number(b, 0, 4), let mo = Self.number(b, 5, 2), let d = Self.number(b, 8, 2),
                  (1...12).contains(mo), (1...31).contains(d)
            else { return nil }
            days = Timestamp.days(fromCivil: y, mo, d)
            (lastDate, lastDays) = (date, days)
        }
        guard let h = Self.number(b, 11, 2), let mi = Self.number(b, 14, 2), let sec = Self.number(b, 17, 2),
              h < 24, mi < 60, sec < 61
        else { return nil }
        var nanos = 0
        if b.count > 20 {
            // `.` and one to nine digits before the `Z`.
            let digits = b.count - 21
            guard b[19] == 0x2E, digits >= 1, digits <= 9, let fraction = Self.number(b, 20, digits) else { return nil }
            nanos = fraction
            for _ in digits..<9 { nanos *= 10 }
        }
        let secs = days * 86_400 + Int64(h * 3600 + mi * 60 + sec)
        let (scaled, o1) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = scaled.addingReportingOverflow(Int64(nanos))
        guard !o1, !o2 else { return nil }
        return Timestamp(nanoseconds: total)
    }

    @inline(__always)
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ length: Int) -> Int? {
        var value = 0
        for i in from..<(from + length) {
            let digit = b[i] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

/// Text that an `Interner` keeps one copy of.
protocol InternableText {
    init(internedText: String)
    var internedText: String { get }
}

extension String: InternableText {
    init(internedText: String) { self = internedText }
    var internedText: String { self }
}

extension NodeID: InternableText {
    init(internedText: String) { self.init(internedText) }
    var internedText: String { rawValue }
}

extension ServiceID: InternableText {
    init(internedText: String) { self.init(internedText) }
    var internedText: String { rawValue }
}

/// One value per text read: the same ID or message read a million times is made once and
/// shared, not allocated again for each line.
struct Interner<Value: InternableText> {
    private var table: [UInt64: Value] = [:]
    /// Beyond this many texts (a source whose messages are all different) new ones are made
    /// each time, not kept.
    static var limit: Int { 1 << 16 }

    /// The value for `bytes` (UTF-8).
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        let digest = identifierDigest(bytes)
        if let value = table[digest], Text.same(value.internedText, bytes) { return value }
        let value = Value(internedText: String(decoding: bytes, as: UTF8.self))
        if table.count < Self.limit { table[digest] = value }
        return value
    }

}

enum Text {
    /// Whether `text`'s UTF-8 is `bytes`.
    static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            guard stored.count == bytes.count else { return false }
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }
}
