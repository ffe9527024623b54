import SwarmEngine
import SwarmModel
import Testing

@Suite struct EngineDriverTests {
    @Test func subscribersSeeTheClusterComeAliveInRealTime() async {
        let engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 3)])
        let driver = EngineDriver(engine: engine, speed: 10_000)
        let events = await driver.subscribe()
        await driver.start()
        var mirror = Cluster()
        for await event in events {
            mirror.apply(event)
            if let web = mirror.service(named: "web"), mirror.runningCount(ofService: web.id) == 3 { break }
        }
        #expect(mirror.service(named: "web").map { mirror.runningCount(ofService: $0.id) } == 3)
        #expect(mirror.nodes.count == 3)
        await driver.stop()
    }

    @Test func actionsAreAnsweredAndTheirEventsPublished() async {
        let engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("web", replicas: 1)])
        let driver = EngineDriver(engine: engine, speed: 1, paused: true)
        let (cluster, sequence, events) = await driver.attach()
        #expect(cluster.tasks.count == 1)
        await driver.start()
        #expect(await driver.apply(.scale(service: "web", replicas: 2)) == .accepted)
        #expect(await driver.apply(.demote(node: "manager-1")) != .accepted)
        var answers: [String] = []
        var firstSeq: UInt64?
        for await event in events {
            if firstSeq == nil { firstSeq = event.sequence }
            if case .actionAnswered(let action, let outcome) = event.change {
                answers.append("\(action.verb) \(outcome.isAccepted)")
                if answers.count == 2 { break }
            }
        }
        #expect(firstSeq == sequence + 1)
        #expect(answers == ["scale true", "demote false"])
        await driver.stop()
    }

    @Test func aPausedClockDoesNotMove() async {
        let engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("web", replicas: 1)])
        let start = engine.now
        let driver = EngineDriver(engine: engine, speed: 100_000, paused: true)
        await driver.start()
        await driver.apply(.scale(service: "web", replicas: 3))
        #expect(await driver.now == start)
        #expect(await driver.isPaused)
        await driver.setPaused(false)
        await driver.setSpeed(50_000)
        #expect(await driver.speed == 50_000)
        await driver.stop()
    }
}
