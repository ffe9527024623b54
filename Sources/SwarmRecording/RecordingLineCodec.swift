import Dashboard
import Foundation
import SwarmModel

/// Turns entries into lines of text and back: `{"t":12.345,"kind":"cluster",…}`.
///
/// `t` and `kind` come first, so a person reading the file sees them first; the rest of the
/// fields follow in sorted order, so the same entry always gives the same bytes.
///
/// Task events and snapshot tasks, the lines a recording is mostly made of, are written
/// here byte by byte; the other lines go through Foundation's `JSONEncoder`. Given a
/// `TaskLedger` (format 2 and later), task events are written in their short forms where it
/// allows: format 3's `update` and `remove` lines.
/// Reading with Foundation's `JSONDecoder` reads any line; `FastLineDecoder` reads the
/// common ones faster.
public struct RecordingLineCodec {
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()

    public init() {
        self.init(reading: RecordingFormat.version)
    }

    /// A codec that reads lines of a recording in format `version`.
    init(reading version: FormatVersion) {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        decoder.userInfo[EventDocument.majorVersionKey] = version.major
    }

    /// The line for `entry` at `time`, with its newline. Task events are written whole.
    /// - Throws: `EncodingError` when the entry cannot be written as JSON (it always can).
    public func line(_ entry: RecordingEntry, at time: Duration) throws -> String {
        var out = JSONOutput()
        try append(entry, at: time, ledger: nil, to: &out)
        return out.text
    }

    /// The header line, with its newline.
    public func line(_ header: RecordingHeader) throws -> String {
        // The header's identifying fields first, as for entries.
        var text = "{\"format\":\(Self.quoted(header.format)),\"version\":\(Self.quoted(header.version))"
        let payload = try encoder.encode(HeaderPayload(header: header))
        if payload.count > 2 {
            text += ","
            text += String(decoding: payload.dropFirst().dropLast(), as: UTF8.self)
        }
        text += "}\n"
        return text
    }

    /// Appends the line for `entry` at `time`, with its newline, to `out`: snapshot tasks and
    /// task events without their spec when `ledger` (the lines written so far) has it as
    /// their service's template. Task events are written whole here; `append(_ event:…)`
    /// writes them in short.
    /// - Complexity: O(size of the line).
    func append(_ entry: RecordingEntry, at time: Duration, ledger: TaskLedger?, to out: inout JSONOutput) throws {
        out.raw("{\"t\":")
        Self.seconds(time, to: &out)
        out.raw(",\"kind\":")
        out.string(entry.kind)
        switch entry {
        case .snapshot(.task(let task)):
            out.raw(",\"task\":")
            try self.task(task, ledger: ledger, to: &out)
        case .cluster(let event) where event.change.isTaskChange:
            out.raw(",\"event\":")
            // Whole: short forms are written by `append(_ event:…)`, which notes the event.
            try taskEvent(event, templates: ledger, to: &out)
        default:
            let payload = try encoder.encode(Payload(entry: entry))
            if payload.count > 2 {
                out.raw(0x2C)
                out.append(contentsOf: payload.dropFirst().dropLast())
            }
        }
        out.raw("}\n")
    }

    /// Appends the line for a cluster event (see `append(_:at:ledger:to:)`), without making
    /// an entry of it first, and notes it in `ledger`.
    /// - Complexity: O(size of the line); the event's payload is read once, not copied.
    func append(_ event: ClusterEvent, at time: Duration, ledger: inout TaskLedger, to out: inout JSONOutput) throws {
        func start() {
            out.raw("{\"t\":")
            Self.seconds(time, to: &out)
            out.raw(",\"kind\":\"cluster\",\"event\":")
        }
        switch event.change {
        case .taskUpdated(let task, let from, let fromDesired):
            if let changes = ledger.noteUpdate(task, from: from, fromDesired: fromDesired, note: event.note, sequence: event.sequence, at: event.time) {
                Self.shortUpdate(changes, of: task, sequence: event.sequence, eventTime: event.time, at: time, after: ledger, to: &out)
            } else {
                start()
                try updated(task, from: from, fromDesired: fromDesired, sequence: event.sequence, time: event.time, templates: ledger, to: &out)
                out.raw("}\n")
            }
            ledger.noteOrder(of: event)
        case .taskCreated(let task):
            start()
            try whole(task, type: "task.created", sequence: event.sequence, time: event.time, templates: ledger, to: &out)
            out.raw("}\n")
            ledger.note(event)
        case .taskRemoved(let task):
            if ledger.noteRemoval(task, note: event.note, sequence: event.sequence) {
                Self.shortRemoval(task.id, sequence: event.sequence, eventTime: event.time, at: time, after: ledger, to: &out)
            } else {
                start()
                try whole(task, type: "task.removed", sequence: event.sequence, time: event.time, templates: ledger, to: &out)
                out.raw("}\n")
            }
            ledger.noteOrder(of: event)
        default:
            try append(.cluster(event), at: time, ledger: ledger, to: &out)
            ledger.note(event)
        }
    }

    /// A task event's whole object, keys in sorted order; its task without its spec when
    /// `templates` has it.
    private func taskEvent(_ event: ClusterEvent, templates ledger: TaskLedger?, to out: inout JSONOutput) throws {
        switch event.change {
        case .taskUpdated(let task, let from, let fromDesired):
            try updated(task, from: from, fromDesired: fromDesired, sequence: event.sequence, time: event.time, templates: ledger, to: &out)
        case .taskCreated(let task):
            try whole(task, type: "task.created", sequence: event.sequence, time: event.time, templates: ledger, to: &out)
        case .taskRemoved(let task):
            try whole(task, type: "task.removed", sequence: event.sequence, time: event.time, templates: ledger, to: &out)
        default:
            preconditionFailure("not a task event: \(event.type)")
        }
    }

    /// A whole `task.updated` object.
    private func updated(
        _ task: Task, from: TaskState, fromDesired: TaskState, sequence: UInt64, time: Timestamp, templates ledger: TaskLedger?,
        to out: inout JSONOutput
    ) throws {
        out.raw("{\"from\":\"")
        out.raw(from.staticName)
        out.raw("\",\"fromDesired\":\"")
        out.raw(fromDesired.staticName)
        out.raw("\",\"seq\":")
        out.unsigned(sequence)
        out.raw(",\"task\":")
        try self.task(task, ledger: ledger, to: &out)
        out.raw(",\"time\":")
        out.timestamp(time)
        out.raw(",\"type\":\"task.updated\"}")
    }

    /// A whole `task.created` or `task.removed` object.
    private func whole(
        _ task: Task, type: StaticString, sequence: UInt64, time: Timestamp, templates ledger: TaskLedger?, to out: inout JSONOutput
    ) throws {
        out.raw("{\"seq\":")
        out.unsigned(sequence)
        out.raw(",\"task\":")
        try self.task(task, ledger: ledger, to: &out)
        out.raw(",\"time\":")
        out.timestamp(time)
        out.raw(",\"type\":\"")
        out.raw(type)
        out.raw("\"}")
    }

    /// A format 3 `remove` line: the task's ID, and the event's number and time against the
    /// last event's (see `shortUpdate`).
    private static func shortRemoval(
        _ id: TaskID, sequence: UInt64, eventTime: Timestamp, at time: Duration, after ledger: borrowing TaskLedger,
        to out: inout JSONOutput
    ) {
        startShortLine("remove", id: id, at: time, to: &out)
        let dt = timeAfterLast(eventTime, ledger)
        if let dt { self.dt(dt, to: &out) }
        if !followsLast(sequence, ledger) {
            out.raw(",\"seq\":")
            out.unsigned(sequence)
        }
        if dt == nil {
            out.raw(",\"time\":")
            out.timestamp(eventTime)
        }
        out.raw("}\n")
    }

    /// A format 3 `update` line: the task's ID and the fields of `task` that `changes` names,
    /// keys in sorted order after `id`. `seq` is left out when it is one more than the last
    /// event's, `version` when it is the event's number; the time is `dt`, nanoseconds after
    /// the last event's, or `time` when there is none to count from.
    private static func shortUpdate(
        _ changes: TaskChanges, of task: Task, sequence: UInt64, eventTime: Timestamp, at time: Duration,
        after ledger: borrowing TaskLedger, to out: inout JSONOutput
    ) {
        startShortLine("update", id: task.id, at: time, to: &out)
        if changes.contains(.container) {
            out.raw(",\"container\":")
            if let container = task.status.containerStatus { Self.write(container, to: &out) } else { out.raw("null") }
        }
        if changes.contains(.desired) {
            out.raw(",\"desired\":\"")
            out.raw(task.desiredState.staticName)
            out.raw("\"")
        }
        let dt = timeAfterLast(eventTime, ledger)
        if let dt { self.dt(dt, to: &out) }
        if changes.contains(.err) {
            out.raw(",\"err\":")
            if let err = task.status.err { out.string(err) } else { out.raw("null") }
        }
        if changes.contains(.message) {
            out.raw(",\"message\":")
            out.string(task.status.message)
        }
        if changes.contains(.node) {
            out.raw(",\"node\":")
            if let node = task.nodeID { out.string(node.rawValue) } else { out.raw("null") }
        }
        if !followsLast(sequence, ledger) {
            out.raw(",\"seq\":")
            out.unsigned(sequence)
        }
        if changes.contains(.state) {
            out.raw(",\"state\":\"")
            out.raw(task.status.state.staticName)
            out.raw("\"")
        }
        if changes.contains(.statusTime) {
            out.raw(",\"statusTime\":")
            out.timestamp(task.status.timestamp)
        }
        if dt == nil {
            out.raw(",\"time\":")
            out.timestamp(eventTime)
        }
        if changes.contains(.updatedAt) {
            out.raw(",\"updated\":")
            out.timestamp(task.updatedAt)
        }
        // Written whether it changed or not: left out, it is the event's number.
        if task.version.index != sequence {
            out.raw(",\"version\":")
            out.unsigned(task.version.index)
        }
        out.raw("}\n")
    }

    /// `{"t":…,"kind":…,"id":…`: how a short line starts.
    private static func startShortLine(_ kind: StaticString, id: TaskID, at time: Duration, to out: inout JSONOutput) {
        out.raw("{\"t\":")
        seconds(time, to: &out)
        out.raw(",\"kind\":\"")
        out.raw(kind)
        out.raw("\",\"id\":")
        out.string(id.rawValue)
    }

    /// Whether a short line may leave out `seq`: it is one more than the last event's.
    private static func followsLast(_ sequence: UInt64, _ ledger: borrowing TaskLedger) -> Bool {
        ledger.nextSequence == sequence
    }

    /// A short line's `dt`: nanoseconds from the last event's time to `time`; nil when there
    /// is no event before (or the difference does not fit), and the line gives `time`.
    private static func timeAfterLast(_ time: Timestamp, _ ledger: borrowing TaskLedger) -> Int64? {
        guard let last = ledger.lastEventTime else { return nil }
        let (dt, overflow) = time.nanoseconds.subtractingReportingOverflow(last.nanoseconds)
        return overflow ? nil : dt
    }

    private static func dt(_ nanoseconds: Int64, to out: inout JSONOutput) {
        out.raw(",\"dt\":")
        out.integer(Int(nanoseconds))
    }

    /// A task object in the Engine API shape, keys in sorted order, as `JSONEncoder` writes
    /// it; without `Spec` when `ledger` has it as the service's template.
    private func task(_ task: Task, ledger: TaskLedger?, to out: inout JSONOutput) throws {
        out.raw("{\"CreatedAt\":")
        out.timestamp(task.createdAt)
        out.raw(",\"DesiredState\":\"")
        out.raw(task.desiredState.staticName)
        out.raw("\",\"ID\":")
        out.string(task.id.rawValue)
        if let node = task.nodeID {
            out.raw(",\"NodeID\":")
            out.string(node.rawValue)
        }
        out.raw(",\"ServiceID\":")
        out.string(task.serviceID.rawValue)
        if let slot = task.slot {
            out.raw(",\"Slot\":")
            out.integer(slot)
        }
        let spec = task.spec
        if ledger?.isTemplate(spec, of: task.serviceID) != true {
            out.raw(",\"Spec\":")
            out.append(contentsOf: try encoder.encode(spec))
        }
        out.raw(",\"StateHistory\":[")
        for (i, entry) in task.stateHistory.enumerated() {
            out.raw(i == 0 ? "{\"State\":\"" : ",{\"State\":\"")
            out.raw(entry.state.staticName)
            out.raw("\",\"Timestamp\":")
            out.timestamp(entry.time)
            out.raw("}")
        }
        out.raw("],\"Status\":{")
        let status = task.status
        if let container = status.containerStatus {
            out.raw("\"ContainerStatus\":")
            Self.write(container, to: &out)
            out.raw(",")
        }
        if let err = status.err {
            out.raw("\"Err\":")
            out.string(err)
            out.raw(",")
        }
        out.raw("\"Message\":")
        out.string(status.message)
        out.raw(",\"State\":\"")
        out.raw(status.state.staticName)
        out.raw("\",\"Timestamp\":")
        out.timestamp(status.timestamp)
        out.raw("},\"UpdatedAt\":")
        out.timestamp(task.updatedAt)
        out.raw(",\"Version\":{\"Index\":")
        out.unsigned(task.version.index)
        out.raw("}}")
    }

    private static func write(_ container: ContainerStatus, to out: inout JSONOutput) {
        out.raw("{")
        if let id = container.containerID {
            out.raw("\"ContainerID\":")
            out.string(id)
            out.raw(",")
        }
        if let code = container.exitCode {
            out.raw("\"ExitCode\":")
            out.integer(code)
            out.raw(",")
        }
        out.raw("\"PID\":")
        out.integer(container.pid)
        out.raw("}")
    }

    /// Decodes one line (without its newline): its time and what it holds, which a format 2
    /// or later line may only say against the lines before it (see `TaskLedger.entry(_:)`).
    /// - Throws: `DecodingError` (the reader turns it into a `RecordingError` with the line).
    func decodeEntry(_ bytes: some Collection<UInt8>) throws -> (time: Double, content: LineContent) {
        let document = try decoder.decode(EntryDocument.self, from: Data(bytes))
        return (document.t, document.content)
    }

    /// Decodes the first line as a header, checking only its shape.
    func decodeHeader(_ bytes: some Collection<UInt8>) throws -> RecordingHeader {
        try decoder.decode(RecordingHeader.self, from: Data(bytes))
    }

    /// Decodes the `format` and `version` fields alone, to say what is wrong with a header
    /// before its other fields are looked at.
    func decodeIdentity(_ bytes: some Collection<UInt8>) throws -> (format: String?, version: String?) {
        let identity = try decoder.decode(Identity.self, from: Data(bytes))
        return (identity.format, identity.version)
    }

    /// `12.345`: seconds with at most three decimals, no trailing zeros.
    static func seconds(_ time: Duration) -> String {
        var out = JSONOutput(capacity: 16)
        seconds(time, to: &out)
        return out.text
    }

    static func seconds(_ time: Duration, to out: inout JSONOutput) {
        // The lines of a piece of events share their time: its text is made once.
        if out.appendLineTime(time) { return }
        let start = out.count
        defer { out.keepLineTime(time, from: start) }
        let ms = max(0, time.nanoseconds / 1_000_000)
        out.unsigned(UInt64(ms / 1000))
        var frac = ms % 1000
        guard frac != 0 else { return }
        out.raw(0x2E)
        var scale: Int64 = 100
        while frac != 0 {
            out.raw(0x30 + UInt8(frac / scale))
            frac %= scale
            scale /= 10
        }
    }

    static func quoted(_ text: String) -> String {
        var out = JSONOutput(capacity: text.utf8.count + 2)
        out.string(text)
        return out.text
    }
}

extension ClusterEvent.Change {
    /// Whether it is a task's creation, update or removal.
    var isTaskChange: Bool {
        switch self {
        case .taskCreated, .taskUpdated, .taskRemoved: true
        default: false
        }
    }

    /// The digest of the task's ID, for a task event (`TaskLedger.prefetch`).
    var taskDigest: UInt64? {
        // One case a pattern: a binding shared by two patterns is a copy of the task.
        switch self {
        case .taskCreated(let t): t.id.digest
        case .taskUpdated(let t, _, _): t.id.digest
        case .taskRemoved(let t): t.id.digest
        default: nil
        }
    }
}

private struct Identity: Decodable {
    var format: String?
    var version: String?
}

/// Every field an entry line may have, beside `t` and `kind`.
private enum Field: String, CodingKey {
    case t, kind, node, service, task, event, key, x, y, button, width, height, action, outcome, reason, at, seq, name
}

/// The header's fields beside `format` and `version`.
private struct HeaderPayload: Encodable {
    var header: RecordingHeader
    enum CodingKeys: String, CodingKey { case swarmtop, source, terminal, theme, readOnly, started, clock, sequence }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(header.swarmtop, forKey: .swarmtop)
        try c.encode(header.source, forKey: .source)
        try c.encode(header.terminal, forKey: .terminal)
        try c.encode(header.theme, forKey: .theme)
        try c.encode(header.readOnly, forKey: .readOnly)
        try c.encode(header.started, forKey: .started)
        try c.encode(header.clock, forKey: .clock)
        try c.encode(header.sequence, forKey: .sequence)
    }
}

/// An entry's fields beside `t` and `kind`.
private struct Payload: Encodable {
    var entry: RecordingEntry

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Field.self)
        switch entry {
        case .snapshot(.node(let n)): try c.encode(n, forKey: .node)
        case .snapshot(.service(let s)): try c.encode(s, forKey: .service)
        case .snapshot(.task(let t)): try c.encode(t, forKey: .task)
        case .cluster(let e): try c.encode(e, forKey: .event)
        case .input(.key(let k)): try c.encode(KeyText.text(k), forKey: .key)
        case .input(.mouse(let m)):
            try c.encode(m.x, forKey: .x)
            try c.encode(m.y, forKey: .y)
            try c.encode(MouseButton(m.kind).rawValue, forKey: .button)
        case .input(.resize(let w, let h)):
            try c.encode(w, forKey: .width)
            try c.encode(h, forKey: .height)
        case .input(.terminate), .end, .unknown: break
        case .action(let a):
            try c.encode(a.action, forKey: .action)
            try c.encode(a.outcome.isAccepted ? "accepted" : "refused", forKey: .outcome)
            try c.encodeIfPresent(a.outcome.reason, forKey: .reason)
            try c.encodeIfPresent(a.appliedAt, forKey: .at)
            try c.encodeIfPresent(a.answerSequence, forKey: .seq)
        case .clock(let clock): try clock.encode(to: encoder)
        case .marker(let name): try c.encode(name, forKey: .name)
        }
    }
}

private enum MouseButton: String {
    case press, wheelUp = "wheel-up", wheelDown = "wheel-down"

    init(_ kind: MouseEvent.Kind) {
        switch kind {
        case .press: self = .press
        case .wheelUp: self = .wheelUp
        case .wheelDown: self = .wheelDown
        }
    }

    var kind: MouseEvent.Kind {
        switch self {
        case .press: .press
        case .wheelUp: .wheelUp
        case .wheelDown: .wheelDown
        }
    }
}

/// A whole entry line as decoded.
private struct EntryDocument: Decodable {
    var t: Double
    var content: LineContent

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        t = try c.decode(Double.self, forKey: .t)
        let kind = try c.decode(String.self, forKey: .kind)
        func fail(_ field: Field, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: field, in: c, debugDescription: message)
        }
        let entry: RecordingEntry
        switch kind {
        case "snapshot":
            if c.contains(.node) {
                entry = .snapshot(.node(try c.decode(Node.self, forKey: .node)))
            } else if c.contains(.service) {
                entry = .snapshot(.service(try c.decode(Service.self, forKey: .service)))
            } else if c.contains(.task) {
                let task = try c.decode(TaskDocument.self, forKey: .task)
                content = .snapshotTask(task.task, hasSpec: task.hasSpec)
                return
            } else {
                throw fail(.node, "a snapshot line needs a node, a service or a task")
            }
        case "cluster":
            content = .event(try c.decode(EventDocument.self, forKey: .event))
            return
        case "update", "remove":
            // Format 3's own kinds: in an older file, kinds it does not have.
            let major = decoder.userInfo[EventDocument.majorVersionKey] as? Int ?? RecordingFormat.version.major
            guard major >= 3 else {
                entry = .unknown(kind: kind)
                break
            }
            content = .event(try EventDocument(shortLine: kind, from: decoder))
            return
        case "key":
            let text = try c.decode(String.self, forKey: .key)
            guard let key = KeyText.key(text) else { throw fail(.key, "unknown key '\(text)'") }
            entry = .input(.key(key))
        case "mouse":
            let name = try c.decode(String.self, forKey: .button)
            guard let button = MouseButton(rawValue: name) else { throw fail(.button, "unknown mouse button '\(name)'") }
            entry = .input(.mouse(MouseEvent(x: try c.decode(Int.self, forKey: .x), y: try c.decode(Int.self, forKey: .y), kind: button.kind)))
        case "resize":
            let width = try c.decode(Int.self, forKey: .width), height = try c.decode(Int.self, forKey: .height)
            guard RecordingFormat.widths.contains(width), RecordingFormat.heights.contains(height) else {
                throw fail(.width, "terminal size \(width)x\(height) is out of range")
            }
            entry = .input(.resize(width: width, height: height))
        case "terminate": entry = .input(.terminate)
        case "action":
            let action = try c.decode(ClusterAction.self, forKey: .action)
            let outcome: ActionOutcome
            switch try c.decode(String.self, forKey: .outcome) {
            case "accepted": outcome = .accepted
            case "refused": outcome = .refused(try c.decodeIfPresent(String.self, forKey: .reason) ?? "")
            case let other: throw fail(.outcome, "outcome must be accepted or refused, not '\(other)'")
            }
            entry = .action(RecordedAction(
                action: action, outcome: outcome, appliedAt: try c.decodeIfPresent(Timestamp.self, forKey: .at),
                answerSequence: try c.decodeIfPresent(UInt64.self, forKey: .seq)))
        case "clock": entry = .clock(try RecordedClock(from: decoder))
        case "marker": entry = .marker(try c.decode(String.self, forKey: .name))
        case "end": entry = .end
        default: entry = .unknown(kind: kind)
        }
        content = .entry(entry)
    }
}

/// What a line holds, as read on its own: an entry, or a task or task event that format 2
/// and later may write against the lines before it (`TaskLedger.entry(_:)` completes it).
enum LineContent {
    case entry(RecordingEntry)
    /// A snapshot task; one without `Spec` has its service's template (format 2).
    case snapshotTask(Task, hasSpec: Bool)
    case event(EventDocument)

    /// The line's `kind`.
    var kind: String {
        switch self {
        case .entry(let entry): entry.kind
        case .snapshotTask: "snapshot"
        case .event(let document): document.lineKind
        }
    }
}

/// A `cluster` line's `event`: a `ClusterEvent` in its JSON shape or, in format 2, a task
/// event's short form; or a format 3 `update` or `remove` line.
struct EventDocument: Decodable {
    /// The `userInfo` key for the major version of the recording being read.
    static let majorVersionKey = CodingUserInfoKey(rawValue: "swarmtop.recording.major")!

    /// The event's number; nil for one more than the last event's (format 3 short lines).
    var sequence: UInt64?
    var time: EventTime
    var body: Body
    /// The line's `kind`.
    var lineKind = "cluster"
    /// Whether an update without `version` sets it to the event's number (format 3's `update`
    /// lines; in format 2 it leaves it as it was).
    var versionIsSequence: Bool { lineKind == "update" }

    enum Body {
        /// The whole event; for a task event, whether its task has a `Spec`.
        case whole(ClusterEvent, hasSpec: Bool)
        /// `task.updated` in short: the task's ID and what changed.
        case update(TaskDelta)
        /// `task.removed` in short: the task's ID.
        case removal(TaskID)
    }

    private enum Key: String, CodingKey { case seq, time, type, task, id }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        // In the order `ClusterEvent` reads them, for the same message when one is missing.
        sequence = try c.decode(UInt64.self, forKey: .seq)
        time = .at(try c.decode(Timestamp.self, forKey: .time))
        let type = try c.decode(String.self, forKey: .type)
        let major = decoder.userInfo[Self.majorVersionKey] as? Int ?? RecordingFormat.version.major
        let isTaskEvent = type == "task.created" || type == "task.updated" || type == "task.removed"
        if major >= 2, !c.contains(.task), c.contains(.id) {
            if type == "task.updated" {
                body = .update(try TaskDelta(from: decoder))
                return
            }
            if type == "task.removed" {
                body = .removal(try c.decode(TaskID.self, forKey: .id))
                return
            }
        }
        let event = try ClusterEvent(from: decoder)
        let hasSpec = isTaskEvent ? try c.decode(TaskDocument.self, forKey: .task).hasSpec : true
        body = .whole(event, hasSpec: hasSpec)
    }

    private enum ShortKey: String, CodingKey { case id, seq, dt, time }

    /// A format 3 `update` or `remove` line (`kind`), its task's ID and fields beside `t`
    /// and `kind`.
    init(shortLine kind: String, from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ShortKey.self)
        lineKind = kind
        sequence = try c.decodeIfPresent(UInt64.self, forKey: .seq)
        switch (try c.decodeIfPresent(Int64.self, forKey: .dt), try c.decodeIfPresent(Timestamp.self, forKey: .time)) {
        case (let dt?, nil): time = .after(dt)
        case (nil, let at?): time = .at(at)
        case (nil, nil): throw DecodingError.dataCorruptedError(forKey: .dt, in: c, debugDescription: "missing, and no time either: give one of them")
        case (_?, _?): throw DecodingError.dataCorruptedError(forKey: .dt, in: c, debugDescription: "given with time: give one of them")
        }
        if kind == "update" {
            body = .update(try TaskDelta(from: decoder))
        } else {
            body = .removal(try c.decode(TaskID.self, forKey: .id))
        }
    }
}

/// When a short line's event happened: at a time, or nanoseconds after the last event's
/// (format 3's `dt`).
enum EventTime: Hashable {
    case at(Timestamp)
    case after(Int64)
}

/// A task object, and whether it has a `Spec`.
struct TaskDocument: Decodable {
    var task: Task
    var hasSpec: Bool

    private enum Key: String, CodingKey { case spec = "Spec" }

    init(from decoder: any Decoder) throws {
        task = try Task(from: decoder)
        hasSpec = try decoder.container(keyedBy: Key.self).contains(.spec)
    }
}
