import Benchmark
import Foundation
import SwarmEngine
import SwarmModel
import SwarmRecording
import SwarmReplay

/// A recording of 2,000 crash-looping tasks on 100 nodes, `events` cluster events long,
/// written with the real writer to a temporary file.
func makeRecording(events: Int) -> String {
    let nodes = (0..<100).map { i in
        NodeTemplate(hostname: i < 3 ? "manager-\(i + 1)" : "worker-\(i - 2)", role: i < 3 ? .manager : .worker,
                     resources: Resources(nanoCPUs: 8_000_000_000, memoryBytes: 32 << 30))
    }
    var template = TaskSpec(image: "crash:1")
    template.restartPolicy = RestartPolicy(delay: .seconds(1))
    var engine = Engine(setup: EngineSetup(
        clusterName: "bench", seed: 1, nodes: nodes,
        services: [ServiceSetup(spec: ServiceSpec(name: "crash", taskTemplate: template, mode: .replicated(replicas: 2_000)))],
        images: ["crash:1": ImageBehavior(crashRate: 60)]))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-bench-\(UUID().uuidString).jsonl").path
    guard let writer = try? RecordingWriter(creating: path) else { fatalError("cannot write \(path)") }
    _ = engine.pollEvents()
    let start = engine.startTime
    writer.writeHeader(RecordingHeader(
        swarmtop: "bench", source: .init(kind: .embedded, cluster: "bench", seed: 1), terminal: .init(width: 120, height: 40),
        theme: "default", readOnly: false, started: start,
        clock: RecordedClock(start: start, now: start, speed: 1, paused: false, controllable: true), sequence: engine.lastSequence))
    for node in engine.cluster.orderedNodes { writer.record(.snapshot(.node(node)), at: .zero) }
    for service in engine.cluster.orderedServices { writer.record(.snapshot(.service(service)), at: .zero) }
    for task in engine.cluster.tasks.values { writer.record(.snapshot(.task(task)), at: .zero) }
    var written = 0
    while written < events {
        engine.advance(by: .seconds(1))
        for e in engine.pollEvents() where written < events {
            writer.record(.cluster(e), at: e.time - start)
            written += 1
        }
    }
    writer.finish()
    return path
}

let benchmarks: @Sendable () -> Void = {
    let eventCount = 200_000
    let path = makeRecording(events: eventCount)
    let eventsPerSecond = BenchmarkMetric.custom("cluster events/s", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, eventsPerSecond], maxDuration: .seconds(30), maxIterations: 5)

    // Headless replay without per-event rendering: read, check and play every line into the
    // dashboard state, then one frame.
    Benchmark("Headless replay of 200k cluster events (2k crash-looping tasks), one frame") { benchmark in
        let clock = ContinuousClock()
        let began = clock.now
        benchmark.startMeasurement()
        guard var reader = try? RecordingReader(path: path) else { fatalError("cannot read \(path)") }
        var player = ReplayPlayer(header: reader.header, name: "bench", size: nil)
        while let line = try? reader.next() { player.play(line) }
        blackHole(player.render())
        benchmark.stopMeasurement()
        let seconds = (clock.now - began).seconds
        benchmark.measurement(eventsPerSecond, Int(Double(eventCount) / seconds))
    }

    // The reader alone: split, decode and check every line.
    Benchmark("Read 200k cluster events") { benchmark in
        let clock = ContinuousClock()
        let began = clock.now
        benchmark.startMeasurement()
        guard var reader = try? RecordingReader(path: path) else { fatalError("cannot read \(path)") }
        var lines = 0
        while (try? reader.next()) != nil { lines += 1 }
        blackHole(lines)
        benchmark.stopMeasurement()
        benchmark.measurement(eventsPerSecond, Int(Double(eventCount) / (clock.now - began).seconds))
    }
}
