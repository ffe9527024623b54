import Dashboard
import Foundation
import SwarmEngine
import SwarmModel
import SwarmScenario
@testable import SwarmRecording

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
