import SwarmEngine
import SwarmModel
import Testing

@Suite struct SchedulerTests {
    private func pendingErrors(_ engine: Engine, _ service: String) -> [String?] {
        engine.cluster.tasks(ofService: engine.service(service).id).filter { $0.state == .pending }.map(\.status.err)
    }

    @Test func pendingTasksExplainWhyNoNodeFitsMostFrequentFirst() {
        var nodes = Fixture.nodes(managers: 1, workers: 3)
        nodes[1].availability = .drain
        var engine = Engine(setup: EngineSetup(nodes: nodes, services: [Fixture.service("db", replicas: 1, constraints: ["node.labels.zone==c"])]))
        engine.advance(by: .seconds(5))
        #expect(pendingErrors(engine, "db") == [
            "no suitable node (scheduling constraints not satisfied on 3 nodes; 1 node not available for new tasks)"
        ])
        #expect(engine.cluster.tasks(ofService: engine.service("db").id).first?.status.message == "pending task scheduling")
    }

    @Test func insufficientResourcesLeaveTasksPending() {
        let reserve = Resources(nanoCPUs: 3_000_000_000, memoryBytes: 1 << 30)
        var engine = Fixture.engine(managers: 1, workers: 2, services: [Fixture.service("big", replicas: 4, reserve: reserve)])
        engine.advance(by: .seconds(10))
        #expect(engine.running("big").count == 3)
        #expect(pendingErrors(engine, "big") == ["no suitable node (insufficient resources on 3 nodes)"])
    }

    @Test func maxReplicasPerNodeLimitsPlacement() {
        var engine = Fixture.engine(managers: 1, workers: 3, services: [
            Fixture.service("web", replicas: 5, constraints: ["node.role==worker"], maxReplicas: 1)
        ])
        engine.advance(by: .seconds(10))
        #expect(engine.hosts(of: "web") == ["worker-1", "worker-2", "worker-3"])
        #expect(pendingErrors(engine, "web") == Array(repeating: "no suitable node (max replicas per node limit exceed; scheduling constraints not satisfied on 1 node)", count: 2))
    }

    @Test func pendingTasksAreScheduledWhenTheClusterChanges() {
        var engine = Fixture.engine(managers: 1, workers: 1, services: [Fixture.service("db", replicas: 1, constraints: ["node.labels.disk==ssd"])])
        engine.advance(by: .seconds(10))
        #expect(engine.running("db").isEmpty)
        engine.apply(.addNode(NodeTemplate(hostname: "storage-1", labels: ["disk": "ssd"])))
        engine.advance(by: .seconds(10))
        #expect(engine.hosts(of: "db") == ["storage-1"])
    }

    @Test func constraintsOnRoleHostnameAndLabels() {
        var engine = Fixture.engine(managers: 2, workers: 3, services: [
            Fixture.service("ctl", replicas: 4, constraints: ["node.role==manager"]),
            Fixture.service("pinned", replicas: 2, constraints: ["node.hostname==worker-2"]),
            Fixture.service("zoned", replicas: 3, constraints: ["node.labels.zone==b", "node.hostname!=worker-3"]),
        ], labels: { ["zone": $0 == 1 ? "a" : "b"] })
        engine.advance(by: .seconds(10))
        #expect(Set(engine.hosts(of: "ctl")) == ["manager-1", "manager-2"])
        #expect(engine.hosts(of: "pinned") == ["worker-2", "worker-2"])
        #expect(engine.hosts(of: "zoned") == ["worker-2", "worker-2", "worker-2"])
    }

    @Test func spreadBalancesTasksAcrossLabelValues() {
        // Four workers in zone a, two in zone b: spread puts half the tasks in each zone.
        var engine = Fixture.engine(managers: 1, workers: 6, services: [
            Fixture.service("web", replicas: 6, constraints: ["node.role==worker"], spread: ["node.labels.zone"])
        ], labels: { ["zone": $0 <= 4 ? "a" : "b"] })
        engine.advance(by: .seconds(10))
        let zones = engine.running("web").compactMap { t in t.nodeID.flatMap { engine.cluster.nodes[$0]?.spec.labels["zone"] } }
        #expect(zones.filter { $0 == "a" }.count == 3)
        #expect(zones.filter { $0 == "b" }.count == 3)
    }

    @Test func nodesWithoutTheSpreadLabelFormTheirOwnGroup() {
        var engine = Fixture.engine(managers: 1, workers: 3, services: [
            Fixture.service("web", replicas: 4, constraints: ["node.role==worker"], spread: ["node.labels.zone"])
        ], labels: { $0 == 3 ? [:] : ["zone": "a"] })
        engine.advance(by: .seconds(10))
        #expect(engine.hosts(of: "web").filter { $0 == "worker-3" }.count == 2)
    }

    @Test func aPromotedNodeMeetsARoleConstraintFromThenOn() {
        // The nodes that meet a service's constraints are worked out once and kept until a
        // node changes: a promote must make the worker eligible for the next placement.
        var engine = Fixture.engine(managers: 1, workers: 1, services: [
            Fixture.service("ctl", replicas: 1, constraints: ["node.role==manager"], maxReplicas: 1)
        ])
        engine.advance(by: .seconds(10))
        #expect(engine.hosts(of: "ctl") == ["manager-1"])
        engine.apply(.promote(node: "worker-1"))
        engine.apply(.scale(service: "ctl", replicas: 2))
        engine.advance(by: .seconds(10))
        #expect(Set(engine.hosts(of: "ctl")) == ["manager-1", "worker-1"])
    }

    @Test func aJoiningNodeBringsItsSpreadValueToTheNextPlacements() {
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("web", replicas: 2, constraints: ["node.role==worker"], spread: ["node.labels.zone"])
        ], labels: { _ in ["zone": "a"] })
        engine.advance(by: .seconds(10))
        engine.apply(.addNode(NodeTemplate(hostname: "worker-b", labels: ["zone": "b"])))
        engine.apply(.scale(service: "web", replicas: 4))
        engine.advance(by: .seconds(10))
        // Zone a has two tasks: both new ones go to the new zone.
        #expect(engine.hosts(of: "web").filter { $0 == "worker-b" }.count == 2)
    }

    @Test func nodesWhereTheServiceKeepsFailingAreUsedLast() {
        // The image is missing on worker-1: tasks placed there are rejected, and after five
        // failures the scheduler stops choosing it.
        var engine = Fixture.engine(managers: 1, workers: 2, services: [
            Fixture.service("web", image: "app:1", replicas: 2, constraints: ["node.role==worker"], restart: RestartPolicy(delay: .seconds(1)))
        ], images: ["app:1": ImageBehavior(missingOn: ["worker-1"])])
        engine.advance(by: .seconds(120))
        let rejected = engine.tasks(on: "worker-1").filter { $0.state == .rejected }
        #expect(!rejected.isEmpty)
        #expect(rejected.allSatisfy { $0.status.err == "No such image: app:1" })
        #expect(engine.hosts(of: "web") == ["worker-2", "worker-2"])
    }
}
