import Dashboard
import Foundation
import SwarmEngine
import SwarmModel
import SwarmScenario
@testable import SwarmRecording
import TestSupport

/// Small recordings built in memory.
enum Sample {
    static let start = Timestamp(rfc3339: "2026-01-01T00:00:00Z") ?? .zero

    static let header = RecordingHeader(
        swarmtop: "0.1.0",
        source: .init(kind: .embedded, cluster: "demo", scenario: .init(file: "demo.yaml", text: "name: demo\n"), seed: 42),
        terminal: .init(width: 120, height: 40), theme: "default", readOnly: false, started: start,
        clock: RecordedClock(start: start, now: start, speed: 1, paused: false, controllable: true), sequence: 3)

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
            replicas: 2

        """

    /// A busy little cluster: a crash loop (exit codes), an image that exists nowhere
    /// (rejections with errors), a rolling update, a drain, a node that dies and comes back,
    /// a scale-up and a service removed, so its recording has every kind of task change.
    static let churnScenario = """
        name: churn
        description: every kind of task change
        seed: 5
        nodes:
          - hostname: manager-1
            role: manager
          - hostname: worker-{1..4}
        services:
          - name: web
            image: nginx:1.25
            replicas: 6
            update: {parallelism: 2, delay: 2s}
          - name: crashy
            image: crash:1
            replicas: 3
            restart: {condition: any, delay: 1s}
            simulate: {start: 500ms, crash_rate: 20, exit_code: 137}
          - name: missing
            image: nope:1
            simulate: {missing: true}
          - name: agent
            image: node-exporter:1.7
            mode: global
        timeline:
          - at: 20s
            update_image: web=nginx:1.26
          - at: 40s
            drain: worker-2
          - at: 50s
            node_down: worker-3
          - at: 70s
            node_up: worker-3
          - at: 80s
            scale: web=9
          - at: 90s
            remove_service: crashy

        """

    /// A recording of `churnScenario`'s first `seconds`, written by the writer: its path and
    /// every entry written after the header, in order.
    /// With `shortForms` `.fromNotes`, the engine notes its task changes for the writer.
    static func churnRecording(
        seconds: Int64 = 120, shortForms: RecordingWriter.ShortForms = .byComparing
    ) throws -> (path: String, entries: [RecordingEntry]) {
        let setup = try ScenarioLoader.parse(churnScenario, file: "churn.yaml").setup
        var engine = Engine(setup: setup)
        engine.notesTaskChanges = shortForms == .fromNotes
        _ = engine.pollEvents()
        let path = temporaryPath()
        let writer = try RecordingWriter(creating: path, shortForms: shortForms)
        var h = header
        h.sequence = engine.lastSequence
        writer.writeHeader(h)
        var entries: [RecordingEntry] = []
        func record(_ entry: RecordingEntry, at time: Duration) {
            writer.record(entry, at: time)
            entries.append(entry)
        }
        for node in engine.cluster.orderedNodes { record(.snapshot(.node(node)), at: .zero) }
        for service in engine.cluster.orderedServices { record(.snapshot(.service(service)), at: .zero) }
        for task in engine.cluster.tasks.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) { record(.snapshot(.task(task)), at: .zero) }
        for tenth in 1...(seconds * 10) {
            engine.advance(to: setup.start + .milliseconds(tenth * 100))
            for e in engine.pollEvents() { record(.cluster(e), at: e.time - setup.start) }
        }
        writer.finish(at: .seconds(seconds))
        entries.append(.end)
        return (path, entries)
    }

    /// A writer of a new file whose header's `sequence` is 100, and which has written the
    /// snapshot lines of two tasks, `a` and `b`.
    static func writerOfTwoTasks(
        shortForms: RecordingWriter.ShortForms
    ) throws -> (writer: RecordingWriter, path: String, a: Task, b: Task) {
        let (engine, _) = engineEvents(seconds: 5)
        let tasks = engine.cluster.tasks.values.sorted { $0.id.rawValue < $1.id.rawValue }
        let path = temporaryPath()
        let writer = try RecordingWriter(creating: path, shortForms: shortForms)
        var h = header
        h.sequence = 100
        writer.writeHeader(h)
        writer.record(.snapshot(.task(tasks[0])), at: .zero)
        writer.record(.snapshot(.task(tasks[1])), at: .zero)
        return (writer, path, tasks[0], tasks[1])
    }

    static func temporaryPath(_ name: String = "rec.jsonl") -> String {
        TestSupport.temporaryPath(name, folderPrefix: "swarmtop-rec")
    }

    /// The lines of the file at `path`, without their newlines.
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The engine on `scenario` and the events of its first `seconds`.
    static func engineEvents(seconds: Int64 = 30) -> (engine: Engine, events: [ClusterEvent]) {
        guard let setup = try? ScenarioLoader.parse(scenario, file: "solo.yaml").setup else { return (Engine(setup: EngineSetup(clusterName: "x")), []) }
        var engine = Engine(setup: setup)
        engine.advance(by: .seconds(seconds))
        return (engine, engine.pollEvents())
    }

    static func event(_ sequence: UInt64, seconds: Int64 = 0) -> ClusterEvent {
        var e = engineEvents(seconds: 0).events[0]
        e.sequence = sequence
        e.time = start + .seconds(seconds)
        return e
    }

    /// The header line and `lines`, each ending in a newline.
    static func text(header: RecordingHeader = header, _ lines: [String]) -> String {
        let codec = RecordingLineCodec()
        return ((try? codec.line(header)) ?? "") + lines.map { $0 + "\n" }.joined()
    }

    static func line(_ entry: RecordingEntry, at seconds: Double) -> String {
        let text = (try? RecordingLineCodec().line(entry, at: .milliseconds(Int64(seconds * 1000)))) ?? ""
        return String(text.dropLast())
    }

    /// Reads the whole of `text`, returning its lines and warnings.
    static func read(_ text: String, file: String = "rec.jsonl") throws(RecordingError) -> (RecordingHeader, [RecordedLine], [RecordingWarning]) {
        try read(bytes: Array(text.utf8), file: file)
    }

    static func read(bytes: [UInt8], file: String = "rec.jsonl", lineLimit: Int = RecordingFormat.defaultLineLimit) throws(RecordingError) -> (RecordingHeader, [RecordedLine], [RecordingWarning]) {
        var reader = try RecordingReader(bytes: bytes, file: file, lineLimit: lineLimit)
        var lines: [RecordedLine] = []
        while let line = try reader.next() { lines.append(line) }
        return (reader.header, lines, reader.warnings)
    }

    /// The cluster events a recording's text reads back to, in order.
    static func clusterEvents(_ text: String) throws(RecordingError) -> [ClusterEvent] {
        try read(text).1.compactMap { line -> ClusterEvent? in
            if case .cluster(let event) = line.entry { event } else { nil }
        }
    }

    /// The cluster events the recording at `path` reads back to, in order.
    static func clusterEvents(inFile path: String) throws -> [ClusterEvent] {
        try clusterEvents(try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The message of the error reading `text` throws, or nil when it reads.
    static func message(_ text: String) -> String? {
        message(bytes: Array(text.utf8))
    }

    static func message(bytes: [UInt8], lineLimit: Int = RecordingFormat.defaultLineLimit) -> String? {
        do {
            _ = try read(bytes: bytes, lineLimit: lineLimit)
            return nil
        } catch {
            return error.description
        }
    }
}
