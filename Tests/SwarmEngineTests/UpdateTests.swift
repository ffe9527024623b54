import SwarmEngine
import SwarmModel
import Testing

@Suite struct UpdateTests {
    private func images(_ engine: Engine, _ service: String) -> [String] {
        engine.running(service).map(\.spec.image).sorted()
    }

    @Test func rollingUpdateReplacesEveryTaskAndCompletes() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("api", image: "api:1", replicas: 4, update: UpdateConfig(parallelism: 1, delay: .seconds(2)))
        ])
        engine.advance(by: .seconds(10))
        #expect(engine.apply(.updateImage(service: "api", image: "api:2")) == .accepted)
        #expect(engine.service("api").updateStatus?.state == .updating)
        #expect(engine.service("api").updateStatus?.message == "update in progress")
        #expect(engine.service("api").previousSpec?.taskTemplate.image == "api:1")
        // One at a time: a few seconds in, only part of the service is on the new image.
        engine.advance(by: .seconds(4))
        #expect(images(engine, "api").filter { $0 == "api:2" }.count < 4)
        engine.advance(by: .seconds(60))
        #expect(images(engine, "api") == Array(repeating: "api:2", count: 4))
        #expect(engine.service("api").updateStatus?.state == .completed)
        #expect(engine.service("api").updateStatus?.message == "update completed")
        #expect(engine.service("api").updateStatus?.completedAt != nil)
        // The old tasks stay in each slot's history, shut down.
        for slot in 1...4 {
            let history = engine.cluster.tasks(inSlot: .replicated(engine.service("api").id, slot))
            #expect(history.map(\.spec.image) == ["api:1", "api:2"])
            #expect(history.first?.state == .shutdown)
        }
    }

    @Test func stopFirstStopsTheOldTaskBeforeTheNewOneStarts() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("api", image: "api:1", replicas: 1)])
        engine.advance(by: .seconds(10))
        engine.apply(.updateImage(service: "api", image: "api:2"))
        engine.advance(by: .seconds(30))
        let slot = engine.cluster.tasks(inSlot: .replicated(engine.service("api").id, 1))
        #expect(slot.count == 2)
        if let stopped = slot.first?.enteredAt(.shutdown), let started = slot.last?.enteredAt(.starting) {
            #expect(started >= stopped)
        } else {
            Issue.record("missing times")
        }
    }

    @Test func startFirstRunsTheNewTaskBeforeStoppingTheOldOne() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("api", image: "api:1", replicas: 1, update: UpdateConfig(order: .startFirst))
        ])
        engine.advance(by: .seconds(10))
        engine.apply(.updateImage(service: "api", image: "api:2"))
        engine.advance(by: .seconds(30))
        let slot = engine.cluster.tasks(inSlot: .replicated(engine.service("api").id, 1))
        #expect(slot.count == 2)
        if let stopped = slot.first?.enteredAt(.shutdown), let running = slot.last?.enteredAt(.running) {
            #expect(stopped > running)
        } else {
            Issue.record("missing times")
        }
        #expect(engine.service("api").updateStatus?.state == .completed)
    }

    @Test func aFailingUpdateIsPausedNamingTheTask() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("api", image: "api:1", replicas: 4, update: UpdateConfig(parallelism: 1, failureAction: .pause, monitor: .seconds(10)))
        ], images: ["api:2": ImageBehavior(crashRate: 60)])
        engine.advance(by: .seconds(10))
        engine.apply(.updateImage(service: "api", image: "api:2"))
        engine.advance(by: .seconds(120))
        let status = engine.service("api").updateStatus
        #expect(status?.state == .paused)
        let message = status?.message ?? ""
        #expect(message.hasPrefix("update paused due to failure or early termination of task "))
        let failedID = String(message.dropFirst("update paused due to failure or early termination of task ".count))
        // The named task ran the new image and failed (it may since have left the history).
        let named = engine.pollEvents().compactMap { e -> Task? in
            if case .taskUpdated(let t, _, _) = e.change, t.id.rawValue == failedID { return t }
            return nil
        }
        #expect(named.last?.spec.image == "api:2")
        #expect(named.contains { $0.state == .failed })
        // Paused: the rest of the service still runs the old image.
        #expect(images(engine, "api").filter { $0 == "api:1" }.count >= 2)
    }

    @Test func aFailingUpdateRollsBackWhenToldTo() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("api", image: "api:1", replicas: 3, update: UpdateConfig(parallelism: 1, failureAction: .rollback, monitor: .seconds(10)))
        ], images: ["api:2": ImageBehavior(crashRate: 60)])
        engine.advance(by: .seconds(10))
        engine.apply(.updateImage(service: "api", image: "api:2"))
        engine.advance(by: .seconds(180))
        let service = engine.service("api")
        #expect(service.updateStatus?.state == .rollbackCompleted)
        #expect(service.updateStatus?.message == "rollback completed")
        #expect(service.spec.taskTemplate.image == "api:1")
        #expect(service.previousSpec == nil)
        #expect(images(engine, "api") == ["api:1", "api:1", "api:1"])
    }

    @Test func continueIgnoresFailuresAndCompletes() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("api", image: "api:1", replicas: 2, update: UpdateConfig(failureAction: .continue))
        ], images: ["api:2": ImageBehavior(crashRate: 30)])
        engine.advance(by: .seconds(10))
        engine.apply(.updateImage(service: "api", image: "api:2"))
        engine.advance(by: .seconds(120))
        #expect(engine.service("api").updateStatus?.state == .completed)
    }
}
