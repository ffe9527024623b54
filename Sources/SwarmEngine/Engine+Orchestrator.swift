import SwarmModel

/// The replicated and global orchestrators, the restart supervisor and the task reaper.
extension Engine {
    /// Creates a service; its tasks follow when the orchestrator settles.
    mutating func createService(_ spec: ServiceSpec) -> ServiceID {
        let id = ServiceID(makeID())
        let service = Service(id: id, version: nextIndex(), createdAt: now, updatedAt: now, spec: spec)
        cluster.upsert(service)
        emit(.serviceCreated(service))
        dirtyServices.insert(id)
        return id
    }

    /// Removes a service: every task is told to go (`remove`) and is deleted once stopped.
    mutating func removeService(_ id: ServiceID) {
        guard let service = cluster.services[id] else { return }
        updates[id] = nil
        pending[id] = nil
        templates[id] = nil
        placementViews[id] = nil
        recentFailures[id] = nil
        restartTimes = restartTimes.filter { $0.key.serviceID != id }
        cluster.removeService(id)
        emit(.serviceRemoved(service))
        for taskID in cluster.taskIDs(ofService: id).sorted() { setDesired(taskID, .remove) }
        schedulerDirty = true
    }

    /// Brings a service's tasks in line with its spec.
    mutating func reconcile(_ id: ServiceID) {
        guard let service = cluster.services[id] else { return }
        switch service.spec.mode {
        case .replicated(let replicas): reconcileReplicated(service, replicas: replicas)
        case .global: reconcileGlobal(service)
        }
    }

    private mutating func reconcileReplicated(_ service: Service, replicas: Int) {
        // Group the live tasks (desired state running or ready) by slot.
        var live: [Int: [Task]] = [:]
        for h in cluster.taskHandles(ofService: service.id) where cluster.taskPhase(at: h)?.desired ?? .remove <= .running {
            guard let t = cluster.readTask(at: h, { $0 }), let slot = t.slot else { continue }
            live[slot, default: []].append(t)
        }
        // Oldest first within a slot, whatever order the set gave them in: what is done to a
        // slot's tasks below must not depend on the hash seed of the process.
        for slot in live.keys where live[slot]!.count > 1 {
            live[slot]!.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
        for slot in live.keys.sorted() where live[slot]?.allSatisfy({ $0.state.isTerminal }) == true {
            considerRestart(.replicated(service.id, slot))
        }
        if live.count < replicas {
            var slot = 1
            for _ in 0..<(replicas - live.count) {
                while live[slot] != nil { slot += 1 }
                live[slot] = []
                createTask(for: service, slot: slot, node: nil, desired: .running)
            }
        } else if live.count > replicas {
            removeSurplus(of: service, live: live, keep: replicas)
        }
    }

    /// Scale-down: prefer to remove slots whose task is not running, then copies on the nodes
    /// that hold the most copies of the service, then higher slots.
    private mutating func removeSurplus(of service: Service, live: [Int: [Task]], keep: Int) {
        struct Candidate { var slot: Int; var running: Bool; var copyIndex: Int }
        var copies: [NodeID: Int] = [:]
        var candidates: [Candidate] = []
        for slot in live.keys.sorted() {
            let tasks = live[slot] ?? []
            let running = tasks.contains { $0.state == .running }
            var copyIndex = Int.max
            if let node = tasks.last(where: { $0.nodeID != nil })?.nodeID {
                copies[node, default: 0] += 1
                copyIndex = copies[node] ?? 1
            }
            candidates.append(Candidate(slot: slot, running: running, copyIndex: copyIndex))
        }
        candidates.sort {
            if $0.running != $1.running { return $0.running }
            if $0.copyIndex != $1.copyIndex { return $0.copyIndex < $1.copyIndex }
            return $0.slot < $1.slot
        }
        for c in candidates.dropFirst(keep) {
            for t in live[c.slot] ?? [] { setDesired(t.id, .remove) }
        }
    }

    private mutating func reconcileGlobal(_ service: Service) {
        for nodeID in cluster.nodeOrder {
            guard let node = cluster.nodes[nodeID] else { continue }
            let key = SlotKey.global(service.id, nodeID)
            let live = cluster.tasks(inSlot: key).filter { $0.desiredState <= .running }
            let eligible = node.spec.availability != .drain && node.status.state != .down
                && Engine.constraintsHold(service.spec.taskTemplate.placement?.constraints ?? [], on: node)
            if !eligible {
                for t in live { setDesired(t.id, .shutdown) }
            } else if live.isEmpty {
                // A paused node keeps what it has but gets nothing new.
                if node.spec.availability == .active { createTask(for: service, slot: nil, node: nodeID, desired: .running) }
            } else if live.allSatisfy({ $0.state.isTerminal }) {
                considerRestart(key)
            }
        }
    }

    /// The restart supervisor: the slot's live task has stopped on its own; start a replacement
    /// if the restart policy allows (condition, max attempts within the window), after its delay.
    mutating func considerRestart(_ key: SlotKey) {
        guard leader != nil, let policy = cluster.readService(key.serviceID, { $0.spec.taskTemplate.restartPolicy ?? RestartPolicy() })
        else { return }
        // The slot's live tasks (desired running or ready), by their states alone: this runs
        // whenever a task stops, and the slot's old tasks need not be read at all.
        var live: [TaskHandle] = []
        var lastState = TaskState.new
        for id in cluster.taskHandles(inSlot: key) {
            guard let phase = cluster.taskPhase(at: id), phase.desired <= .running else { continue }
            guard phase.state.isTerminal else { return }
            live.append(id)
            lastState = phase.state
        }
        guard !live.isEmpty else { return }
        switch policy.condition {
        case .none: return
        case .onFailure where lastState == .complete: return
        default: break
        }
        if case .global(_, let nodeID) = key {
            guard let node = cluster.nodes[nodeID], node.spec.availability != .drain, node.status.state != .down else { return }
        }
        // Restart times are kept only when attempts are limited (and then at most that many):
        // kept for every restart of an unlimited policy, they grew without end in a crash loop.
        if policy.maxAttempts > 0 {
            var times = restartTimes.removeValue(forKey: key) ?? []
            if policy.window > 0 { times.removeAll { now - $0 > .nanoseconds(policy.window) } }
            guard times.count < policy.maxAttempts else {
                restartTimes[key] = times
                return
            }
            times.append(now)
            restartTimes[key] = times
        }
        for id in live { setDesired(at: id, .shutdown) }
        // The template is the one box its tasks share: a copy of the whole service, or even
        // of the spec, would cost more than the rest of a restart.
        guard let template = sharedTemplate(ofService: key.serviceID) else { return }
        startReplacement(in: key, template: template, after: nil, delay: .nanoseconds(policy.delay))
    }

    /// Creates the slot's next task, held at desired `ready` until `after` has stopped and
    /// `delay` has passed (started at once when there is nothing to wait for).
    @discardableResult
    mutating func startReplacement(in key: SlotKey, of service: Service, after: TaskHandle?, delay: Duration) -> TaskHandle {
        startReplacement(in: key, template: sharedTemplate(of: service), after: after, delay: delay)
    }

    /// Creates the slot's next task with this spec (see `startReplacement(in:of:after:delay:)`).
    @discardableResult
    mutating func startReplacement(in key: SlotKey, template: SharedTaskSpec, after: TaskHandle?, delay: Duration) -> TaskHandle {
        let slot: Int?
        let node: NodeID?
        switch key {
        case .replicated(_, let s): (slot, node) = (s, nil)
        case .global(_, let n): (slot, node) = (nil, n)
        }
        if after == nil && delay <= .zero {
            return createTask(of: key.serviceID, template: template, slot: slot, node: node, desired: .running)
        }
        let h = createTask(of: key.serviceID, template: template, slot: slot, node: node, desired: .ready)
        hold(h, after: after, notBefore: now + delay)
        return h
    }

    /// A task on a node that went down or was removed: shut it down and, for a replicated
    /// service, start a replacement after the restart delay (whatever the restart condition).
    mutating func replaceLostTask(_ task: Task) {
        if let h = cluster.handle(of: task.id), let waiting = heldBy.removeValue(forKey: h) { checkRelease(waiting) }
        guard task.desiredState <= .running else { return }
        setDesired(task.id, .shutdown)
        guard let service = cluster.services[task.serviceID], case .replicated = service.spec.mode, let key = task.slotKey else { return }
        let delay = Duration.nanoseconds((service.spec.taskTemplate.restartPolicy ?? RestartPolicy()).delay)
        startReplacement(in: key, of: service, after: nil, delay: delay)
    }

    /// The node is down: its tasks are replaced elsewhere.
    mutating func restartTasks(onDownNode id: NodeID) {
        for task in cluster.tasks(onNode: id) where task.desiredState <= .running { replaceLostTask(task) }
        // Holds waiting for tasks there will never see them stop: let them go.
        for task in cluster.tasks(onNode: id) {
            if let h = cluster.handle(of: task.id), let waiting = heldBy.removeValue(forKey: h) { checkRelease(waiting) }
        }
    }

    /// Holds a replacement at desired `ready`.
    mutating func hold(_ h: TaskHandle, after: TaskHandle?, notBefore: Timestamp) {
        holds[h] = Hold(after: after, notBefore: notBefore)
        if let after { heldBy[after] = h }
        if notBefore > now { schedule(at: notBefore, .release(h)) }
        checkRelease(h)
    }

    /// Releases a held replacement (desired → running) once its delay is over and its
    /// predecessor has stopped (or can never report stopping: its node is down or gone).
    mutating func checkRelease(_ h: TaskHandle) {
        guard let hold = holds[h] else { return }
        guard let desired = cluster.taskPhase(at: h)?.desired, desired <= .running else {
            holds[h] = nil
            return
        }
        guard now >= hold.notBefore else { return }
        if let after = hold.after, let oldState = cluster.taskPhase(at: after)?.state, !oldState.isTerminal,
           let node = cluster.readTask(at: after, { $0.nodeID }) ?? nil, sims[node]?.alive == true, cluster.nodes[node]?.status.state != .down {
            heldBy[after] = h
            return
        }
        holds[h] = nil
        if desired == .ready { setDesired(at: h, .running) }
    }

    /// Keeps at most `taskHistoryLimit` tasks in a slot, deleting the oldest stopped ones.
    mutating func pruneHistory(of key: SlotKey?) {
        guard let key else { return }
        let handles = cluster.taskHandles(inSlot: key)
        guard handles.count > Engine.taskHistoryLimit else { return }
        var excess = handles.count - Engine.taskHistoryLimit
        // The newest task is the slot's live one: never delete it.
        for h in handles.dropLast() where excess > 0 {
            guard cluster.taskPhase(at: h)?.state.isTerminal == true else { continue }
            deleteTask(at: h)
            excess -= 1
        }
    }

    /// A task told to go (`remove`) has stopped: delete it, and the slot's history with it
    /// when the slot itself is gone.
    mutating func reapRemoved(_ task: TaskSummary) {
        let key = task.slotKey
        deleteTask(at: task.handle)
        guard let key else { return }
        let rest = cluster.tasks(inSlot: key)
        if !rest.contains(where: { $0.desiredState <= .running }) {
            for t in rest where t.state.isTerminal { deleteTask(t.id) }
        }
    }
}
