import SwarmEngine
import SwarmModel
import Testing

@Suite struct ManagerTests {
    @Test func theFirstManagerLeadsAndAllManagersAreReachable() {
        let engine = Fixture.engine(managers: 3, workers: 2)
        #expect(engine.leaderID == engine.node("manager-1").id)
        #expect(engine.node("manager-1").managerStatus == ManagerStatus(leader: true, reachability: .reachable, addr: engine.node("manager-1").managerStatus?.addr))
        #expect(engine.node("manager-2").managerStatus?.reachability == .reachable)
        #expect(engine.node("worker-1").managerStatus == nil)
        #expect(engine.managerSummary.managers == 3)
        #expect(engine.managerSummary.faultTolerance == 1)
    }

    @Test func demotingTheLastManagerIsRefusedWithSwarmkitsText() {
        var engine = Fixture.engine(managers: 1, workers: 2)
        #expect(engine.apply(.demote(node: "manager-1")) == .refused(
            "rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm"))
        #expect(engine.node("manager-1").spec.role == .manager)
        let last = engine.pollEvents().last
        #expect(last?.type == "action.refused")
    }

    @Test func demotingAManagerThatWouldLoseQuorumIsRefused() {
        var engine = Fixture.engine(managers: 3, workers: 1)
        engine.apply(.nodeDown(node: "manager-3"))
        engine.advance(by: .seconds(30))
        #expect(engine.node("manager-3").managerStatus?.reachability == .unreachable)
        #expect(engine.apply(.demote(node: "manager-2")) == .refused(
            "rpc error: code = FailedPrecondition desc = can't remove member from the raft: this would result in a loss of quorum"))
        // Demoting the unreachable one keeps quorum, so it is allowed.
        #expect(engine.apply(.demote(node: "manager-3")) == .accepted)
        #expect(engine.managerSummary.managers == 2)
    }

    @Test func promoteMakesAReachableManager() {
        var engine = Fixture.engine(managers: 1, workers: 2)
        #expect(engine.apply(.promote(node: "worker-1")) == .accepted)
        #expect(engine.node("worker-1").spec.role == .manager)
        #expect(engine.node("worker-1").managerStatus?.reachability == .reachable)
        #expect(engine.node("worker-1").managerStatus?.leader == false)
        #expect(engine.managerSummary.managers == 2)
        #expect(engine.apply(.demote(node: "worker-1")) == .accepted)
        #expect(engine.node("worker-1").managerStatus == nil)
    }

    @Test func aNewLeaderIsElectedWhenTheLeaderGoesDownAndQuorumHolds() {
        var engine = Fixture.engine(managers: 3, workers: 1)
        engine.apply(.nodeDown(node: "manager-1"))
        engine.advance(by: .seconds(60))
        let leader = engine.leaderID.flatMap { engine.cluster.nodes[$0] }
        #expect(leader != nil)
        #expect(leader?.description.hostname != "manager-1")
        #expect(leader?.managerStatus?.leader == true)
        #expect(engine.node("manager-1").managerStatus?.leader == false)
        #expect(engine.node("manager-1").managerStatus?.reachability == .unreachable)
        #expect(engine.apply(.setAvailability(node: "worker-1", .pause)) == .accepted)
    }

    @Test func nodesAreUnknownUntilTheyReconnectToANewLeader() {
        var engine = Fixture.engine(managers: 3, workers: 1)
        engine.apply(.nodeDown(node: "manager-1"))
        _ = engine.pollEvents()
        engine.advance(by: .seconds(60))
        let unknown = engine.pollEvents().compactMap { e -> String? in
            if case .nodeUpdated(let n, _) = e.change, n.status.state == .unknown { return n.status.message }
            return nil
        }
        #expect(unknown.contains("Node moved to \"unknown\" state due to leadership change in cluster"))
        #expect(engine.node("worker-1").status.state == .ready)
    }

    @Test func losingQuorumBlocksActionsButKeepsTasksRunning() {
        var engine = Fixture.engine(managers: 3, workers: 2, services: [Fixture.service("web", replicas: 4)])
        engine.advance(by: .seconds(20))
        engine.apply(.nodeDown(node: "manager-1"))
        engine.apply(.nodeDown(node: "manager-2"))
        engine.advance(by: .seconds(60))
        #expect(engine.leaderID == nil)
        #expect(!engine.hasQuorum)
        #expect(engine.apply(.scale(service: "web", replicas: 8)) == .refused(Engine.noLeaderMessage))
        #expect(engine.apply(.setAvailability(node: "worker-1", .drain)) == .refused(Engine.noLeaderMessage))
        #expect(engine.apply(.promote(node: "worker-1")) == .refused(Engine.noLeaderMessage))
        // Tasks on live nodes keep running.
        let alive = engine.running("web").filter { t in
            let host = engine.cluster.nodes[t.nodeID ?? ""]?.description.hostname ?? ""
            return host != "manager-1" && host != "manager-2"
        }
        #expect(!alive.isEmpty)

        engine.apply(.nodeUp(node: "manager-2"))
        engine.advance(by: .seconds(30))
        #expect(engine.leaderID != nil)
        #expect(engine.apply(.scale(service: "web", replicas: 8)) == .accepted)
        engine.advance(by: .seconds(60))
        #expect(engine.running("web").count == 8)
    }

    @Test func theLeaderStepsDownWhenTheOtherManagersGoDown() {
        var engine = Fixture.engine(managers: 3, workers: 2, services: [Fixture.service("web", replicas: 2)])
        engine.advance(by: .seconds(20))
        #expect(engine.node("manager-1").managerStatus?.leader == true)
        engine.apply(.nodeDown(node: "manager-2"))
        engine.apply(.nodeDown(node: "manager-3"))
        engine.advance(by: .seconds(30))
        // manager-1 is alive but alone: one of three is no majority, so it cannot stay leader.
        #expect(engine.leaderID == nil)
        #expect(engine.node("manager-1").managerStatus?.leader == false)
        #expect(engine.apply(.scale(service: "web", replicas: 3)) == .refused(Engine.noLeaderMessage))
        engine.apply(.nodeUp(node: "manager-3"))
        engine.advance(by: .seconds(30))
        #expect(engine.leaderID != nil)
        #expect(engine.apply(.scale(service: "web", replicas: 3)) == .accepted)
    }

    @Test func demotingTheLeaderHandsLeadershipToAnotherManager() {
        var engine = Fixture.engine(managers: 3, workers: 0)
        #expect(engine.apply(.demote(node: "manager-1")) == .accepted)
        engine.advance(by: .seconds(10))
        let leader = engine.leaderID.flatMap { engine.cluster.nodes[$0] }
        #expect(leader?.description.hostname == "manager-2" || leader?.description.hostname == "manager-3")
        #expect(engine.node("manager-1").spec.role == .worker)
    }
}
