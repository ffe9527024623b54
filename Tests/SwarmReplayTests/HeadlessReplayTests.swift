import Dashboard
import Foundation
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmReplay
import Testing

@Suite struct HeadlessReplayTests {
    static let drainSteps: [Int: [RecordingFixture.Step]] = [
        5: [.marker("before")],
        10: [.keys([.character("j"), .character("d"), .character("y")]), .action(.setAvailability(node: "worker-1", .drain))],
        20: [.marker("after")],
    ]

    func play(_ path: String, size: (Int, Int)? = nil, until: Duration? = nil) throws -> ReplayPlayer {
        var reader = try RecordingReader(path: path)
        var player = ReplayPlayer(header: reader.header, name: "rec.jsonl", size: size)
        while let line = try reader.next() {
            if let until, line.time > until { break }
            player.play(line)
        }
        return player
    }

    @Test func replayingRebuildsTheClusterTheEngineEndedWith() throws {
        let path = RecordingFixture.temporaryPath()
        let engine = try RecordingFixture.record(to: path, steps: Self.drainSteps)
        var player = try play(path)
        #expect(player.state.cluster.nodes == engine.cluster.nodes)
        #expect(player.state.cluster.services == engine.cluster.services)
        #expect(player.state.cluster.tasks == engine.cluster.tasks)
        #expect(player.ended)
    }

    @Test func theSameRecordingGivesByteIdenticalScreens() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, steps: Self.drainSteps)
        let run = {
            try HeadlessReplay.run(path: path, name: "rec.jsonl", size: nil, screenAt: nil, screenAtMarker: nil, summaryInterval: .seconds(10), wantsSummary: true)
        }
        let a = try run(), b = try run()
        #expect(a.screen == b.screen)
        #expect(a.summary?.json() == b.summary?.json())
        let screen = try #require(a.screen)
        #expect(screen.hasPrefix(" swarmtop solo │ 00:00:30"))
        #expect(screen.split(separator: "\n").count == 30)
        #expect(screen.matches(#"worker-1\s+Drain"#))
    }

    @Test func recordedKeysDriveTheDashboardAsTheyDidLive() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, steps: Self.drainSteps)
        // The keys j d y at 10 s: worker-1 selected, the drain asked and confirmed.
        var player = try play(path, until: .seconds(10))
        #expect(player.state.status?.text == "✓ drain worker-1")
        #expect(player.state.pendingActions == 0)
    }

    @Test func theScreenAtATimeAndAtAMarker() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, steps: Self.drainSteps)
        let before = try HeadlessReplay.run(path: path, name: "rec.jsonl", size: (120, 40), screenAt: nil, screenAtMarker: "before", summaryInterval: .seconds(10), wantsSummary: false)
        let atFive = try HeadlessReplay.run(path: path, name: "rec.jsonl", size: (120, 40), screenAt: .seconds(5), screenAtMarker: nil, summaryInterval: .seconds(10), wantsSummary: false)
        let after = try HeadlessReplay.run(path: path, name: "rec.jsonl", size: (120, 40), screenAt: nil, screenAtMarker: "after", summaryInterval: .seconds(10), wantsSummary: false)
        let b = try #require(before.screen), a = try #require(after.screen)
        #expect(b.contains("00:00:05") && b.contains("◆ marker before"))
        #expect(b.matches(#"worker-1\s+worker\s+Active"#))
        #expect(a.contains("00:00:20") && a.matches(#"worker-1\s+worker\s+Drain"#))
        #expect(atFive.screen?.contains("00:00:05") == true)
        #expect(b.split(separator: "\n").first?.count == 120)
    }

    @Test func aMissingMarkerOrATimeAfterTheEndIsSaid() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, steps: Self.drainSteps)
        #expect(throws: HeadlessReplay.Problem.self) {
            try HeadlessReplay.run(path: path, name: "x", size: nil, screenAt: nil, screenAtMarker: "nope", summaryInterval: .seconds(10), wantsSummary: false)
        }
        do {
            _ = try HeadlessReplay.run(path: path, name: "x", size: nil, screenAt: .seconds(90), screenAtMarker: nil, summaryInterval: .seconds(10), wantsSummary: false)
            Issue.record("no error for a time after the end")
        } catch {
            #expect("\(error)" == "\(path): --at 1m30s is after the end of the recording (30s)")
        }
    }

    @Test func theSummaryCountsEventsActionsAndTasksOverTime() throws {
        let path = RecordingFixture.temporaryPath()
        let engine = try RecordingFixture.record(to: path, steps: Self.drainSteps)
        let result = try HeadlessReplay.run(path: path, name: "rec.jsonl", size: nil, screenAt: nil, screenAtMarker: nil, summaryInterval: .seconds(10), wantsSummary: true)
        let summary = try #require(result.summary)
        #expect(summary.duration == 30)
        #expect(summary.events["key"] == 3)
        #expect(summary.events["marker"] == 2)
        #expect(summary.clusterEvents["action.accepted"] == 1)
        #expect(summary.actions.map(\.action) == ["drain worker-1"])
        #expect(summary.actions.map(\.outcome) == ["accepted"])
        #expect(summary.actions.first?.at == "10s")
        #expect(summary.markers.map(\.name) == ["before", "after"])
        #expect(summary.tasksOverTime.map(\.t) == [0, 10, 20, 30])
        #expect(summary.tasksOverTime.last?.tasks["running"] == engine.cluster.count(of: .running))
        #expect(summary.final.nodes == 3 && summary.final.services == 1)
        #expect(summary.final.tasks == engine.cluster.tasks.count)
        #expect(summary.complete)
    }

    @Test func aRecordingCutOffMidLineStillReplaysWithAWarning() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path)
        var lines = try RecordingFixture.lines(path)
        lines[lines.count - 1] = String(lines[lines.count - 2].prefix(30))
        let cut = RecordingFixture.temporaryPath()
        try (lines.joined(separator: "\n")).write(toFile: cut, atomically: true, encoding: .utf8)
        let result = try HeadlessReplay.run(path: cut, name: "x", size: nil, screenAt: nil, screenAtMarker: nil, summaryInterval: .seconds(10), wantsSummary: true)
        #expect(result.warnings == ["\(cut):\(lines.count): line is cut off (the recording ended mid-write); replayed up to line \(lines.count - 1)"])
        #expect(result.summary?.complete == false)
        #expect(result.screen != nil)
    }
}

extension String {
    func matches(_ pattern: String) -> Bool { range(of: pattern, options: .regularExpression) != nil }
}
