import Dashboard
import Foundation
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmtopApp
import TerminalUI
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct SessionRecorderTests {
    static func temporaryPath() -> String { TestSupport.temporaryPath("session.jsonl", folderPrefix: "swarmtop-loop") }

    /// Runs the loop on the paused test engine, recording; once the first frame is on screen,
    /// presses each stage's keys and waits for its text on screen, then quits.
    /// With `shortForms` `.fromNotes`, the engine notes its task changes, as `swarmtop --record` has it.
    static func record(
        _ stages: [(keys: [Key], until: String)], shortForms: RecordingWriter.ShortForms = .byComparing
    ) async throws -> (header: RecordingHeader, lines: [RecordedLine], engine: Engine, path: String) {
        let path = temporaryPath()
        var engine = DashboardLoopTests.engine()
        engine.notesTaskChanges = shortForms == .fromNotes
        let recorder = SessionRecorder(
            writer: try RecordingWriter(creating: path, shortForms: shortForms), source: .init(kind: .embedded, cluster: "loop", seed: 1),
            theme: "default")
        let terminal = WatchedTerminal(width: 100, height: 30)
        let loop = DashboardLoop(
            source: EngineSource(engine: engine, speed: 1, paused: true), terminal: terminal, clusterName: "loop", sourceKind: .embedded,
            recorder: recorder)
        let run = _Concurrency.Task { await loop.run() }
        var frames = terminal.frames.makeAsyncIterator()
        _ = await frames.next()
        for (keys, until) in stages {
            for key in keys { terminal.memory.inject(.key(key)) }
            if keys.isEmpty, terminal.memory.screenText().contains(until) { continue }
            while let frame = await frames.next() {
                if frame.text.contains(until) { break }
            }
        }
        terminal.memory.inject(.key(.character("q")))
        _ = await run.value
        var reader = try RecordingReader(path: path)
        var lines: [RecordedLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(reader.warnings.isEmpty)
        return (reader.header, lines, engine, path)
    }

    @Test func aRecordingStartsWithTheClusterAsItWas() async throws {
        let (header, lines, engine, _) = try await Self.record([([], "Nodes (3)")])
        #expect(header.terminal == .init(width: 100, height: 30))
        #expect(header.source.kind == .embedded && header.source.seed == 1)
        #expect(header.clock.paused)
        #expect(header.sequence == engine.lastSequence)
        var rebuilt = Cluster()
        for line in lines {
            guard case .snapshot(let object) = line.entry else { continue }
            switch object {
            case .node(let n): rebuilt.upsert(n)
            case .service(let s): rebuilt.upsert(s)
            case .task(let t): rebuilt.upsert(t)
            }
        }
        #expect(rebuilt.nodes == engine.cluster.nodes)
        #expect(rebuilt.services == engine.cluster.services)
        #expect(rebuilt.tasks == engine.cluster.tasks)
        #expect(lines.last?.entry == .end)
    }

    @Test func keysActionsWithTheirAnswersAndMarkersAreRecorded() async throws {
        let drain: [Key] = [.character("j"), .character("d"), .character("y")]
        let marks: [Key] = [.character("m"), .character(":")] + "mark after drain".map { .character($0) } + [.enter]
        let (_, lines, _, _) = try await Self.record([(drain, "✓ drain worker-1"), (marks, "◆ marker after drain")])
        let keys = drain + marks
        let recordedKeys = lines.compactMap { line -> Key? in
            if case .input(.key(let k)) = line.entry { return k }
            return nil
        }
        #expect(Array(recordedKeys.prefix(keys.count)) == keys)
        let actions = lines.compactMap { line -> RecordedAction? in
            if case .action(let a) = line.entry { return a }
            return nil
        }
        #expect(actions.map(\.action) == [.setAvailability(node: "worker-1", .drain)])
        #expect(actions.first?.outcome == .accepted)
        #expect(actions.first?.appliedAt != nil)
        let answers = lines.compactMap { line -> ClusterEvent? in
            if case .cluster(let e) = line.entry, case .actionAnswered = e.change { return e }
            return nil
        }
        #expect(answers.map(\.time) == [actions.first?.appliedAt].compactMap { $0 })
        let markers = lines.compactMap { line -> String? in
            if case .marker(let name) = line.entry { return name }
            return nil
        }
        #expect(markers == ["M1", "after drain"])
    }

    @Test func pausingAndSpeedingUpAreRecordedAsClockLines() async throws {
        let (_, lines, _, _) = try await Self.record([([.character("]")], "×2"), ([.character(" ")], "▶")])
        let clocks = lines.compactMap { line -> RecordedClock? in
            if case .clock(let c) = line.entry { return c }
            return nil
        }
        #expect(clocks.map(\.speed) == [2, 2])
        #expect(clocks.map(\.paused) == [true, false])
    }

    /// As `swarmtop --record` has it on the engine: the loop's task events are written in
    /// short from the engine's notes (the header's number is the one before the loop's first
    /// event), and they read back to what the engine did.
    @Test func aLiveRecordingFromTheEnginesNotesWritesTaskChangesInShort() async throws {
        let drain: [Key] = [.character("j"), .character("d"), .character("y")]
        let (_, lines, _, path) = try await Self.record([(drain, "✓ drain worker-1")], shortForms: .fromNotes)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let short = text.split(separator: "\n").filter { $0.contains(#""kind":"update""#) }
        let whole = text.split(separator: "\n").filter { $0.contains(#""type":"task.updated""#) }
        #expect(short.count > 0)
        #expect(whole.isEmpty)
        // The drain moved worker-1's tasks off it: the read-back events say so.
        let desired = lines.compactMap { line -> TaskState? in
            if case .cluster(let e) = line.entry, case .taskUpdated(let t, _, let from) = e.change, t.desiredState != from { return t.desiredState }
            return nil
        }
        #expect(desired.contains(.shutdown))
    }
}
