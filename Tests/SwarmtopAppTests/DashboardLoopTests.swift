import Dashboard
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmtopApp
import Synchronization
import TerminalUI
import TestSupport
import Testing

/// A memory terminal that also hands every frame to the test as it is drawn.
final class WatchedTerminal: TerminalBackend {
    let memory: MemoryTerminal
    let frames: AsyncStream<Canvas>
    private let sink: AsyncStream<Canvas>.Continuation

    init(width: Int, height: Int) {
        memory = MemoryTerminal(width: width, height: height)
        (frames, sink) = AsyncStream<Canvas>.makeStream()
    }

    var size: (width: Int, height: Int) { memory.size }
    var events: AsyncStream<InputEvent> { memory.events }
    func draw(_ canvas: Canvas) {
        memory.draw(canvas)
        sink.yield(canvas)
    }
    func setTheme(_ theme: Theme) {
        memory.setTheme(theme)
    }
    func shutdown() {
        memory.shutdown()
        sink.finish()
    }
}

/// A source that sends one batch of events, given up front, when started; then nothing.
actor OneBatchSource: ClusterSource {
    let cluster: Cluster
    let sequence: UInt64
    let batch: [ClusterEvent]
    private var continuation: AsyncStream<[ClusterEvent]>.Continuation?

    init(cluster: Cluster, sequence: UInt64, batch: [ClusterEvent]) {
        self.cluster = cluster
        self.sequence = sequence
        self.batch = batch
    }

    func attach() -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>) {
        let (stream, continuation) = AsyncStream<[ClusterEvent]>.makeStream()
        self.continuation = continuation
        return (cluster, sequence, stream)
    }
    func start() { continuation?.yield(batch) }
    func stop() { continuation?.finish() }
    func apply(_ action: ClusterAction) -> ActionOutcome { .refused("this source takes no actions") }
    func clock() -> ClockState {
        let now = batch.last?.time ?? .zero
        return ClockState(start: now, now: now, speed: 1, paused: true, controllable: false)
    }
    func setPaused(_ paused: Bool) {}
    func setSpeed(_ speed: Double) {}
}

@Suite struct DashboardLoopTests {
    static func engine() -> Engine {
        let nodes = [NodeTemplate(hostname: "manager-1", role: .manager), NodeTemplate(hostname: "worker-1"), NodeTemplate(hostname: "worker-2")]
        var template = TaskSpec(image: "app:1")
        template.restartPolicy = RestartPolicy(delay: .milliseconds(200))
        return Engine(setup: EngineSetup(
            clusterName: "loop", nodes: nodes, services: [ServiceSetup(spec: ServiceSpec(name: "web", taskTemplate: template, mode: .replicated(replicas: 6)))],
            images: ["app:1": ImageBehavior(crashRate: 120)]))
    }

    @Test func theClusterComesUpOnScreenAndQQuits() async {
        let terminal = WatchedTerminal(width: 100, height: 30)
        let loop = DashboardLoop(source: EngineSource(engine: Self.engine(), speed: 50), terminal: terminal, clusterName: "loop", sourceKind: .embedded)
        let run = _Concurrency.Task { await loop.run() }
        for await frame in terminal.frames where frame.text.contains("web") && frame.text.contains("running") {
            break
        }
        terminal.memory.inject(.key(.character("q")))
        let stats = await run.value
        #expect(stats.frames >= 1)
        #expect(terminal.memory.screenText().contains("Nodes (3)"))
    }

    @Test func burstsOfEventsAreCoalescedIntoFrames() async {
        let terminal = WatchedTerminal(width: 100, height: 30)
        let loop = DashboardLoop(source: EngineSource(engine: Self.engine(), speed: 2_000), terminal: terminal, clusterName: "loop", sourceKind: .embedded)
        let run = _Concurrency.Task { await loop.run() }
        var seen = 0
        for await _ in terminal.frames {
            seen += 1
            if seen == 10 { break }
        }
        terminal.memory.inject(.key(.character("q")))
        let stats = await run.value
        #expect(stats.clusterEvents > stats.frames * 3, "\(stats.clusterEvents) events in \(stats.frames) frames")
    }

    @Test(.timeLimit(.minutes(1))) func aBigBatchIsTakenInPiecesAllInOrder() async throws {
        // Five minutes of a crash-looping service, then a drain's answer: one batch of many
        // pieces. The answer shows only once every event before it went through the reducer;
        // the recording has them all, in order.
        var engine = Self.engine()
        _ = engine.pollEvents()
        let (cluster, sequence) = (engine.cluster, engine.lastSequence)
        engine.advance(by: .seconds(300))
        _ = engine.apply(.setAvailability(node: "worker-1", .drain))
        var batch = engine.pollEvents()
        let answer = try #require(batch.firstIndex { if case .actionAnswered = $0.change { true } else { false } })
        batch.removeSubrange((answer + 1)...)
        try #require(batch.count > 3 * DashboardLoop.pieceLimit, "\(batch.count) events")
        let path = SessionRecorderTests.temporaryPath()
        let recorder = SessionRecorder(writer: try RecordingWriter(creating: path), source: .init(kind: .embedded, cluster: "loop"), theme: "default")
        let terminal = WatchedTerminal(width: 100, height: 30)
        let loop = DashboardLoop(
            source: OneBatchSource(cluster: cluster, sequence: sequence, batch: batch), terminal: terminal, clusterName: "loop",
            sourceKind: .embedded, recorder: recorder)
        let run = _Concurrency.Task { await loop.run() }
        for await frame in terminal.frames where frame.text.contains("✓ drain worker-1") { break }
        terminal.memory.inject(.key(.character("q")))
        let stats = await run.value
        #expect(stats.clusterEvents == batch.count)
        var expected = cluster
        for e in batch { expected.apply(e) }
        #expect(terminal.memory.screenText().contains("Tasks (\(expected.tasks.count))"), "\(terminal.memory.screenText())")
        var reader = try RecordingReader(path: path)
        var recorded: [ClusterEvent] = []
        while let line = try reader.next() {
            if case .cluster(let e) = line.entry { recorded.append(e) }
        }
        #expect(recorded == batch)
    }

    @Test func anActionGoesToTheSourceAndItsAnswerComesBack() async {
        let terminal = WatchedTerminal(width: 100, height: 30)
        let loop = DashboardLoop(source: EngineSource(engine: Self.engine(), speed: 1, paused: true), terminal: terminal, clusterName: "loop", sourceKind: .embedded)
        let run = _Concurrency.Task { await loop.run() }
        var frames = terminal.frames.makeAsyncIterator()
        _ = await frames.next()
        for key: Character in ["j", "d", "y"] { terminal.memory.inject(.key(.character(key))) }
        while let frame = await frames.next() {
            if frame.text.contains("✓ drain worker-1") { break }
        }
        terminal.memory.inject(.key(.character("q")))
        await run.value
        #expect(terminal.memory.screenText().contains("Drain"))
    }

    @Test func tSwitchesTheTerminalsTheme() async {
        let terminal = WatchedTerminal(width: 100, height: 30)
        let catalog = ThemeCatalog([.defaultDark, .monochrome], current: .defaultDark)
        let loop = DashboardLoop(
            source: EngineSource(engine: Self.engine(), speed: 1, paused: true), terminal: terminal, clusterName: "loop", sourceKind: .embedded,
            themes: catalog)
        let run = _Concurrency.Task { await loop.run() }
        var frames = terminal.frames.makeAsyncIterator()
        _ = await frames.next()
        terminal.memory.inject(.key(.character("t")))
        while let frame = await frames.next() {
            if frame.text.contains("theme monochrome") { break }
        }
        terminal.memory.inject(.key(.character("q")))
        await run.value
        #expect(terminal.memory.theme == .monochrome)
        #expect(terminal.memory.themesSet == 1)
    }

    @Test func theStartNoticeIsInTheStatusLine() async {
        let terminal = WatchedTerminal(width: 100, height: 30)
        let notice = StatusMessage("broken.yaml:3: unknown role 'taks.running' — using the default theme", isError: true)
        let loop = DashboardLoop(
            source: EngineSource(engine: Self.engine(), speed: 1, paused: true), terminal: terminal, clusterName: "loop", sourceKind: .embedded,
            notice: notice)
        let run = _Concurrency.Task { await loop.run() }
        var frames = terminal.frames.makeAsyncIterator()
        _ = await frames.next()
        terminal.memory.inject(.key(.character("q")))
        await run.value
        let lines = terminal.memory.screenText().split(separator: "\n")
        #expect(lines.last?.hasPrefix(notice.text) == true, "\(lines.last ?? "")")
        #expect(terminal.memory.screenRole(x: 0, y: 29) == .statusError)
    }

    @Test func theTerminalEndingEndsTheLoop() async {
        let terminal = WatchedTerminal(width: 80, height: 24)
        let loop = DashboardLoop(source: EngineSource(engine: Self.engine(), speed: 1, paused: true), terminal: terminal, clusterName: "loop", sourceKind: .embedded)
        let run = _Concurrency.Task { await loop.run() }
        var frames = terminal.frames.makeAsyncIterator()
        _ = await frames.next()
        terminal.memory.inject(.terminate)
        let stats = await run.value
        #expect(stats.inputs == 1)
    }
}
