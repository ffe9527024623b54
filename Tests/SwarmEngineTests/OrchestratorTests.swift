@testable import SwarmEngine
import SwarmModel
import Testing

@Suite struct OrchestratorTests {
    private func liveSlots(_ engine: Engine, _ service: String) -> [Int] {
        engine.cluster.tasks(ofService: engine.service(service).id).filter { $0.desiredState <= .running }.compactMap(\.slot).sorted()
    }

    @Test func scaleUpFillsTheLowestFreeSlots() {
        // Leave slots 1 and 3 live (as in the most-copies test), then scale up by one.
        var nodes = Fixture.nodes(managers: 1, workers: 2)
        nodes[2].availability = .pause
        var engine = Engine(setup: EngineSetup(nodes: nodes, services: [Fixture.service("web", replicas: 2, constraints: ["node.role==worker"])]))
        engine.advance(by: .seconds(10))
        engine.apply(.setAvailability(node: "worker-2", .active))
        engine.apply(.scale(service: "web", replicas: 3))
        engine.advance(by: .seconds(10))
        engine.apply(.scale(service: "web", replicas: 2))
        engine.advance(by: .seconds(10))
        #expect(liveSlots(engine, "web") == [1, 3])
        engine.apply(.scale(service: "web", replicas: 4))
        engine.advance(by: .seconds(10))
        #expect(liveSlots(engine, "web") == [1, 2, 3, 4])
        #expect(engine.running("web").count == 4)
    }

    @Test func scaleDownRemovesTasksThatAreNotRunningFirst() {
        // Two workers, one copy each at most: slots 3 and 4 stay pending.
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("web", replicas: 4, constraints: ["node.role==worker"], maxReplicas: 1)
        ])
        engine.advance(by: .seconds(10))
        let runningSlots = engine.running("web").compactMap(\.slot).sorted()
        #expect(runningSlots.count == 2)
        engine.apply(.scale(service: "web", replicas: 2))
        engine.advance(by: .seconds(10))
        #expect(liveSlots(engine, "web") == runningSlots)
        #expect(engine.running("web").count == 2)
    }

    @Test func scaleDownRemovesCopiesFromTheNodeWithTheMostFirst() {
        // worker-1 takes slots 1 and 2 alone; then worker-2 joins and takes slot 3.
        var nodes = Fixture.nodes(managers: 1, workers: 2)
        nodes[2].availability = .pause
        var engine = Engine(setup: EngineSetup(nodes: nodes, services: [Fixture.service("web", replicas: 2, constraints: ["node.role==worker"])]))
        engine.advance(by: .seconds(10))
        engine.apply(.setAvailability(node: "worker-2", .active))
        engine.apply(.scale(service: "web", replicas: 3))
        engine.advance(by: .seconds(10))
        #expect(engine.hosts(of: "web") == ["worker-1", "worker-1", "worker-2"])
        engine.apply(.scale(service: "web", replicas: 2))
        engine.advance(by: .seconds(10))
        // Slot 3 (the highest) survives: the surplus came from worker-1, which had two copies.
        #expect(engine.hosts(of: "web") == ["worker-1", "worker-2"])
        #expect(liveSlots(engine, "web") == [1, 3])
    }

    @Test func removedTasksAreDeletedNotKeptInHistory() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("web", replicas: 3)])
        engine.advance(by: .seconds(10))
        engine.apply(.scale(service: "web", replicas: 1))
        engine.advance(by: .seconds(10))
        #expect(engine.cluster.tasks(ofService: engine.service("web").id).count == 1)
    }

    @Test func scalingAGlobalServiceIsRefusedWithDockersText() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("agent", replicas: nil)])
        #expect(engine.apply(.scale(service: "agent", replicas: 3)) == .refused("scale can only be used with replicated or replicated-job mode"))
    }

    @Test func restartPolicyAnyRestartsACrashedTaskAfterItsDelay() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("app", image: "app:1", replicas: 1, restart: RestartPolicy(condition: .any, delay: .seconds(5)))
        ], images: ["app:1": ImageBehavior(crashRate: 6, exitCode: 3)])
        engine.advance(by: .seconds(120))
        let slot = engine.cluster.tasks(inSlot: .replicated(engine.service("app").id, 1))
        let failed = slot.filter { $0.state == .failed }
        #expect(!failed.isEmpty)
        #expect(failed.allSatisfy { $0.status.err == "task: non-zero exit (3)" && $0.status.containerStatus?.exitCode == 3 && $0.desiredState == .shutdown })
        // Each replacement starts no sooner than the delay after the failure before it.
        for (old, new) in zip(slot, slot.dropFirst()) {
            guard let failedAt = old.enteredAt(.failed), let startedAt = new.enteredAt(.starting) else { continue }
            #expect(startedAt - failedAt >= .seconds(5))
        }
    }

    @Test func restartPolicyOnFailureDoesNotRestartACompletedTask() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("job", image: "job:1", replicas: 2, restart: RestartPolicy(condition: .onFailure))
        ], images: ["job:1": ImageBehavior(runFor: .seconds(10))])
        engine.advance(by: .seconds(60))
        let tasks = engine.cluster.tasks(ofService: engine.service("job").id)
        #expect(tasks.count == 2)
        #expect(tasks.allSatisfy { $0.state == .complete && $0.status.containerStatus?.exitCode == 0 && $0.status.message == "finished" })
    }

    @Test func restartPolicyNoneLeavesAFailedTaskAlone() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("app", image: "app:1", replicas: 1, restart: RestartPolicy(condition: .none))
        ], images: ["app:1": ImageBehavior(crashRate: 30)])
        engine.advance(by: .seconds(120))
        let tasks = engine.cluster.tasks(ofService: engine.service("app").id)
        #expect(tasks.count == 1)
        #expect(tasks.first?.state == .failed)
    }

    @Test func maxAttemptsStopsRestartingTheSlot() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("app", image: "app:1", replicas: 1, restart: RestartPolicy(delay: .seconds(1), maxAttempts: 2))
        ], images: ["app:1": ImageBehavior(crashRate: 30)])
        engine.advance(by: .seconds(600))
        let slot = engine.cluster.tasks(inSlot: .replicated(engine.service("app").id, 1))
        #expect(slot.count == 3)
        #expect(slot.allSatisfy { $0.state == .failed })
    }

    @Test func aCrashLoopKeepsNoRestartTimesWhenAttemptsAreUnlimited() {
        // Kept for every restart, the times grew without end: memory in a long crash loop.
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("app", image: "app:1", replicas: 2, restart: RestartPolicy(delay: .seconds(1)))
        ], images: ["app:1": ImageBehavior(crashRate: 30)])
        engine.advance(by: .seconds(600))
        #expect(engine.taskStateChanges > 400)  // dozens of restarts (the history keeps only the last few)
        #expect(engine.restartTimes.count == 0)
    }

    @Test func limitedAttemptsKeepAtMostThatManyRestartTimesPerSlot() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("app", image: "app:1", replicas: 2, restart: RestartPolicy(delay: .seconds(1), maxAttempts: 3, window: .seconds(20)))
        ], images: ["app:1": ImageBehavior(crashRate: 30)])
        engine.advance(by: .seconds(600))
        #expect(engine.restartTimes.count == 2)
        #expect(engine.restartTimes.values.allSatisfy { $0.count <= 3 })
    }

    @Test func maxAttemptsCountsOnlyWithinTheWindow() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("app", image: "app:1", replicas: 1, restart: RestartPolicy(delay: .seconds(1), maxAttempts: 1, window: .seconds(5)))
        ], images: ["app:1": ImageBehavior(crashRate: 2)])
        engine.advance(by: .seconds(600))
        // With a crash every ~30 s, each attempt falls outside the 5 s window of the last.
        #expect(engine.cluster.tasks(inSlot: .replicated(engine.service("app").id, 1)).count > 2)
    }

    @Test func eachSlotKeepsAtMostFiveTasks() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("app", image: "app:1", replicas: 3, restart: RestartPolicy(delay: .seconds(1)))
        ], images: ["app:1": ImageBehavior(crashRate: 20)])
        var maxSeen = 0
        for _ in 0..<60 {
            engine.advance(by: .seconds(10))
            for slot in 1...3 {
                maxSeen = max(maxSeen, engine.cluster.tasks(inSlot: .replicated(engine.service("app").id, slot)).count)
            }
        }
        #expect(maxSeen == Engine.taskHistoryLimit)
    }

    @Test func killingATaskFailsItWithExit137AndItIsRestarted() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("web", replicas: 1)])
        engine.advance(by: .seconds(10))
        #expect(engine.apply(.killTask(task: "web.1")) == .accepted)
        let killed = engine.cluster.tasks(inSlot: .replicated(engine.service("web").id, 1)).first
        #expect(killed?.state == .failed)
        #expect(killed?.status.err == "task: non-zero exit (137)")
        engine.advance(by: .seconds(20))
        #expect(engine.running("web").count == 1)
        #expect(engine.running("web").first?.id != killed?.id)
    }

    @Test func removingAServiceDeletesItsTasks() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("web", replicas: 3)])
        engine.advance(by: .seconds(10))
        let id = engine.service("web").id
        #expect(engine.apply(.removeService(service: "web")) == .accepted)
        engine.advance(by: .seconds(10))
        #expect(engine.cluster.services[id] == nil)
        #expect(engine.cluster.taskIDs(ofService: id).isEmpty)
    }

    @Test func creatingAServiceWithATakenNameIsRefused() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("web")])
        let spec = ServiceSpec(name: "web", taskTemplate: TaskSpec(image: "x"))
        #expect(engine.apply(.createService(spec)) == .refused("rpc error: code = AlreadyExists desc = name conflicts with an existing object"))
    }
}
