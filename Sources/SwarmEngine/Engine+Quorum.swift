import SwarmModel

extension Engine {
    /// Raft members, and how many of them are alive.
    func raftCounts() -> (members: Int, reachable: Int) {
        var members = 0, reachable = 0
        for sim in sims.values where sim.raftMember {
            members += 1
            if sim.alive { reachable += 1 }
        }
        return (members, reachable)
    }

    /// The managers, their quorum and fault tolerance, as the dashboard header shows them.
    public var managerSummary: (managers: Int, reachable: Int, quorum: Int, faultTolerance: Int) {
        let (members, reachable) = raftCounts()
        return (members, reachable, members / 2 + 1, max(0, (members - 1) / 2))
    }

    /// Makes `id` the leader.
    mutating func becomeLeader(_ id: NodeID, announce: Bool) {
        leader = id
        changeNode(id) {
            $0.managerStatus?.leader = true
            $0.managerStatus?.reachability = .reachable
        }
        guard announce else { return }
        // The new leader's dispatcher knows no node yet: all are unknown until they reconnect.
        for nodeID in cluster.nodeOrder {
            guard let node = cluster.nodes[nodeID], let sim = sims[nodeID] else { continue }
            if node.status.state == .down { continue }
            changeNode(nodeID) {
                $0.status.state = .unknown
                $0.status.message = "Node moved to \"unknown\" state due to leadership change in cluster"
            }
            if sim.alive {
                schedule(after: rng.jitter(.seconds(2), spread: 0.9), .reconnect(nodeID, generation: sim.generation))
            } else {
                schedule(after: Engine.heartbeatTimeout, .heartbeat(nodeID, generation: sim.generation))
            }
        }
        // The orchestrators start over on a new leader and look at every service.
        for id in cluster.serviceOrder { dirtyServices.insert(id) }
        schedulerDirty = true
    }

    /// Raft noticed that a manager stopped answering.
    mutating func raftNoticedDown(_ id: NodeID, generation: Int) {
        guard let sim = sims[id], sim.generation == generation, !sim.alive else { return }
        changeNode(id) {
            $0.managerStatus?.reachability = .unreachable
            $0.managerStatus?.leader = false
        }
        if leader == id {
            leader = nil
            scheduleElection()
        } else if let current = leader, !hasQuorum {
            // The leader can no longer reach a majority: raft's check-quorum makes it step
            // down, and with no quorum no one can be elected until managers come back.
            leader = nil
            changeNode(current) { $0.managerStatus?.leader = false }
        }
    }

    /// A manager's daemon is back: it is reachable again and may let the cluster regain quorum.
    mutating func managerRejoined(_ id: NodeID) {
        guard cluster.nodes[id]?.role == .manager else { return }
        sims[id]?.raftMember = true
        changeNode(id) {
            if $0.managerStatus == nil { $0.managerStatus = ManagerStatus(leader: false, reachability: .reachable, addr: ($0.status.addr ?? "") + ":2377") }
            $0.managerStatus?.reachability = .reachable
        }
        if leader == nil { scheduleElection() }
    }

    /// Starts an election that ends in one to three seconds, if a quorum can hold one.
    mutating func scheduleElection() {
        guard leader == nil, hasQuorum, !electionScheduled else { return }
        electionScheduled = true
        electionGeneration += 1
        schedule(after: rng.jitter(.seconds(2), spread: 0.5), .election(generation: electionGeneration))
    }

    /// The election is over: a reachable member becomes leader if quorum still holds.
    mutating func electionEnded(generation: Int) {
        guard generation == electionGeneration else { return }
        electionScheduled = false
        guard leader == nil, hasQuorum else { return }
        let candidates = cluster.nodeOrder.filter { sims[$0]?.raftMember == true && sims[$0]?.alive == true }
        guard !candidates.isEmpty else { return }
        let winner = candidates[Int(rng.next() % UInt64(candidates.count))]
        becomeLeader(winner, announce: true)
    }

    /// `docker node promote`.
    mutating func promote(_ id: NodeID) {
        guard let node = cluster.nodes[id], node.spec.role != .manager else { return }
        let alive = sims[id]?.alive == true
        changeNode(id) {
            $0.spec.role = .manager
            $0.managerStatus = ManagerStatus(leader: false, reachability: alive ? .reachable : .unknown, addr: ($0.status.addr ?? "") + ":2377")
        }
        // A node joins the raft cluster when it is there to join it.
        if alive { sims[id]?.raftMember = true }
        nodeChangedForPlacement()
    }

    /// `docker node demote`, with swarmkit's two refusals.
    mutating func demote(_ id: NodeID) -> ActionOutcome {
        guard let node = cluster.nodes[id] else { return .refused(Engine.noSuchNode(id.rawValue)) }
        guard node.spec.role == .manager else { return .accepted }
        let managers = cluster.nodeOrder.filter { cluster.nodes[$0]?.spec.role == .manager }
        if managers.count == 1 {
            return .refused("rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm")
        }
        if sims[id]?.raftMember == true {
            // swarmkit's CanRemoveMember: the members left must still have a quorum of reachable ones.
            let members = sims.filter { $0.value.raftMember }
            let reachableOthers = members.filter { $0.key != id && $0.value.alive }.count
            if reachableOthers < (members.count - 1) / 2 + 1 {
                return .refused(
                    "rpc error: code = FailedPrecondition desc = can't remove member from the raft: this would result in a loss of quorum")
            }
        }
        let wasLeader = leader == id
        sims[id]?.raftMember = false
        changeNode(id) {
            $0.spec.role = .worker
            $0.managerStatus = nil
        }
        if wasLeader {
            // Leadership moves to another manager after a short election.
            leader = nil
            scheduleElection()
        }
        nodeChangedForPlacement()
        return .accepted
    }
}
