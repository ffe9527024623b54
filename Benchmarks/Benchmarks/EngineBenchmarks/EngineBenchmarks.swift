import Benchmark
import SwarmEngine
import SwarmModel

/// A cluster of `count` nodes (3 managers), each with 8 CPUs and 32 GiB, and no services.
func makeEngine(nodes count: Int, services: [ServiceSetup] = [], images: [String: ImageBehavior] = [:]) -> Engine {
    let nodes = (0..<count).map { i in
        NodeTemplate(
            hostname: i < 3 ? "manager-\(i + 1)" : "worker-\(i - 2)", role: i < 3 ? .manager : .worker,
            labels: ["zone": "z\(i % 3)"], resources: Resources(nanoCPUs: 8_000_000_000, memoryBytes: 32 << 30))
    }
    var engine = Engine(setup: EngineSetup(clusterName: "bench", seed: 1, nodes: nodes, services: services, images: images))
    engine.retainsEvents = false
    return engine
}

func replicated(_ name: String, replicas: Int, image: String = "app:1", restartDelay: Duration = .seconds(5)) -> ServiceSpec {
    var template = TaskSpec(image: image)
    template.restartPolicy = RestartPolicy(delay: restartDelay)
    return ServiceSpec(name: name, taskTemplate: template, mode: .replicated(replicas: replicas))
}

/// Creates a service of `tasks` replicas and returns once every task is assigned: swarmkit's
/// BenchmarkScheduler measures the same span (creation to all assigned).
func scheduleBenchmark(_ benchmark: Benchmark, tasks: Int, nodes: Int) {
    var engine = makeEngine(nodes: nodes)
    benchmark.startMeasurement()
    engine.apply(.createService(replicated("load", replicas: tasks)))
    benchmark.stopMeasurement()
    precondition(engine.cluster.count(of: .assigned) == tasks, "not every task was assigned")
    blackHole(engine)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(15), maxIterations: 20)

    Benchmark("Schedule 10k tasks on 1k nodes") { benchmark in
        scheduleBenchmark(benchmark, tasks: 10_000, nodes: 1_000)
    }

    Benchmark("Schedule 100k tasks on 1k nodes", configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 5)) { benchmark in
        scheduleBenchmark(benchmark, tasks: 100_000, nodes: 1_000)
    }

    // 20k crash-looping tasks on 100 nodes: every task keeps going through its whole life
    // (pending … running → failed, restart). Measured: the time for 1M task-state changes.
    Benchmark(
        "1M task-state events (20k crash-looping tasks)",
        configuration: .init(metrics: [.wallClock, .custom("task-state events/s", polarity: .prefersLarger, useScalingFactor: false)],
                             maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        var engine = makeEngine(
            nodes: 100, services: [ServiceSetup(spec: replicated("flaky", replicas: 20_000, image: "flaky:1", restartDelay: .milliseconds(500)))],
            images: ["flaky:1": ImageBehavior(pullTime: .milliseconds(200), startTime: .milliseconds(300), crashRate: 30)])
        engine.advance(by: .seconds(30))
        let start = engine.taskStateChanges
        let clock = ContinuousClock()
        let began = clock.now
        benchmark.startMeasurement()
        while engine.taskStateChanges - start < 1_000_000 { engine.advance(by: .milliseconds(500)) }
        benchmark.stopMeasurement()
        let seconds = (clock.now - began).seconds
        let changes = engine.taskStateChanges - start
        benchmark.measurement(.custom("task-state events/s", polarity: .prefersLarger, useScalingFactor: false), Int(Double(changes) / seconds))
        blackHole(engine)
    }
}
