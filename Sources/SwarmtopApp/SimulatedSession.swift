import Dashboard
import SwarmEngine
import SwarmModel
import SwarmRecording

/// A dashboard session on the embedded engine with nobody at the terminal, recorded as
/// `swarmtop --record` records one, but in virtual time: an hour of a big cluster is written
/// in seconds (`swarmtop simulate`, the replay benchmarks).
///
/// The file is what the live recorder would write had the session run at speed 1 for that
/// long with no key pressed: the header, the snapshot, every cluster event at its virtual
/// time since the start, and the end. Each timeline action also gets a marker named after
/// it (`drain node-042`), so `replay --at-marker` and `--frames` can find it. The same
/// set-up always gives the same bytes, and `replay --verify` reproduces every event.
public enum SimulatedSession {
    /// What a simulated session wrote.
    public struct Summary: Hashable, Sendable {
        /// Cluster events recorded.
        public var events: Int
        /// Lines in the file, the header included.
        public var lines: Int
        /// Markers recorded (one per timeline action run).
        public var markers: Int
    }

    /// Runs `setup` for `duration` of virtual time and records it to a new file at `path`.
    /// - Parameters:
    ///   - setup: The engine's set-up (a scenario, or a stack on a cluster).
    ///   - source: What the header says the session came from (the scenario's text, for
    ///     `replay --verify`).
    ///   - theme: The theme name for the header.
    ///   - width: The terminal width for the header (a replay draws at this size).
    ///   - height: The terminal height.
    ///   - duration: Virtual time to run for.
    ///   - path: The recording; it must not exist yet.
    ///   - step: How far the engine runs between two reads of its events.
    /// - Throws: `RecordingError` when the file cannot be created or written.
    /// - Complexity: The engine's work for `duration`, and O(size of the line) per event.
    public static func record(
        setup: EngineSetup, source: RecordingHeader.Source, theme: String = "default", width: Int = 120, height: Int = 40,
        duration: Duration, to path: String, step: Duration = .milliseconds(100)
    ) throws(RecordingError) -> Summary {
        precondition(step > .zero, "the engine must move on between reads")
        let writer = try RecordingWriter(creating: path, shortForms: .fromNotes)
        var engine = Engine(setup: setup)
        engine.notesTaskChanges = true
        _ = engine.pollEvents()
        let start = setup.start
        let clock = RecordedClock(start: start, now: engine.now, speed: 1, paused: false, controllable: true)
        writer.writeHeader(RecordingHeader(
            swarmtop: SwarmtopVersion.current, source: source, terminal: .init(width: width, height: height), theme: theme,
            readOnly: false, started: start, clock: clock, sequence: engine.lastSequence))
        // The snapshot in the order the live recorder writes it.
        let cluster = engine.cluster
        for node in cluster.orderedNodes { writer.record(.snapshot(.node(node)), at: .zero) }
        for service in cluster.orderedServices { writer.record(.snapshot(.service(service)), at: .zero) }
        let tasks = cluster.tasks.values.sorted { ($0.createdAt, $0.id.rawValue) < ($1.createdAt, $1.id.rawValue) }
        for task in tasks { writer.record(.snapshot(.task(task)), at: .zero) }

        var summary = Summary(events: 0, lines: 0, markers: 0)
        var timeline = setup.timeline.filter { $0.at <= duration }.sorted { $0.at < $1.at }[...]
        func run(to time: Duration) {
            engine.advance(to: start + time)
            for event in engine.pollEvents() {
                writer.record(.cluster(event), at: event.time - start)
                summary.events += 1
            }
        }
        var now = Duration.zero
        while now < duration {
            let next = min(now + step, duration)
            // A marker right after each timeline action's own events.
            while let action = timeline.first, action.at <= next {
                timeline.removeFirst()
                run(to: action.at)
                writer.record(.marker("\(action.action)"), at: action.at)
                summary.markers += 1
            }
            run(to: next)
            now = next
        }
        writer.finish(at: duration)
        if let failure = writer.failure { throw failure }
        summary.lines = writer.linesWritten
        return summary
    }
}
