import Benchmark
import SwarmEngine
import SwarmModel

/// `count` nodes (3 managers) with 16 CPUs and 64 GiB each.
func makeEngine(nodes count: Int) -> Engine {
    let nodes = (0..<count).map { i in
        NodeTemplate(
            hostname: i < 3 ? "manager-\(i + 1)" : "worker-\(i - 2)", role: i < 3 ? .manager : .worker,
            labels: ["zone": "z\(i % 3)", "rack": "r\(i % 40)"], resources: Resources(nanoCPUs: 16_000_000_000, memoryBytes: 64 << 30))
    }
    var engine = Engine(setup: EngineSetup(clusterName: "bench", seed: 1, nodes: nodes))
    engine.retainsEvents = false
    return engine
}

/// Services of 1,000 replicas each until `tasks` live tasks exist, all running.
func fill(_ engine: inout Engine, tasks: Int, image: String) {
    for i in 0..<(tasks / 1_000) {
        var template = TaskSpec(image: image)
        template.placement = Placement(constraints: ["node.role==worker"], preferences: [PlacementPreference(spread: "node.labels.zone")])
        engine.apply(.createService(ServiceSpec(name: "svc-\(i)", labels: ["team": "t\(i % 7)"], taskTemplate: template, mode: .replicated(replicas: 1_000))))
    }
    engine.advance(by: .seconds(30))
}

let benchmarks: @Sendable () -> Void = {
    // Peak resident memory of the whole process, measured once per benchmark (one iteration).
    Benchmark(
        "Memory: 1k nodes, 100k running tasks",
        configuration: .init(metrics: [.peakMemoryResident, .wallClock], maxDuration: .seconds(120), maxIterations: 1)
    ) { benchmark in
        var engine = makeEngine(nodes: 1_000)
        fill(&engine, tasks: 100_000, image: "app:1")
        precondition(engine.cluster.count(of: .running) == 100_000)
        blackHole(engine)
    }

    // 40k slots that each went through a rolling update and four more, so every slot holds
    // five tasks: 200k tasks with history on 5k nodes.
    Benchmark(
        "Memory: 5k nodes, 200k tasks with history",
        configuration: .init(metrics: [.peakMemoryResident, .wallClock], maxDuration: .seconds(300), maxIterations: 1)
    ) { benchmark in
        var engine = makeEngine(nodes: 5_000)
        fill(&engine, tasks: 40_000, image: "app:1")
        for version in 2...5 {
            for i in 0..<40 {
                engine.apply(.updateImage(service: "svc-\(i)", image: "app:\(version)"))
            }
            engine.advance(by: .seconds(3_600))
        }
        precondition(engine.cluster.tasks.count == 200_000, "expected 200k tasks, got \(engine.cluster.tasks.count)")
        blackHole(engine)
    }
}
