import Benchmark
import Dashboard
import Foundation
import Logging
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmReplay
import SwarmScenario
import SwarmtopApp
import TerminalUI

// Issue #5's budgets: headless replay without per-event rendering ≥ 1M events/s; a
// recording of an hour on a 10k-task cluster replayed headless to its final screen in < 5 s;
// recording costs the live dashboard < 5 % extra CPU at 10k events/s.

/// The repository this package sits in (demo/ holds the scenario).
let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// demo/churn-10k.yaml: 10,000 tasks on 200 nodes with churn.
func churnScenario() -> Scenario {
    let path = repository.appendingPathComponent("demo/churn-10k.yaml").path
    do {
        return try ScenarioLoader.load(path: path)
    } catch {
        fatalError("\(error)")
    }
}

/// Files to remove when the process ends (each benchmark runs in a process of its own).
nonisolated(unsafe) var temporaryFiles: [String] = []

/// A temporary file's path, removed at exit.
func temporaryPath(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-bench-\(name)-\(UUID().uuidString).jsonl").path
    if temporaryFiles.isEmpty { atexit { for file in temporaryFiles { unlink(file) } } }
    temporaryFiles.append(path)
    return path
}

/// An hour of demo/churn-10k.yaml recorded as `swarmtop simulate` records it (the app's
/// writer), into a temporary file: its path, cluster events and size.
func hourRecording() -> (path: String, events: Int, bytes: Int) {
    let scenario = churnScenario()
    let path = temporaryPath("hour")
    do {
        let text = (try? String(contentsOfFile: repository.appendingPathComponent("demo/churn-10k.yaml").path, encoding: .utf8)) ?? ""
        let source = RecordingHeader.Source(
            kind: .embedded, cluster: scenario.setup.clusterName, scenario: .init(file: "demo/churn-10k.yaml", text: text), seed: scenario.setup.seed)
        _ = try SimulatedSession.record(setup: scenario.setup, source: source, duration: .seconds(3600), to: path)
    } catch {
        fatalError("\(error)")
    }
    var reader: RecordingReader
    do {
        reader = try RecordingReader(path: path)
    } catch {
        fatalError("\(error)")
    }
    var events = 0
    while let line = try? reader.next() { if case .cluster = line.entry { events += 1 } }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    return (path, events, bytes)
}

/// A live dashboard's state on demo/churn-10k.yaml a minute in (10,000 tasks running), and
/// the engine's next `count` events (with the notes of their task changes that the engine
/// makes for a recording: `swarmtop --record` asks for them).
func liveFixture(events count: Int) -> (state: DashboardState, events: [ClusterEvent]) {
    var engine = Engine(setup: churnScenario().setup)
    engine.notesTaskChanges = true
    var state = DashboardState(
        clusterName: engine.clusterName, source: .embedded, clock: ClockState(start: engine.startTime, now: engine.now), width: 120, height: 40)
    for _ in 0..<600 {
        engine.advance(by: .milliseconds(100))
        for e in engine.pollEvents() { _ = Reducer.reduce(&state, .cluster(e)) }
    }
    var events: [ClusterEvent] = []
    while events.count < count {
        engine.advance(by: .milliseconds(100))
        events += engine.pollEvents()
    }
    return (state, Array(events.prefix(count)))
}

/// CPU time this thread has used (user and system: a `write(2)` counts).
func threadCPU() -> Duration {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return .seconds(Int64(ts.tv_sec)) + .nanoseconds(Int64(ts.tv_nsec))
}

/// CPU time the whole process has used.
func processCPU() -> Duration {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    let user = Duration.seconds(Int64(usage.ru_utime.tv_sec)) + .microseconds(Int64(usage.ru_utime.tv_usec))
    return user + .seconds(Int64(usage.ru_stime.tv_sec)) + .microseconds(Int64(usage.ru_stime.tv_usec))
}

func temporaryRecording() -> String { temporaryPath("live") }

/// The dashboard's path as `DashboardLoop` takes it, run flat out on one thread: events in
/// pieces of half a frame's worth (the loop takes at most 128 at a time), each piece recorded
/// (if `recorder`) and then reduced, and a frame drawn every `eventsPerFrame` events (16 ms
/// of a live second at 10k events/s). Returns the thread's CPU time.
func drive(_ state: DashboardState, _ events: [ClusterEvent], recorder: SessionRecorder?, eventsPerFrame: Int) -> Duration {
    var state = state
    let terminal = MemoryTerminal(width: state.width, height: state.height)
    terminal.draw(DashboardView.render(state))
    let began = threadCPU()
    let piece = eventsPerFrame / 2
    for start in stride(from: 0, to: events.count, by: piece) {
        let end = min(start + piece, events.count)
        recorder?.record(events[start..<end])
        for event in events[start..<end] { _ = Reducer.reduce(&state, .cluster(event)) }
        if end % eventsPerFrame == 0 { terminal.draw(DashboardView.render(state)) }
    }
    return threadCPU() - began
}

/// A source that sends the events it was given at a steady rate, in 10 ms batches, as a
/// busy cluster would.
actor PacedSource: ClusterSource {
    let cluster: Cluster
    let events: [ClusterEvent]
    let perBatch: Int
    let start: Timestamp
    private var continuation: AsyncStream<[ClusterEvent]>.Continuation?
    private var feeder: _Concurrency.Task<Void, Never>?

    init(cluster: Cluster, events: [ClusterEvent], perSecond: Int, start: Timestamp) {
        self.cluster = cluster
        self.events = events
        perBatch = perSecond / 100
        self.start = start
    }

    func attach() async -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>) {
        let (stream, continuation) = AsyncStream<[ClusterEvent]>.makeStream()
        self.continuation = continuation
        return (cluster, (events.first?.sequence ?? 1) - 1, stream)
    }

    func start() async {
        guard let continuation else { return }
        let events = self.events, perBatch = self.perBatch
        feeder = _Concurrency.Task {
            let clock = ContinuousClock()
            var next = clock.now
            for batch in stride(from: 0, to: events.count, by: perBatch) {
                continuation.yield(Array(events[batch..<min(batch + perBatch, events.count)]))
                next += .milliseconds(10)
                try? await clock.sleep(until: next)
            }
            continuation.finish()
        }
    }

    /// Waits until every event was sent.
    func sent() async {
        while feeder == nil { try? await _Concurrency.Task.sleep(for: .milliseconds(1)) }
        await feeder?.value
    }

    func stop() async { continuation?.finish() }
    func apply(_ action: ClusterAction) async -> ActionOutcome { .refused("a benchmark source takes no actions") }
    func clock() async -> ClockState { ClockState(start: start, now: start, speed: 1, paused: false, controllable: false) }
    func setPaused(_ paused: Bool) async {}
    func setSpeed(_ speed: Double) async {}
}

/// A recorder of a session of `clusterName` on the embedded engine, writing a temporary file
/// from the engine's notes, as `swarmtop --record` does.
func temporaryRecorder(clusterName: String) -> SessionRecorder {
    guard let writer = try? RecordingWriter(creating: temporaryRecording(), shortForms: .fromNotes) else { fatalError("cannot write a recording") }
    return SessionRecorder(writer: writer, source: .init(kind: .embedded, cluster: clusterName), theme: "default")
}

/// Runs `run` plain, recorded, recorded and plain, and gives the mean CPU of each kind and the
/// mean rate of all four: the machine's speed drifts over minutes, and a pair always in one
/// order would charge the drift to recording.
func alternating(_ run: (_ recording: Bool) async -> (cpu: Double, rate: Double)) async -> (plain: Double, recorded: Double, rate: Double) {
    var (plain, recorded, rate) = (0.0, 0.0, 0.0)
    for recording in [false, true, true, false] {
        let result = await run(recording)
        if recording { recorded += result.cpu / 2 } else { plain += result.cpu / 2 }
        rate += result.rate / 4
    }
    return (plain, recorded, rate)
}

/// The real `DashboardLoop` on `source`, drawing into `terminal`, and its recorder (writing a
/// temporary file) when `recording`.
func dashboardLoop(source: any ClusterSource, terminal: MemoryTerminal, clusterName: String, recording: Bool) -> (DashboardLoop, SessionRecorder?) {
    let recorder = recording ? temporaryRecorder(clusterName: clusterName) : nil
    let loop = DashboardLoop(
        source: source, terminal: terminal, clusterName: clusterName, sourceKind: .embedded,
        logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }, recorder: recorder)
    return (loop, recorder)
}

/// The real `DashboardLoop` on a `MemoryTerminal`, fed 10k events a second: the process's
/// CPU time per second from the second second until the last event (the snapshot the
/// recorder writes at the start is left out).
func runLoop(_ state: DashboardState, _ events: [ClusterEvent], recording: Bool) async -> Double {
    let terminal = MemoryTerminal(width: state.width, height: state.height)
    let source = PacedSource(cluster: state.cluster, events: events, perSecond: 10_000, start: state.clock.start)
    let (loop, recorder) = dashboardLoop(source: source, terminal: terminal, clusterName: state.clusterName, recording: recording)
    let run = _Concurrency.Task { await loop.run() }
    try? await _Concurrency.Task.sleep(for: .seconds(1))
    let clock = ContinuousClock()
    let (cpu0, wall0) = (processCPU(), clock.now)
    await source.sent()
    let (cpu, wall) = (processCPU() - cpu0, clock.now - wall0)
    try? await _Concurrency.Task.sleep(for: .milliseconds(50))
    terminal.inject(.key(.character("q")))
    _ = await run.value
    if let recorder { try? FileManager.default.removeItem(atPath: recorder.writer.path) }
    return cpu.seconds / wall.seconds
}

/// The whole program as `swarmtop --scenario churn-10k --speed 70` runs it, but drawing into
/// a `MemoryTerminal`: the embedded engine in real time (about 10,300 events/s at that speed,
/// once its 10,000 tasks run), the real `DashboardLoop`, with or without `--record`. Returns
/// the process's CPU time per second and the engine's events per second, over eight seconds
/// after three (the cluster coming up and the recorder's snapshot are left out).
func runProgram(recording: Bool) async -> (cpu: Double, rate: Double) {
    var engine = Engine(setup: churnScenario().setup)
    // As `swarmtop --record` runs it: the engine notes its task changes for the writer.
    engine.notesTaskChanges = recording
    let source = EngineSource(engine: engine, speed: 70)
    let terminal = MemoryTerminal(width: 120, height: 40)
    let (loop, recorder) = dashboardLoop(source: source, terminal: terminal, clusterName: engine.clusterName, recording: recording)
    let run = _Concurrency.Task { await loop.run() }
    try? await _Concurrency.Task.sleep(for: .seconds(3))
    let clock = ContinuousClock()
    let first = await source.driver.engineState.lastSequence
    let (cpu0, wall0) = (processCPU(), clock.now)
    try? await _Concurrency.Task.sleep(for: .seconds(8))
    let (cpu, wall) = (processCPU() - cpu0, clock.now - wall0)
    let last = await source.driver.engineState.lastSequence
    terminal.inject(.key(.character("q")))
    _ = await run.value
    if let recorder { try? FileManager.default.removeItem(atPath: recorder.writer.path) }
    return (cpu.seconds / wall.seconds, Double(last - first) / wall.seconds)
}

// Made when a benchmark first uses them (globals are lazy): each benchmark runs in a
// process of its own.
let hour: (path: String, events: Int, bytes: Int) = {
    let made = hourRecording()
    print("An hour of demo/churn-10k.yaml: \(made.events) cluster events, \(made.bytes / 1_000_000) MB")
    return made
}()
let flatOut = liveFixture(events: 50_000)
let live = liveFixture(events: 70_000)

let benchmarks: @Sendable () -> Void = {
    let eventsPerSecond = BenchmarkMetric.custom("cluster events/s", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, eventsPerSecond], warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 5)

    func measure(_ benchmark: Benchmark, events: Int, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let began = clock.now
        benchmark.startMeasurement()
        try body()
        benchmark.stopMeasurement()
        benchmark.measurement(eventsPerSecond, Int(Double(events) / (clock.now - began).seconds))
    }

    // The reader alone: split, decode and check every line.
    Benchmark("Read an hour of 10k tasks") { benchmark in
        try measure(benchmark, events: hour.events) {
            var reader = try RecordingReader(path: hour.path)
            var lines = 0
            while try reader.next() != nil { lines += 1 }
            blackHole(lines)
        }
    }

    // Headless replay without per-event rendering, into the model: every line read and
    // checked, every event applied to a `Cluster`. As `swarmtop replay --headless` reads, the
    // lines decoded on a second thread ahead of the one applying them (`ReadAheadReader`);
    // and all on one thread.
    func apply(_ line: RecordedLine, to cluster: inout Cluster) {
        switch line.entry {
        case .snapshot(.node(let n)): cluster.upsert(n)
        case .snapshot(.service(let s)): cluster.upsert(s)
        case .snapshot(.task(let t)): cluster.upsert(t)
        case .cluster(let e): cluster.apply(e)
        default: break
        }
    }
    Benchmark("Read ahead + apply to the cluster model: an hour of 10k tasks") { benchmark in
        try measure(benchmark, events: hour.events) {
            let reader = ReadAheadReader(try RecordingReader(path: hour.path))
            var cluster = Cluster()
            while let line = try reader.next() { apply(line, to: &cluster) }
            blackHole(cluster.tasks.count)
        }
    }
    Benchmark("Read + apply to the cluster model, one thread: an hour of 10k tasks") { benchmark in
        try measure(benchmark, events: hour.events) {
            var reader = try RecordingReader(path: hour.path)
            var cluster = Cluster()
            while let line = try reader.next() { apply(line, to: &cluster) }
            blackHole(cluster.tasks.count)
        }
    }

    // What `swarmtop replay FILE --headless --screen` does: every line played into the
    // dashboard (its reducer keeps the event log, the task rows and the lists current),
    // then the final screen.
    Benchmark("Headless replay to the final screen: an hour of 10k tasks") { benchmark in
        try measure(benchmark, events: hour.events) {
            let result = try HeadlessReplay.run(path: hour.path, name: "hour", options: HeadlessReplay.Options())
            blackHole(result.screen)
        }
    }

    // Recording's cost to the live dashboard at 10k events/s, two ways. Flat out: the same
    // 50,000 events (five live seconds) through the reducer with a frame every 160 events,
    // with and without the recorder, on this thread's CPU clock (the dashboard's own work
    // only, so the strictest ratio). Live: the real `DashboardLoop` fed 10k events a second
    // for six seconds, with and without the recorder, on the process's CPU clock (noisy on
    // a shared machine).
    let perMille = BenchmarkMetric.custom("recording overhead (‰)", polarity: .prefersSmaller, useScalingFactor: false)
    let baseCPU = BenchmarkMetric.custom("dashboard CPU ms per live s", polarity: .prefersSmaller, useScalingFactor: false)
    let recordingCPU = BenchmarkMetric.custom("recording CPU ms per live s", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark(
        "Recording overhead at 10k events/s, flat out (reducer + frames, thread CPU)",
        configuration: .init(metrics: [perMille, baseCPU, recordingCPU], warmupIterations: 1, maxDuration: .seconds(120), maxIterations: 10)
    ) { benchmark in
        let plain = drive(flatOut.state, flatOut.events, recorder: nil, eventsPerFrame: 160)
        let recorder = temporaryRecorder(clusterName: "churn-10k")
        let state = flatOut.state
        // The events follow the state's last one: from the header's number on, the writer
        // takes each change from its note.
        let sequence = (flatOut.events.first?.sequence ?? 1) - 1
        recorder.begin(cluster: state.cluster, sequence: sequence, clock: state.clock, width: state.width, height: state.height, readOnly: false)
        let recorded = drive(state, flatOut.events, recorder: recorder, eventsPerFrame: 160)
        recorder.finish()
        try? FileManager.default.removeItem(atPath: recorder.writer.path)
        // (A histogram takes no negative values: noise that makes recording look free is 0.)
        benchmark.measurement(baseCPU, Int((plain.seconds / 5 * 1000).rounded()))
        benchmark.measurement(recordingCPU, max(0, Int(((recorded - plain).seconds / 5 * 1000).rounded())))
        benchmark.measurement(perMille, max(0, Int(((recorded - plain).seconds / plain.seconds * 1000).rounded())))
    }

    // The live runs alternate (see `alternating`).
    Benchmark(
        "Recording overhead at 10k events/s, live (DashboardLoop, process CPU)",
        configuration: .init(metrics: [perMille, baseCPU, recordingCPU], warmupIterations: 0, maxDuration: .seconds(400), maxIterations: 6)
    ) { benchmark in
        let (plain, recorded, _) = await alternating { (await runLoop(live.state, live.events, recording: $0), 0) }
        benchmark.measurement(baseCPU, Int((plain * 1000).rounded()))
        benchmark.measurement(recordingCPU, max(0, Int(((recorded - plain) * 1000).rounded())))
        benchmark.measurement(perMille, max(0, Int(((recorded - plain) / plain * 1000).rounded())))
    }

    // The whole program, the engine included, as an operator runs it at 10k events/s: what
    // recording costs the live dashboard. Each iteration runs it plain, recorded, recorded
    // and plain (see `alternating`).
    let programCPU = BenchmarkMetric.custom("program CPU ms per live s", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark(
        "Recording overhead at 10k events/s, whole program (engine + DashboardLoop, process CPU)",
        configuration: .init(metrics: [perMille, programCPU, recordingCPU, eventsPerSecond], warmupIterations: 0, maxDuration: .seconds(600), maxIterations: 8)
    ) { benchmark in
        let (plain, recorded, rate) = await alternating { await runProgram(recording: $0) }
        benchmark.measurement(programCPU, Int((plain * 1000).rounded()))
        benchmark.measurement(recordingCPU, max(0, Int(((recorded - plain) * 1000).rounded())))
        benchmark.measurement(perMille, max(0, Int(((recorded - plain) / plain * 1000).rounded())))
        benchmark.measurement(eventsPerSecond, Int(rate.rounded()))
    }
}
