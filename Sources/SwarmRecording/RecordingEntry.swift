import Dashboard
import SwarmModel

/// One line of a recording after the header: something that happened, at a time offset
/// from the start of the recording.
public struct RecordedLine: Hashable, Sendable {
    /// The line's number in the file (the header is line 1).
    public var line: Int
    /// Time since recording started, by the wall clock, to the millisecond.
    public var time: Duration
    public var entry: RecordingEntry

    public init(line: Int, time: Duration, entry: RecordingEntry) {
        self.line = line
        self.time = time
        self.entry = entry
    }
}

/// What a recording line says happened.
///
/// The cases holding cluster objects are `indirect`: a `ClusterEvent` is hundreds of bytes
/// (a node's payload sets its size), and a replay moves a million entries a second.
public enum RecordingEntry: Hashable, Sendable {
    /// One object of the cluster as it was when recording started (`snapshot` lines follow
    /// the header, before any other line).
    indirect case snapshot(SnapshotObject)
    /// A change from the source, in the `ClusterEvent` JSON shape.
    indirect case cluster(ClusterEvent)
    /// A key, a mouse event, a resize, or a request to terminate.
    case input(InputEvent)
    /// An operator's action and the source's answer.
    indirect case action(RecordedAction)
    /// The clock changed (paused, resumed, sped up or slowed down).
    case clock(RecordedClock)
    /// A named marker the operator added.
    case marker(String)
    /// Recording ended cleanly.
    case end
    /// A kind this reader does not know, from a newer minor version (skipped).
    case unknown(kind: String)

    /// The `kind` field this entry is written with.
    public var kind: String {
        switch self {
        case .snapshot: "snapshot"
        case .cluster: "cluster"
        case .input(.key): "key"
        case .input(.mouse): "mouse"
        case .input(.resize): "resize"
        case .input(.terminate): "terminate"
        case .action: "action"
        case .clock: "clock"
        case .marker: "marker"
        case .end: "end"
        case .unknown(let kind): kind
        }
    }
}

/// A node, service or task of the starting cluster.
public enum SnapshotObject: Hashable, Sendable {
    case node(Node)
    case service(Service)
    case task(Task)
}

/// An action the operator sent, with the source's answer, the time it was applied at
/// (virtual time for the embedded engine) and the sequence number of its answer event.
public struct RecordedAction: Hashable, Sendable {
    public var action: ClusterAction
    public var outcome: ActionOutcome
    /// When the source applied it; nil when the source cannot say.
    public var appliedAt: Timestamp?
    /// The sequence number of the `action.accepted` / `action.refused` event it caused.
    public var answerSequence: UInt64?

    public init(action: ClusterAction, outcome: ActionOutcome, appliedAt: Timestamp? = nil, answerSequence: UInt64? = nil) {
        self.action = action
        self.outcome = outcome
        self.appliedAt = appliedAt
        self.answerSequence = answerSequence
    }
}

// MARK: Keys as text

/// Keys as recordings write them: a printable character as itself (`"j"`, `"<"`), any
/// other key by name in angle brackets (`"<up>"`, `"<ctrl-c>"`, `"<f5>"`).
public enum KeyText {
    static let names: [(Key, String)] = [
        (.up, "up"), (.down, "down"), (.left, "left"), (.right, "right"), (.home, "home"), (.end, "end"),
        (.pageUp, "pgup"), (.pageDown, "pgdn"), (.enter, "enter"), (.escape, "esc"), (.tab, "tab"),
        (.backTab, "backtab"), (.backspace, "backspace"), (.delete, "delete"),
    ]

    /// The text for `key`.
    public static func text(_ key: Key) -> String {
        switch key {
        case .character(let c): return String(c)
        case .control(let c): return "<ctrl-\(c)>"
        case .function(let n): return "<f\(n)>"
        default: return "<\(names.first { $0.0 == key }?.1 ?? "?")>"
        }
    }

    /// The key `text` names; nil when it names none.
    public static func key(_ text: String) -> Key? {
        if text.count == 1, let c = text.first { return .character(c) }
        guard text.count > 2, text.hasPrefix("<"), text.hasSuffix(">") else { return nil }
        let name = String(text.dropFirst().dropLast())
        if let named = names.first(where: { $0.1 == name }) { return named.0 }
        if name.hasPrefix("ctrl-"), name.count == 6, let c = name.last, c.isLetter, c.isLowercase { return .control(c) }
        if name.hasPrefix("f"), name.count <= 3, let n = Int(name.dropFirst()), (1...24).contains(n) { return .function(n) }
        return nil
    }
}
