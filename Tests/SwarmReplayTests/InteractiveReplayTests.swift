import Dashboard
import Foundation
import SwarmRecording
import SwarmReplay
import TerminalUI
import Testing

@Suite(.timeLimit(.minutes(5))) struct InteractiveReplayTests {
    /// Starts an interactive replay of a 30-second fixture recording (markers at 5 s and 20 s)
    /// on a memory terminal, paused at the start by a space.
    func start() async throws -> (MemoryTerminal, _Concurrency.Task<Void, Never>, String) {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, steps: HeadlessReplayTests.drainSteps)
        var reader = try RecordingReader(path: path)
        var lines: [RecordedLine] = []
        while let line = try reader.next() { lines.append(line) }
        let terminal = MemoryTerminal(width: 120, height: 40)
        let replay = InteractiveReplay(header: reader.header, lines: lines, name: "rec.jsonl", terminal: terminal, speed: 1)
        let run = _Concurrency.Task { await replay.run() }
        terminal.inject(.key(.character(" ")))
        try await waitFor(terminal) { $0.contains("⏸ replay ×1") }
        return (terminal, run, path)
    }

    /// Waits until the screen satisfies `condition` (the replay runs on its own task).
    @discardableResult
    func waitFor(_ terminal: MemoryTerminal, _ condition: (String) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        for _ in 0..<3000 {
            let screen = terminal.screenText()
            if condition(screen) { return screen }
            try await _Concurrency.Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the screen never showed what was awaited:\n\(terminal.screenText())", sourceLocation: sourceLocation)
        return terminal.screenText()
    }

    @Test func theEndShowsWhatTheHeadlessReplayShowsAboveTheTimeline() async throws {
        let (terminal, run, path) = try await start()
        terminal.inject(.key(.character("G")))
        let screen = try await waitFor(terminal) { $0.contains("30s / 30s") }
        var options = HeadlessReplay.Options()
        options.size = (120, 40)
        let headless = try HeadlessReplay.run(path: path, name: "rec.jsonl", options: options).screen
        #expect(Array(screen.split(separator: "\n").dropLast()) == Array(headless.split(separator: "\n").dropLast()))
        terminal.inject(.key(.character("q")))
        await run.value
    }

    @Test func markersAreJumpedToForwardsAndBack() async throws {
        let (terminal, run, _) = try await start()
        terminal.inject(.key(.character("n")))
        let first = try await waitFor(terminal) { $0.contains(" 5s / 30s") }
        #expect(first.contains("00:00:05"))
        terminal.inject(.key(.character("n")))
        let second = try await waitFor(terminal) { $0.contains(" 20s / 30s") }
        #expect(second.range(of: #"worker-1\s+worker\s+Drain"#, options: .regularExpression) != nil)
        terminal.inject(.key(.character("N")))
        let back = try await waitFor(terminal) { $0.contains(" 5s / 30s") }
        #expect(back.range(of: #"worker-1\s+worker\s+Active"#, options: .regularExpression) != nil, "seeking back plays again from the start")
        terminal.inject(.key(.character("q")))
        await run.value
    }

    @Test func stepPlaysOneLineAndSpeedKeysChangeTheSpeed() async throws {
        let (terminal, run, _) = try await start()
        terminal.inject(.key(.character("]")))
        try await waitFor(terminal) { $0.contains("⏸ replay ×2") }
        terminal.inject(.key(.character("[")))
        terminal.inject(.key(.character("[")))
        try await waitFor(terminal) { $0.contains("⏸ replay ×1/2") }
        terminal.inject(.key(.character("G")))
        try await waitFor(terminal) { $0.contains("30s / 30s") }
        terminal.inject(.key(.character("g")))
        terminal.inject(.key(.character(".")))
        try await waitFor(terminal) { $0.contains("⏸ replay ×1/2  1s / 30s") || $0.contains("⏸ replay ×1/2  2s / 30s") }
        terminal.inject(.key(.character("q")))
        await run.value
    }

    @Test func playingMovesTheClock() async throws {
        let (terminal, run, _) = try await start()
        terminal.inject(.key(.character(" ")))
        // Playing, the recording time and the cluster clock both move on from zero.
        try await waitFor(terminal) { $0.contains("▶ replay ×1") && !$0.contains(" 0s / 30s") && !$0.contains("00:00:00") }
        terminal.inject(.terminate)
        await run.value
    }
}
