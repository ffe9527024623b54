import SwarmModel

/// The agent on each node: takes assigned tasks through accepted → preparing → ready →
/// starting → running, up to their desired state, stops them when told, and reports exits.
extension Engine {
    /// Delay between the agent's quick steps (accept, prepare, start) that involve no real work.
    static let agentStepTime: Duration = .milliseconds(100)

    /// Whether the agent of the task's node is alive to act on it. Mutating only so that it
    /// reads the engine in place: called from mutating code, a non-mutating method of the
    /// engine is handed a copy of it.
    private mutating func agentAlive(for task: TaskSummary) -> Bool {
        guard let node = task.nodeID, let sim = sims[node] else { return false }
        return sim.alive
    }

    /// Arms the agent's next step for a task in its current state.
    mutating func armAgent(_ id: TaskID, after delay: Duration) {
        guard let h = cluster.handle(of: id) else { return }
        armAgent(at: h, after: delay)
    }

    /// Arms the agent's next step for the task with this handle.
    mutating func armAgent(at handle: TaskHandle, after delay: Duration) {
        guard let state = cluster.readTask(at: handle, { $0.status.state }) else { return }
        schedule(after: delay, .agent(handle, expected: state))
    }

    /// The agent's next step for a task, if the task is still where the step was armed.
    mutating func agentStep(_ id: TaskHandle, expected: TaskState) {
        // Only the fields the step needs are read: this runs for every step of every task.
        guard let (state, desired, node, image) = cluster.readTask(at: id, { ($0.status.state, $0.desiredState, $0.nodeID, $0.spec.image) }),
              state == expected, !state.isTerminal, state >= .assigned, let nodeID = node, sims[nodeID]?.alive == true
        else { return }
        if desired > .running {
            setState(at: id, .shutdown, message: "shutdown")
            return
        }
        let behavior = images.behavior(of: image)
        switch state {
        case .assigned:
            setState(at: id, .accepted, message: "accepted")
            schedule(after: rng.jitter(Engine.agentStepTime, spread: 0.5), .agent(id, expected: .accepted))
        case .accepted:
            setState(at: id, .preparing, message: "preparing")
            let pulled = pulledImages[nodeID]?.contains(image) == true
            schedule(after: pulled ? rng.jitter(Engine.agentStepTime, spread: 0.5) : rng.jitter(behavior.pullTime), .agent(id, expected: .preparing))
        case .preparing:
            if behavior.missingEverywhere
                || (!behavior.missingOn.isEmpty && behavior.missingOn.contains(cluster.nodes[nodeID]?.description.hostname ?? "")) {
                setState(at: id, .rejected, message: "preparing", err: "No such image: \(image)")
                return
            }
            pulledImages[nodeID, default: []].insert(image)
            setState(at: id, .ready, message: "prepared")
            if desired >= .running { schedule(after: rng.jitter(Engine.agentStepTime, spread: 0.5), .agent(id, expected: .ready)) }
        case .ready:
            // A replacement held at desired `ready` waits here until it is released.
            guard desired >= .running else { return }
            setState(at: id, .starting, message: "starting")
            schedule(after: rng.jitter(behavior.startTime), .agent(id, expected: .starting))
        case .starting:
            setState(at: id, .running, message: "started")
            armExit(id, behavior: behavior)
        default:
            break
        }
    }

    /// Decides now when (if ever) the running task's process exits by itself.
    private mutating func armExit(_ id: TaskHandle, behavior: ImageBehavior) {
        var exitAfter: Duration?
        var crashes = false
        if behavior.crashRate > 0 {
            exitAfter = rng.exponential(mean: .nanoseconds(Int64(60e9 / behavior.crashRate)))
            crashes = true
        }
        if let runFor = behavior.runFor, exitAfter.map({ runFor < $0 }) ?? true {
            exitAfter = runFor
            crashes = false
        }
        if let exitAfter { schedule(after: exitAfter, .exit(id, crashed: crashes)) }
    }

    /// The task's process exited by itself.
    mutating func processExited(_ id: TaskHandle, crashed: Bool) {
        guard let (state, node, image) = cluster.readTask(at: id, { ($0.status.state, $0.nodeID, $0.spec.image) }), state == .running,
              let node, sims[node]?.alive == true
        else { return }
        if !crashed {
            setState(at: id, .complete, message: "finished", exitCode: 0)
        } else {
            // A crash exits with the image's code (never 0: a crash is a failure). Images never
            // change during a run, so this is the code the crash was armed with.
            let exitCode = images.behavior(of: image).exitCode
            let code = exitCode == 0 ? 1 : exitCode
            setState(at: id, .failed, message: "started", err: "task: non-zero exit (\(code))", exitCode: code)
        }
    }

    /// The orchestrator changed what the task should do.
    mutating func desiredStateChanged(_ task: TaskSummary, from old: TaskState) {
        if task.desiredState > .running {
            holds[task.id] = nil
            if task.nodeID == nil || task.state < .assigned {
                // Never reached a node: nobody has to stop it.
                if task.desiredState == .remove { deleteTask(task.id) } else if !task.state.isTerminal {
                    setState(task.id, .shutdown, message: "shutdown")
                }
                return
            }
            if !task.state.isTerminal && agentAlive(for: task) {
                var stop = Engine.agentStepTime
                if task.state == .running {
                    let image = cluster.readTask(task.id, { $0.spec.image }) ?? ""
                    stop = images.behavior(of: image).stopTime
                }
                armAgent(task.id, after: rng.jitter(stop, spread: 0.3))
            }
            if task.desiredState == .remove && task.state.isTerminal { reapRemoved(task) }
        } else if task.desiredState == .running, old < .running, task.state == .ready, agentAlive(for: task) {
            // Released from a hold: start it.
            armAgent(task.id, after: rng.jitter(Engine.agentStepTime, spread: 0.5))
        }
    }

    /// A node reconnected: its agent carries on with every unfinished task, stopping those it
    /// should stop.
    mutating func resumeAgent(on node: NodeID) {
        for task in cluster.tasks(onNode: node) where !task.state.isTerminal && task.state >= .assigned {
            armAgent(task.id, after: rng.jitter(Engine.agentStepTime, spread: 0.5))
            if task.state == .running && task.desiredState <= .running {
                if let h = cluster.handle(of: task.id) { armExit(h, behavior: images.behavior(of: task.spec.image)) }
            }
        }
    }

    /// A task reached a terminal state (by itself, or because it was stopped).
    mutating func taskStopped(_ task: TaskSummary) {
        if task.state == .failed || task.state == .rejected, let node = task.nodeID, let i = placementIndex[node] {
            recentFailures[task.serviceID, default: []].recordFailure(at: now, onNode: i)
        }
        if !heldBy.isEmpty, let waiting = heldBy.removeValue(forKey: task.id) { checkRelease(waiting) }
        if task.desiredState == .remove {
            reapRemoved(task)
            return
        }
        if task.desiredState <= .running, let key = task.slotKey {
            // It stopped on its own: the restart policy decides what happens to its slot.
            considerRestart(key)
        }
        pruneHistory(of: task.slotKey)
    }
}
