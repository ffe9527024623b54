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
        watch: for await batch in events {
            for event in batch {
                mirror.apply(event)
                if let web = mirror.service(named: "web"), mirror.runningCount(ofService: web.id) == 3 { break watch }
            }
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
        watch: for await batch in events {
            for event in batch {
                if firstSeq == nil { firstSeq = event.sequence }
                if case .actionAnswered(let action, let outcome) = event.change {
                    answers.append("\(action.verb) \(outcome.isAccepted)")
                    if answers.count == 2 { break watch }
                }
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

    @Test func runsAreAQuarterFrameApartButATimerAfterAQuietSpellIsOnTime() {
        let quiet = Duration.seconds(3600)
        // Due in 10 s of virtual time at speed 1: 10 s; at speed 100: 100 ms.
        #expect(EngineDriver.wait(untilDueIn: .seconds(10), speed: 1, sinceLastRun: quiet) == .seconds(10))
        #expect(EngineDriver.wait(untilDueIn: .seconds(1), speed: 100, sinceLastRun: .zero) == .milliseconds(10))
        // After a long quiet spell, a timer due in a millisecond runs then, not 4 ms later.
        #expect(EngineDriver.wait(untilDueIn: .milliseconds(1), speed: 1, sinceLastRun: quiet) == .milliseconds(1))
        // A busy cluster at speed 60, the last run just now, a timer due in a millisecond of
        // virtual time (17 µs of wall-clock time), or overdue: the rest of the 4 ms.
        #expect(EngineDriver.minimumWait == .milliseconds(4))
        #expect(EngineDriver.wait(untilDueIn: .milliseconds(1), speed: 60, sinceLastRun: .zero) == .milliseconds(4))
        #expect(EngineDriver.wait(untilDueIn: .zero, speed: 60, sinceLastRun: .milliseconds(1)) == .milliseconds(3))
        #expect(EngineDriver.wait(untilDueIn: .milliseconds(-30), speed: 60, sinceLastRun: .microseconds(500)) == .microseconds(3500))
        // A timer years ahead at the lowest speed: an hour, then it looks again.
        #expect(EngineDriver.wait(untilDueIn: .seconds(Int64.max / 2), speed: 0.01, sinceLastRun: quiet) == .seconds(3600))
        // Overdue, and the last run 4 ms ago or more: at once.
        #expect(EngineDriver.wait(untilDueIn: .zero, speed: 1, sinceLastRun: .milliseconds(4)) == nil)
        #expect(EngineDriver.wait(untilDueIn: .milliseconds(-3), speed: 1, sinceLastRun: .milliseconds(9)) == nil)
    }

    @Test func aBusyClusterIsRunAtMostOnceEveryFourMilliseconds() async throws {
        // Forty crash-looping tasks at speed 100: a timer falls due every half millisecond or
        // so of wall-clock time (each run would take one or two); the driver publishes at most
        // one batch per 4 ms (plus the cluster's creation and the first run).
        let engine = Fixture.engine(
            managers: 3, workers: 6, services: [Fixture.service("web", image: "crash:1", replicas: 40, restart: RestartPolicy(delay: .milliseconds(100)))],
            images: ["crash:1": ImageBehavior(crashRate: 30)])
        let driver = EngineDriver(engine: engine, speed: 100)
        let events = await driver.subscribe()
        let clock = ContinuousClock()
        let began = clock.now
        await driver.start()
        var (batches, count) = (0, 0)
        for await batch in events {
            batches += 1
            count += batch.count
            if count > 2_000 { break }
        }
        let elapsed = clock.now - began
        await driver.stop()
        let allowed = 2 + Int(elapsed / EngineDriver.minimumWait)
        #expect(batches <= allowed, "\(batches) batches of \(count) events in \(elapsed)")
    }

    @Test func eventsPublishedAFewAtATimeAreTheEnginesOwn() async throws {
        // Run at a high speed, the driver publishes what fell due since its last wake, many
        // timers at once, as one batch: the events, their order, times and sequence numbers
        // are those of the same engine advanced on its own.
        let engine = Fixture.engine(managers: 3, workers: 6, services: [Fixture.service("web", replicas: 12), Fixture.service("api", replicas: 8)])
        let driver = EngineDriver(engine: engine, speed: 5_000)
        let events = await driver.subscribe()
        await driver.start()
        var published: [ClusterEvent] = []
        var mirror = Cluster()
        for await batch in events {
            published += batch
            for event in batch { mirror.apply(event) }
            if mirror.tasks.values.count(where: { $0.status.state == .running }) == 20 { break }
        }
        try #require(published.count > 100)
        await driver.stop()
        var alone = engine
        alone.advance(to: published[published.count - 1].time)
        let own = alone.pollEvents()
        #expect(own.count >= published.count)
        #expect(Array(own.prefix(published.count)) == published)
    }
}
