import PropertyBased
import SwarmEngine
import SwarmModel
import Testing

/// Random action sequences on random clusters; after the cluster settles, Swarm's invariants hold.
@Suite struct InvariantPropertyTests {
    static let services: [ServiceSetup] = [
        Fixture.service("steady", replicas: 3),
        Fixture.service("spread", replicas: 4, spread: ["node.labels.zone"]),
        Fixture.service("flaky", image: "flaky:1", replicas: 2, restart: RestartPolicy(delay: .seconds(1))),
        Fixture.service("agent", replicas: nil),
        Fixture.service("limited", replicas: 3, maxReplicas: 1),
    ]

    /// Turns a number into an action on one of the cluster's nodes or services.
    static func action(_ code: Int, hostnames: [String]) -> ClusterAction {
        let host = hostnames[(code / 16) % hostnames.count]
        switch code % 12 {
        case 0: return .setAvailability(node: host, .drain)
        case 1: return .setAvailability(node: host, .pause)
        case 2: return .setAvailability(node: host, .active)
        case 3: return .promote(node: host)
        case 4: return .demote(node: host)
        case 5: return .scale(service: "steady", replicas: (code / 7) % 8)
        case 6: return .nodeDown(node: host)
        case 7: return .nodeUp(node: host)
        case 8: return .updateImage(service: "spread", image: "spread:\(code % 5)")
        case 9: return .killTask(task: "steady.1")
        case 10: return .scale(service: "limited", replicas: (code / 7) % 6)
        default: return .setAvailability(node: host, .active)
        }
    }

    @Test func invariantsHoldAfterRandomActions() async {
        await propertyCheck(
            count: 60, input: Gen.int(in: 1...5), Gen.int(in: 0...6), Gen.int(in: 0...999_999).array(of: 0...24)
        ) { managers, workers, codes in
            let setup = EngineSetup(
                seed: UInt64(codes.first ?? 1),
                nodes: Fixture.nodes(managers: managers, workers: workers, labels: { ["zone": $0 % 2 == 0 ? "a" : "b"] }),
                services: Self.services, images: ["flaky:1": ImageBehavior(crashRate: 6)])
            var engine = Engine(setup: setup)
            var events = engine.pollEvents()
            let hostnames = engine.cluster.orderedNodes.map(\.description.hostname)
            for code in codes {
                let action = Self.action(code, hostnames: hostnames)
                let quorumBefore = engine.hasQuorum
                let outcome = engine.apply(action)
                if case .demote = action, outcome == .accepted, quorumBefore {
                    #expect(engine.hasQuorum, "a demote was accepted that lost quorum: \(codes)")
                }
                engine.advance(by: .seconds(Int64(code % 30)))
                events += engine.pollEvents()
            }
            engine.advance(by: .seconds(600))
            events += engine.pollEvents()
            Self.checkInvariants(engine, events: events, codes: codes)
        }
    }

    static func checkInvariants(_ engine: Engine, events: [ClusterEvent], codes: [Int]) {
        // Task states never move backwards.
        for event in events {
            if case .taskUpdated(let task, let previous, _) = event.change {
                #expect(task.state >= previous, "task \(task.id) went from \(previous) to \(task.state)")
            }
        }
        for task in engine.cluster.tasks.values {
            let states = task.stateHistory.map(\.state)
            #expect(states == states.sorted() && Set(states).count == states.count, "history of \(task.id): \(states)")
        }
        // At most five tasks per slot.
        var perSlot: [SlotKey: Int] = [:]
        for task in engine.cluster.tasks.values { if let key = task.slotKey { perSlot[key, default: 0] += 1 } }
        #expect(perSlot.values.allSatisfy { $0 <= Engine.taskHistoryLimit }, "slot over the history limit: \(codes)")

        guard engine.leaderID != nil else { return }  // read-only cluster: nothing settles
        for node in engine.cluster.orderedNodes {
            let tasks = engine.cluster.tasks(onNode: node.id)
            if node.spec.availability == .drain && node.status.state == .ready {
                #expect(!tasks.contains { $0.state == .running }, "running task on drained \(node.description.hostname): \(codes)")
            }
            if node.status.state == .down {
                #expect(!tasks.contains { $0.desiredState == .running }, "task meant to run on down \(node.description.hostname): \(codes)")
            }
            if node.acceptsNewTasks, let agent = engine.cluster.service(named: "agent") {
                #expect(tasks.filter { $0.serviceID == agent.id && $0.state == .running }.count == 1,
                        "global task missing on \(node.description.hostname): \(codes)")
            }
        }
        // Running replicas equal desired when capacity allows (steady has no constraints).
        if engine.cluster.orderedNodes.contains(where: \.acceptsNewTasks), let steady = engine.cluster.service(named: "steady") {
            #expect(engine.cluster.runningCount(ofService: steady.id) == steady.spec.mode.replicas, "steady not at its replicas: \(codes)")
        }
    }
}
