import Foundation
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmScenario

/// Checks an embedded-engine recording against the engine: runs the recorded scenario with
/// the recorded seed again, applies each operator action at the virtual time it was applied,
/// and compares every cluster event the engine produces with the recorded one.
public enum RecordingVerifier {
    /// How a verification came out.
    public struct Report: Hashable, Sendable {
        /// Whether every recorded event (and every answer) was reproduced.
        public var identical: Bool
        /// One line for the user: the result, or the first difference as `FILE:LINE: …`.
        public var message: String
    }

    /// Why a recording cannot be verified at all.
    public struct CannotVerify: Error, CustomStringConvertible {
        public var description: String
    }

    /// Verifies the recording at `path`.
    /// - Parameters:
    ///   - path: The recording.
    ///   - name: How messages name it.
    /// - Returns: The report (identical, or the first difference).
    /// - Throws: `RecordingError` for a recording that cannot be read, `CannotVerify` for one
    ///   that was not made by the embedded engine from a scenario.
    /// - Complexity: O(e) for e recorded events, plus the engine's own work.
    public static func verify(path: String, name: String) throws -> Report {
        // First pass: the operator's actions, in order.
        var actions: [(line: Int, action: RecordedAction)] = []
        var first = try RecordingReader(path: path, name: name)
        while let line = try first.next() {
            if case .action(let a) = line.entry { actions.append((line.line, a)) }
        }
        let header = first.header
        guard header.source.kind == .embedded else {
            throw CannotVerify(description: "\(name): cannot verify: recorded from \(header.source.kind.rawValue), not the embedded engine")
        }
        guard let scenario = header.source.scenario, let seed = header.source.seed else {
            let why = header.source.stack.map { "a --stack session (\($0)) whose compose file is not recorded" } ?? "no scenario in the header"
            throw CannotVerify(description: "\(name): cannot verify: \(why)")
        }
        var setup: EngineSetup
        do {
            setup = try ScenarioLoader.parse(scenario.text, file: scenario.file).setup
        } catch {
            throw CannotVerify(description: "\(name): cannot verify: the recorded scenario does not load: \(error)")
        }
        setup.seed = seed
        if let unusable = actions.first(where: { $0.action.appliedAt == nil }) {
            throw CannotVerify(description: "\(name):\(unusable.line): cannot verify: the action's time was not recorded")
        }

        // Second pass: the engine alongside the recording.
        var engine = Engine(setup: setup)
        _ = engine.pollEvents()
        guard engine.lastSequence == header.sequence else {
            return Report(identical: false, message: "\(name):1: the engine starts with \(engine.lastSequence) events, the recording with \(header.sequence)")
        }
        let comparer = EventComparer()
        let startingObjects = engine.cluster.nodes.count + engine.cluster.services.count + engine.cluster.tasks.count
        var snapshotChecked = false
        // The recording decoded on a second thread while the engine runs on this one.
        let reader = ReadAheadReader(try RecordingReader(path: path, name: name))
        var produced: [ClusterEvent] = []
        var next = 0
        var nextAction = 0
        var events = 0
        var snapshotObjects = 0
        func differs(_ line: Int, _ text: String) -> Report { Report(identical: false, message: "\(name):\(line): \(text)") }

        while let line = try reader.next() {
            if !snapshotChecked, !line.entry.isSnapshot {
                snapshotChecked = true
                if snapshotObjects != startingObjects {
                    return differs(line.line, "the snapshot before this line has \(snapshotObjects) objects, the engine starts with \(startingObjects)")
                }
            }
            switch line.entry {
            case .snapshot(let object):
                snapshotObjects += 1
                let same: Bool
                switch object {
                case .node(let n): same = engine.cluster.nodes[n.id] == n
                case .service(let s): same = engine.cluster.services[s.id] == s
                case .task(let t): same = engine.cluster.tasks[t.id] == t
                }
                if !same { return differs(line.line, "the snapshot differs from the engine's cluster at the start") }
            case .cluster(let recorded):
                events += 1
                if next == produced.count {
                    produced.removeAll(keepingCapacity: true)
                    next = 0
                    // Run the engine up to this event's time, applying the actions due by then.
                    while nextAction < actions.count, let at = actions[nextAction].action.appliedAt, at <= recorded.time {
                        let (actionLine, action) = actions[nextAction]
                        engine.advance(to: at)
                        let outcome = engine.apply(action.action)
                        if outcome != action.outcome {
                            return differs(actionLine, "'\(action.action)' was answered \(Self.text(action.outcome)) then, \(Self.text(outcome)) now")
                        }
                        nextAction += 1
                    }
                    engine.advance(to: recorded.time)
                    produced = engine.pollEvents()
                }
                guard next < produced.count else {
                    return differs(line.line, "event \(recorded.sequence) (\(recorded.type) at \(Self.clock(recorded.time, setup))) is not produced by the engine")
                }
                let fresh = produced[next]
                next += 1
                if let difference = comparer.difference(recorded: recorded, engine: fresh) {
                    return differs(line.line, "event \(recorded.sequence) (\(recorded.type) at \(Self.clock(recorded.time, setup))) differs: \(difference)")
                }
            default:
                break
            }
        }
        let applied = min(nextAction, actions.count)
        let warnings = reader.warnings.isEmpty ? "" : " (\(reader.warnings.count) warning\(reader.warnings.count == 1 ? "" : "s"))"
        return Report(
            identical: true,
            message: "\(name): identical: \(events) cluster events and \(applied) operator action\(applied == 1 ? "" : "s") reproduced by the engine from \(scenario.file), seed \(seed)\(warnings)")
    }

    static func text(_ outcome: ActionOutcome) -> String {
        switch outcome {
        case .accepted: "accepted"
        case .refused(let reason): "refused (\(reason))"
        }
    }

    static func clock(_ time: Timestamp, _ setup: EngineSetup) -> String {
        SummaryBuilder.clock(time - setup.start)
    }
}

extension RecordingEntry {
    var isSnapshot: Bool {
        if case .snapshot = self { return true }
        return false
    }
}

/// Compares two events as JSON and says where they first differ.
struct EventComparer {
    private let encoder: JSONEncoder

    init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
    }

    /// nil when the two are the same; otherwise the first field that differs, with both values.
    /// - Complexity: O(size of the events) by `==`; encoding both, a hundred times slower, only
    ///   when they differ (to say where).
    func difference(recorded: ClusterEvent, engine: ClusterEvent) -> String? {
        // `==` compares every field the JSON holds, a little more loosely in two ways a
        // replayed engine does not meet: strings by Unicode canonical equivalence (an é as
        // one scalar or two), and 0 equal to -0 in an update's failure ratio.
        if recorded == engine { return nil }
        guard let a = try? encoder.encode(recorded), let b = try? encoder.encode(engine) else { return "cannot be encoded" }
        guard a != b else { return nil }
        guard let x = try? JSONSerialization.jsonObject(with: a), let y = try? JSONSerialization.jsonObject(with: b) else {
            return "the recording has \(String(decoding: a, as: UTF8.self)), the engine \(String(decoding: b, as: UTF8.self))"
        }
        return Self.firstDifference(x, y, path: "") ?? "the JSON differs"
    }

    static func firstDifference(_ a: Any, _ b: Any, path: String) -> String? {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            for key in Set(x.keys).union(y.keys).sorted() {
                let sub = path.isEmpty ? key : "\(path).\(key)"
                switch (x[key], y[key]) {
                case let (u?, v?): if let d = firstDifference(u, v, path: sub) { return d }
                case let (u?, nil): return "\(sub) is \(show(u)) in the recording, missing from the engine"
                case let (nil, v?): return "\(sub) is missing from the recording, \(show(v)) from the engine"
                default: break
                }
            }
            return nil
        case let (x as [Any], y as [Any]):
            for i in 0..<max(x.count, y.count) {
                guard i < x.count, i < y.count else { return "\(path) has \(x.count) items in the recording, \(y.count) from the engine" }
                if let d = firstDifference(x[i], y[i], path: "\(path)[\(i)]") { return d }
            }
            return nil
        default:
            return show(a) == show(b) ? nil : "\(path.isEmpty ? "the event" : path) is \(show(a)) in the recording, \(show(b)) from the engine"
        }
    }

    static func show(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "\(value)" }
        var text = String(decoding: data, as: UTF8.self)
        text = String(text.dropFirst().dropLast())
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}
