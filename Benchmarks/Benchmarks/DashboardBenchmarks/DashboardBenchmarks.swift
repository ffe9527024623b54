import Benchmark
import Dashboard
import SwarmEngine
import SwarmModel
import TerminalUI

// Issue #3's budgets: a frame (state → grid → diff) for 5,000 nodes and 100,000 tasks in
// ≤ 4 ms p99, and filtering and sorting 100k task rows in ≤ 30 ms.

/// The screen the frames are drawn on: the largest of the golden screens.
let screen = (width: 200, height: 60)

/// 5,000 nodes (3 managers) and 100,000 tasks: three steady services and a small
/// crash-looping one that keeps events coming. The engine runs until every task has started;
/// the dashboard sees every event through the reducer, as the app feeds it.
struct Fixture {
    var engine: Engine
    var state: DashboardState
    /// Events the engine produced after the fixture was built, not yet seen by `state`.
    var pending: [ClusterEvent] = []
    var next = 0

    init() {
        let nodes = (0..<5_000).map { i in
            NodeTemplate(
                hostname: i < 3 ? "manager-\(i + 1)" : "worker-\(i - 2)", role: i < 3 ? .manager : .worker,
                labels: ["zone": "z\(i % 3)"], resources: Resources(nanoCPUs: 16_000_000_000, memoryBytes: 64 << 30))
        }
        func service(_ name: String, _ replicas: Int, image: String) -> ServiceSetup {
            var template = TaskSpec(image: image)
            template.restartPolicy = RestartPolicy(delay: .seconds(1))
            return ServiceSetup(spec: ServiceSpec(name: name, taskTemplate: template, mode: .replicated(replicas: replicas)))
        }
        let services = [
            service("web", 40_000, image: "nginx:1.25"), service("api", 30_000, image: "api:1.4"),
            service("queue", 29_000, image: "queue-consumer:2.3"), service("flaky", 1_000, image: "flaky:1"),
        ]
        engine = Engine(setup: EngineSetup(
            clusterName: "bench", seed: 1, nodes: nodes, services: services,
            images: ["flaky:1": ImageBehavior(pullTime: .milliseconds(200), startTime: .milliseconds(300), crashRate: 2)]))
        state = DashboardState(
            clusterName: engine.clusterName, source: .embedded, clock: ClockState(start: engine.startTime, now: engine.now),
            width: screen.width, height: screen.height)
        // In steps, so that the engine never holds more than a step's events.
        for _ in 0..<60 {
            engine.advance(by: .milliseconds(500))
            for e in engine.pollEvents() { _ = Reducer.reduce(&state, .cluster(e)) }
        }
        state.clock.now = engine.now
        precondition(state.cluster.nodes.count == 5_000)
        precondition(state.cluster.count(of: .running) >= 99_000, "only \(state.cluster.count(of: .running)) tasks running")
    }

    /// The next event from the engine, run on as needed.
    mutating func nextEvent() -> ClusterEvent {
        while next == pending.count {
            engine.advance(by: .milliseconds(100))
            pending = engine.pollEvents()
            next = 0
        }
        defer { next += 1 }
        return pending[next]
    }

    /// Presses keys through the reducer.
    mutating func press(_ keys: [Key]) {
        for key in keys { _ = Reducer.reduce(&state, .input(.key(key))) }
    }
}

nonisolated(unsafe) var fixture: Fixture?
nonisolated(unsafe) var terminal = MemoryTerminal(width: screen.width, height: screen.height)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock], warmupIterations: 10, maxDuration: .seconds(60), maxIterations: 1_000)

    // One cluster event through the reducer, then the frame: render to a canvas and diff it
    // into an in-memory terminal. The tasks pane is focused, its selection thousands of rows down.
    // (On a busy machine a frame descheduled for a time slice, about 4 ms, lands in p99.)
    Benchmark(
        "Frame 5k nodes / 100k tasks (render + diff)",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], warmupIterations: 10, maxDuration: .seconds(60), maxIterations: 1_000)
    ) { benchmark in
        guard var f = fixture else { return }
        fixture = nil
        let event = f.nextEvent()
        benchmark.startMeasurement()
        _ = Reducer.reduce(&f.state, .cluster(event))
        terminal.draw(DashboardView.render(f.state))
        benchmark.stopMeasurement()
        fixture = f
    } setup: {
        var f = Fixture()
        f.press([.character("3")] + Array(repeating: Key.pageDown, count: 200))
        terminal.draw(DashboardView.render(f.state))
        fixture = f
    }

    // The last key of a filter that keeps 99k of the 100k tasks (`!flaky`), Enter, and `>`
    // to sort them by NODE; then the frame that shows them.
    Benchmark("Filter + sort 100k task rows") { benchmark in
        guard var f = fixture else { return }
        let base = f.state
        benchmark.startMeasurement()
        f.press([.character("y"), .enter, .character(">")])
        terminal.draw(DashboardView.render(f.state))
        benchmark.stopMeasurement()
        precondition(f.state.list(.tasks).sort == SortOrder(column: 1, ascending: true))
        f.state = base
        fixture = f
    } setup: {
        var f = Fixture()
        f.press([.character("3"), .character("/"), .character("!"), .character("f"), .character("l"), .character("a"), .character("k")])
        fixture = f
    }
}
