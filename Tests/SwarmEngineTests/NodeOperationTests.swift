import SwarmEngine
import SwarmModel
import Testing

@Suite struct NodeOperationTests {
    @Test func drainMovesReplicatedTasksToOtherNodesInTheSameSlots() {
        var engine = Fixture.engine(managers: 1, workers: 3, services: [Fixture.service("web", replicas: 6, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(30))
        let before = engine.tasks(on: "worker-1").filter { $0.desiredState == .running }
        #expect(before.count == 2)

        #expect(engine.apply(.setAvailability(node: "worker-1", .drain)) == .accepted)
        engine.advance(by: .seconds(30))

        #expect(engine.node("worker-1").spec.availability == .drain)
        #expect(!engine.hosts(of: "web").contains("worker-1"))
        #expect(engine.running("web").count == 6)
        for old in before {
            let now = engine.cluster.tasks[old.id]
            #expect(now?.desiredState == .shutdown)
            #expect(now?.state == .shutdown)
            // The replacement runs in the same slot, and started only after the old task stopped.
            let slot = engine.cluster.tasks(inSlot: .replicated(old.serviceID, old.slot ?? 0))
            let replacement = slot.last
            #expect(replacement?.id != old.id)
            #expect(replacement?.state == .running)
            if let stopped = now?.enteredAt(.shutdown), let started = replacement?.enteredAt(.starting) {
                #expect(started >= stopped)
            } else {
                Issue.record("missing shutdown or starting time")
            }
        }
    }

    @Test func drainShutsDownGlobalTasksWithoutReplacingThem() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("agent", replicas: nil)])
        engine.advance(by: .seconds(20))
        #expect(engine.running("agent").count == 3)
        engine.apply(.setAvailability(node: "worker-2", .drain))
        engine.advance(by: .seconds(20))
        #expect(engine.hosts(of: "agent") == ["manager-1", "worker-1"])
        #expect(engine.tasks(on: "worker-2").allSatisfy { $0.state == .shutdown })
    }

    @Test func pauseKeepsRunningTasksAndPlacesNoNewOnes() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 2, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(20))
        engine.apply(.setAvailability(node: "worker-1", .pause))
        engine.apply(.scale(service: "web", replicas: 6))
        engine.advance(by: .seconds(20))
        #expect(engine.tasks(on: "worker-1").filter { $0.state == .running }.count == 1)
        #expect(engine.hosts(of: "web").filter { $0 == "worker-2" }.count == 5)
    }

    @Test func activateLetsAPausedNodeTakeNewTasks() {
        var nodes = Fixture.nodes(managers: 1, workers: 1)
        nodes[1].availability = .pause
        var engine = Engine(setup: EngineSetup(nodes: nodes, services: [Fixture.service("web", replicas: 1, constraints: ["node.role==worker"])]))
        engine.advance(by: .seconds(10))
        #expect(engine.running("web").isEmpty)
        let pending = engine.cluster.tasks(ofService: engine.service("web").id).first
        #expect(pending?.state == .pending)
        #expect(pending?.status.err == "no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 1 node)")
        engine.apply(.setAvailability(node: "worker-1", .active))
        engine.advance(by: .seconds(10))
        #expect(engine.hosts(of: "web") == ["worker-1"])
    }

    @Test func nodeGoesDownAfterMissedHeartbeatsAndItsTasksMove() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 4, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(20))
        let lost = engine.tasks(on: "worker-1").filter { $0.desiredState == .running }
        #expect(lost.count == 2)
        engine.apply(.nodeDown(node: "worker-1"))
        engine.advance(by: .seconds(9))
        #expect(engine.node("worker-1").status.state == .ready, "a node is declared down only after the heartbeat grace period")
        engine.advance(by: .seconds(21))
        #expect(engine.node("worker-1").status.state == .down)
        #expect(engine.node("worker-1").status.message == "heartbeat failure")
        engine.advance(by: .seconds(15))
        #expect(engine.hosts(of: "web") == Array(repeating: "worker-2", count: 4))
        for task in lost {
            // The down node cannot report: its tasks still show running, but are to shut down.
            #expect(engine.cluster.tasks[task.id]?.desiredState == .shutdown)
            #expect(engine.cluster.tasks[task.id]?.state == .running)
        }
    }

    @Test func nodeComingBackIsReadyAndStopsItsStaleTasks() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 4, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(20))
        engine.apply(.nodeDown(node: "worker-1"))
        engine.advance(by: .seconds(60))
        engine.apply(.nodeUp(node: "worker-1"))
        engine.advance(by: .seconds(10))
        #expect(engine.node("worker-1").status.state == .ready)
        #expect(engine.tasks(on: "worker-1").allSatisfy { $0.state.isTerminal })
        #expect(engine.running("web").count == 4)
    }

    @Test func tasksOnANodeDownForADayAreOrphaned() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 4, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(20))
        engine.apply(.nodeDown(node: "worker-1"))
        engine.advance(by: .seconds(24 * 3600 + 60))
        let stale = engine.tasks(on: "worker-1").filter { $0.enteredAt(.running) != nil }
        #expect(!stale.isEmpty)
        #expect(stale.allSatisfy { $0.state == .orphaned })
    }

    @Test func removingAManagerOrAReadyNodeIsRefusedWithSwarmkitsTexts() {
        var engine = Fixture.engine(managers: 1, workers: 1)
        let manager = engine.node("manager-1").id
        let worker = engine.node("worker-1").id
        #expect(engine.apply(.removeNode(node: "manager-1", force: false)) == .refused(
            "rpc error: code = FailedPrecondition desc = node \(manager) is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal"))
        #expect(engine.apply(.removeNode(node: "worker-1", force: false)) == .refused(
            "rpc error: code = FailedPrecondition desc = node \(worker) is not down and can't be removed"))
        #expect(engine.apply(.removeNode(node: "worker-1", force: true)) == .accepted)
        #expect(engine.cluster.node(named: "worker-1") == nil)
    }

    @Test func removedNodesTasksAreOrphanedAndReplaced() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 2, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(20))
        let lost = engine.tasks(on: "worker-1")
        engine.apply(.nodeDown(node: "worker-1"))
        engine.advance(by: .seconds(30))
        #expect(engine.apply(.removeNode(node: "worker-1", force: false)) == .accepted)
        engine.advance(by: .seconds(20))
        for t in lost where t.state == .running {
            #expect(engine.cluster.tasks[t.id]?.state == .orphaned)
            #expect(engine.cluster.tasks[t.id]?.status.message == "Task belonged to a node that has been deleted")
        }
        #expect(engine.hosts(of: "web") == ["worker-2", "worker-2"])
    }

    @Test func forceRemovingALiveNodeReplacesEachTaskOnce() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("web", replicas: 4, constraints: ["node.role==worker"])])
        engine.advance(by: .seconds(20))
        let lost = engine.tasks(on: "worker-1").filter { $0.desiredState == .running }
        #expect(engine.apply(.removeNode(node: "worker-1", force: true)) == .accepted)
        engine.advance(by: .seconds(30))
        #expect(engine.running("web").count == 4)
        for task in lost {
            #expect(engine.cluster.tasks[task.id]?.state == .orphaned)
            let slot = engine.cluster.tasks(inSlot: .replicated(task.serviceID, task.slot ?? 0))
            #expect(slot.count == 2, "slot \(task.slot ?? 0) has \(slot.count) tasks")
            #expect(slot.filter { $0.desiredState == .running }.count == 1)
        }
    }

    @Test func anAddedNodeGetsTheGlobalServicesTask() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("agent", replicas: nil)])
        engine.advance(by: .seconds(20))
        engine.apply(.addNode(NodeTemplate(hostname: "worker-9")))
        engine.advance(by: .seconds(20))
        #expect(engine.hosts(of: "agent") == ["manager-1", "worker-1", "worker-9"])
        #expect(engine.running("agent").allSatisfy { $0.slot == nil && $0.nodeID != nil })
    }

    @Test func unknownNodesAndServicesAreRefusedByName() {
        var engine = Fixture.engine(managers: 1, workers: 0)
        #expect(engine.apply(.setAvailability(node: "nope", .drain)) == .refused("node nope not found"))
        #expect(engine.apply(.scale(service: "nope", replicas: 2)) == .refused("service nope not found"))
    }
}
