import SwarmModel

extension Engine {
    /// Adds a node to the cluster, ready at once. A manager joins the raft cluster.
    mutating func joinNode(_ template: NodeTemplate) -> NodeID {
        let id = NodeID(makeID())
        nodeSerial += 1
        let addr = "10.0.\(nodeSerial / 250).\(nodeSerial % 250 + 2)"
        var description = NodeDescription(hostname: template.hostname, resources: template.resources)
        description.engine.labels = template.engineLabels
        let node = Node(
            id: id, version: nextIndex(), createdAt: now, updatedAt: now,
            spec: NodeSpec(labels: template.labels, role: template.role, availability: template.availability),
            description: description,
            status: NodeStatus(state: .ready, addr: addr),
            managerStatus: template.role == .manager ? ManagerStatus(leader: false, reachability: .reachable, addr: "\(addr):2377") : nil)
        sims[id] = NodeSim(order: nodeSerial, raftMember: template.role == .manager)
        placementIndex[id] = placement.count
        placement.append(PlacementNode(id: id, accepts: node.acceptsNewTasks, capacity: node.description.resources))
        cluster.upsert(node)
        nodeEpoch += 1
        emit(.nodeCreated(node))
        nodeChangedForPlacement()
        return id
    }

    /// Something about nodes changed that may let pending tasks fit, or global services need.
    mutating func nodeChangedForPlacement() {
        schedulerDirty = true
        for id in cluster.serviceOrder where cluster.services[id]?.spec.mode == .global { dirtyServices.insert(id) }
    }

    /// `docker node update --availability`.
    mutating func setAvailability(_ id: NodeID, _ availability: NodeAvailability) {
        guard let node = cluster.nodes[id], node.spec.availability != availability else { return }
        changeNode(id) { $0.spec.availability = availability }
        if availability == .drain { drainTasks(on: id) }
        nodeChangedForPlacement()
    }

    /// Drain: every task on the node is told to shut down; a replicated task gets a replacement
    /// in the same slot, held at desired `ready` until the old task has stopped (no restart delay).
    mutating func drainTasks(on id: NodeID) {
        for task in cluster.tasks(onNode: id) where task.desiredState <= .running {
            guard let service = cluster.services[task.serviceID] else { continue }
            setDesired(task.id, .shutdown)
            if case .replicated = service.spec.mode, let slot = task.slot {
                let replacement = createTask(for: service, slot: slot, node: nil, desired: .ready)
                hold(replacement, after: task.state.isTerminal ? nil : cluster.handle(of: task.id), notBefore: now)
            }
        }
    }

    /// Sets whether the node's daemon runs, in both places the engine keeps it: `sims` (the
    /// managers' timers check it) and `placement` (the agent's steps do).
    private mutating func setAgentAlive(_ alive: Bool, on id: NodeID) {
        sims[id]?.alive = alive
        if let i = placementIndex[id] { placement[i].agentAlive = alive }
    }

    /// Fault injection: the node's daemon dies. Managers notice after missed heartbeats.
    mutating func nodeWentDown(_ id: NodeID) {
        guard var sim = sims[id] else { return }
        sim.generation += 1
        sim.downSince = now
        sims[id] = sim
        setAgentAlive(false, on: id)
        let gen = sim.generation
        // Heartbeats come every 5 s with some spread; the node is declared down after the
        // grace period counted from the last one.
        let sinceLast = Duration.nanoseconds(Int64(rng.unit() * 5e9))
        schedule(after: Engine.heartbeatTimeout - sinceLast, .heartbeat(id, generation: gen))
        if sim.raftMember { schedule(after: Engine.raftTimeout, .raftTimeout(id, generation: gen)) }
        schedule(after: Engine.orphanAfter, .orphan(id, generation: gen))
    }

    /// Fault injection: the node's daemon comes back and reconnects within a second or two.
    mutating func nodeCameUp(_ id: NodeID) {
        guard var sim = sims[id] else { return }
        sim.generation += 1
        sim.downSince = nil
        sims[id] = sim
        setAgentAlive(true, on: id)
        schedule(after: rng.jitter(.seconds(1), spread: 0.5), .reconnect(id, generation: sim.generation))
    }

    /// The managers have not heard from the node for the grace period: it is down, and its
    /// tasks are restarted elsewhere.
    mutating func heartbeatExpired(_ id: NodeID, generation: Int) {
        guard let sim = sims[id], sim.generation == generation, !sim.alive else { return }
        // Without a leader nobody records it; the next leader starts the count again.
        guard leader != nil else { return }
        guard let node = cluster.nodes[id], node.status.state != .down else { return }
        let message = node.status.state == .unknown ? "heartbeat failure for node in \"unknown\" state" : "heartbeat failure"
        changeNode(id) {
            $0.status.state = .down
            $0.status.message = message
        }
        restartTasks(onDownNode: id)
        nodeChangedForPlacement()
    }

    /// The node's daemon is talking to the managers again.
    mutating func nodeReconnected(_ id: NodeID, generation: Int) {
        guard let sim = sims[id], sim.generation == generation, sim.alive else { return }
        if sim.raftMember || cluster.nodes[id]?.role == .manager { managerRejoined(id) }
        guard leader != nil else { return }
        changeNode(id) {
            $0.status.state = .ready
            $0.status.message = nil
        }
        resumeAgent(on: id)
        nodeChangedForPlacement()
    }

    /// The node was down for 24 hours: its unfinished tasks are orphaned.
    mutating func orphanTasks(on id: NodeID, generation: Int) {
        guard let sim = sims[id], sim.generation == generation, !sim.alive, leader != nil else { return }
        for task in cluster.tasks(onNode: id) where !task.state.isTerminal && task.state >= .assigned {
            setState(task.id, .orphaned, message: "Task belonged to a node that has been down for 24 hours")
        }
    }

    /// `docker node rm`: refused for raft members, and for a ready node without force.
    mutating func removeNode(_ id: NodeID, force: Bool) -> ActionOutcome {
        guard let node = cluster.nodes[id] else { return .refused(Engine.noSuchNode(id.rawValue)) }
        if node.spec.role == .manager || sims[id]?.raftMember == true {
            return .refused(
                "rpc error: code = FailedPrecondition desc = node \(id) is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal")
        }
        if !force && node.status.state == .ready {
            return .refused("rpc error: code = FailedPrecondition desc = node \(id) is not down and can't be removed")
        }
        let tasks = cluster.tasks(onNode: id)
        cluster.removeNode(id)
        nodeEpoch += 1
        if let i = placementIndex[id] {
            placement[i].accepts = false
            placement[i].agentAlive = false
            if i < pulled.count { pulled[i] = [] }
        }
        sims[id] = nil
        emit(.nodeRemoved(node))
        // Replace first (from the tasks as they are now), then orphan: orphaning a task that
        // is still meant to run would also wake the restart supervisor.
        for task in tasks {
            if let current = cluster.tasks[task.id], current.desiredState <= .running { replaceLostTask(current) }
        }
        for task in tasks {
            if let current = cluster.tasks[task.id], !current.state.isTerminal, current.state >= .assigned {
                setState(current.id, .orphaned, message: "Task belonged to a node that has been deleted")
            }
        }
        nodeChangedForPlacement()
        return .accepted
    }
}
