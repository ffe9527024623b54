import Dashboard
import Foundation
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmScenario
import TestSupport

/// Recordings made the way the live loop makes them, but from an engine driven directly, so
/// they are the same on every run.
enum RecordingFixture {
    /// One manager and two workers running two web tasks.
    static let scenario = """
        name: solo
        description: one manager and two workers
        seed: 7
        nodes:
          - hostname: manager-1
            role: manager
          - hostname: worker-{1..2}
        services:
          - name: web
            image: nginx:1.25
            replicas: 4

        """

    static func temporaryPath(_ name: String = "rec.jsonl") -> String {
        TestSupport.temporaryPath(name, folderPrefix: "swarmtop-replay")
    }

    /// Something that happens during the fixture's session, at a second of recording time
    /// (which is also a second of virtual time: the clock runs at speed 1).
    enum Step {
        case keys([Key])
        case action(ClusterAction)
        case marker(String)
    }

    /// Writes a recording of `seconds` seconds at `path`, with `steps` at their seconds, and
    /// returns the engine as it ended.
    @discardableResult
    static func record(to path: String, seconds: Int = 30, steps: [Int: [Step]] = [:], seed: UInt64 = 7) throws -> Engine {
        var setup = try ScenarioLoader.parse(scenario, file: "solo.yaml").setup
        setup.seed = seed
        var engine = Engine(setup: setup)
        _ = engine.pollEvents()
        let writer = try RecordingWriter(creating: path)
        let start = setup.start
        writer.writeHeader(RecordingHeader(
            swarmtop: "0.1.0",
            source: .init(kind: .embedded, cluster: "solo", scenario: .init(file: "solo.yaml", text: scenario), seed: seed),
            terminal: .init(width: 100, height: 30), theme: "default", readOnly: false, started: start,
            clock: RecordedClock(start: start, now: start, speed: 1, paused: false, controllable: true), sequence: engine.lastSequence))
        for node in engine.cluster.orderedNodes { writer.record(.snapshot(.node(node)), at: .zero) }
        for service in engine.cluster.orderedServices { writer.record(.snapshot(.service(service)), at: .zero) }
        for task in engine.cluster.tasks.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) { writer.record(.snapshot(.task(task)), at: .zero) }
        for second in 0...seconds {
            let t = Duration.seconds(second)
            engine.advance(to: start + t)
            for e in engine.pollEvents() { writer.record(.cluster(e), at: t) }
            for step in steps[second] ?? [] {
                switch step {
                case .keys(let keys): for k in keys { writer.record(.input(.key(k)), at: t) }
                case .action(let action):
                    let outcome = engine.apply(action)
                    for e in engine.pollEvents() { writer.record(.cluster(e), at: t) }
                    writer.record(.action(RecordedAction(action: action, outcome: outcome, appliedAt: engine.now)), at: t)
                case .marker(let name): writer.record(.marker(name), at: t)
                }
            }
        }
        writer.finish(at: .seconds(seconds))
        return engine
    }

    /// The lines of the file at `path`.
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Writes `lines` to a new file and returns its path.
    static func write(_ lines: [String]) throws -> String {
        let path = temporaryPath()
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
