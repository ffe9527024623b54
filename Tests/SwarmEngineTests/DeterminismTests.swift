import Foundation
import SwarmEngine
import SwarmModel
import Testing

@Suite struct DeterminismTests {
    private func run(seed: UInt64) -> Data {
        let setup = Fixture.busySetup(seed: seed)
        var engine = Engine(setup: setup)
        engine.advance(by: .seconds(300))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = Data()
        for event in engine.pollEvents() {
            out.append((try? encoder.encode(event)) ?? Data())
            out.append(0x0A)
        }
        return out
    }

    @Test func theSameSetupAndSeedGiveByteIdenticalEvents() {
        let a = run(seed: 42)
        let b = run(seed: 42)
        #expect(a.count > 10_000)
        #expect(a == b)
    }

    @Test func anotherSeedGivesAnotherRun() {
        #expect(run(seed: 42) != run(seed: 43))
    }

    @Test func eventsAreNumberedWithoutGapsAndTimesNeverGoBack() {
        var engine = Fixture.engine(services: [Fixture.service("web", replicas: 5)])
        engine.apply(.scale(service: "web", replicas: 9))
        engine.advance(by: .seconds(60))
        let events = engine.pollEvents()
        #expect(events.map(\.sequence) == Array(1...UInt64(events.count)))
        #expect(events.map(\.time) == events.map(\.time).sorted())
        #expect(events.last?.sequence == engine.lastSequence)
    }

    /// A cluster whose clock starts before 1970 (a scenario's `start:` may say so) runs as any
    /// other: its timers are negative nanoseconds since the epoch.
    @Test func aClusterStartingBefore1970Runs() {
        var setup = EngineSetup(clusterName: "old", seed: 7, nodes: Fixture.nodes(managers: 1, workers: 2), services: [Fixture.service("web", replicas: 3)])
        setup.start = Timestamp(nanoseconds: -60_000_000_000)
        var engine = Engine(setup: setup)
        engine.advance(by: .seconds(30))
        #expect(engine.cluster.runningCount(ofService: engine.service("web").id) == 3)
        #expect(engine.now == Timestamp(nanoseconds: -30_000_000_000))
    }

    @Test func applyingTheEventsRebuildsTheSameCluster() {
        var engine = Fixture.engine(managers: 3, workers: 3, services: [
            Fixture.service("web", replicas: 5), Fixture.service("agent", replicas: nil),
            Fixture.service("flaky", image: "f:1", replicas: 2, restart: RestartPolicy(delay: .seconds(1))),
        ], images: ["f:1": ImageBehavior(crashRate: 10)])
        var mirror = Cluster()
        for step in 0..<30 {
            if step == 5 { engine.apply(.setAvailability(node: "worker-1", .drain)) }
            if step == 10 { engine.apply(.scale(service: "web", replicas: 2)) }
            if step == 15 { engine.apply(.nodeDown(node: "worker-2")) }
            engine.advance(by: .seconds(10))
            for e in engine.pollEvents() { mirror.apply(e) }
        }
        #expect(mirror.nodes == engine.cluster.nodes)
        #expect(mirror.services == engine.cluster.services)
        #expect(mirror.tasks == engine.cluster.tasks)
        for state in TaskState.allCases { #expect(mirror.count(of: state) == engine.cluster.count(of: state)) }
    }

    @Test func eventsRoundTripThroughJSON() throws {
        var engine = Fixture.engine(services: [Fixture.service("web", replicas: 2)])
        engine.apply(.demote(node: "manager-1"))
        engine.apply(.scale(service: "agent", replicas: 1))
        engine.advance(by: .seconds(20))
        let events = engine.pollEvents()
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([ClusterEvent].self, from: data) == events)
    }
}
