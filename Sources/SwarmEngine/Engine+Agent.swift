import SwarmModel

/// The agent on each node: takes assigned tasks through accepted → preparing → ready →
/// starting → running, up to their desired state, stops them when told, and reports exits.
extension Engine {
    /// Delay between the agent's quick steps (accept, prepare, start) that involve no real work.
    static let agentStepTime: Duration = .milliseconds(100)
    /// `agentStepTime` in nanoseconds.
    static let agentStepNanoseconds: Int64 = 100_000_000

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
        // Read from the task's phase alone (states, node, image), not from the task: this
        // runs for every step of every task.
        guard let phase = cluster.taskPhase(at: id), phase.state == expected, !phase.state.isTerminal, phase.state >= .assigned
        else { return }
        guard let node = placementIndex(ofNodeNumber: phase.node), placement[node].agentAlive else { return }
        if phase.desired > .running {
            setState(at: id, .shutdown, message: "shutdown")
            return
        }
        let image = Int(phase.tag)
        let timing = imageTable[image].timing
        switch phase.state {
        case .assigned:
            setState(at: id, .accepted, message: "accepted")
            schedule(afterNanoseconds: rng.jitter(nanoseconds: Engine.agentStepNanoseconds, spread: 0.5), .agent(id, expected: .accepted))
        case .accepted:
            setState(at: id, .preparing, message: "preparing")
            let pulled = node < self.pulled.count && image < self.pulled[node].count && self.pulled[node][image]
            let delay = pulled ? rng.jitter(nanoseconds: Engine.agentStepNanoseconds, spread: 0.5) : rng.jitter(nanoseconds: timing.pull)
            schedule(afterNanoseconds: delay, .agent(id, expected: .preparing))
        case .preparing:
            let behavior = imageTable[image].behavior
            if behavior.missingEverywhere
                || (!behavior.missingOn.isEmpty && behavior.missingOn.contains(cluster.nodes[placement[node].id]?.description.hostname ?? "")) {
                setState(at: id, .rejected, message: "preparing", err: "No such image: \(imageTable[image].name)")
                return
            }
            notePulled(image: image, onNode: node)
            setState(at: id, .ready, message: "prepared")
            if phase.desired >= .running {
                schedule(afterNanoseconds: rng.jitter(nanoseconds: Engine.agentStepNanoseconds, spread: 0.5), .agent(id, expected: .ready))
            }
        case .ready:
            // A replacement held at desired `ready` waits here until it is released.
            guard phase.desired >= .running else { return }
            setState(at: id, .starting, message: "starting")
            schedule(afterNanoseconds: rng.jitter(nanoseconds: timing.start), .agent(id, expected: .starting))
        case .starting:
            setState(at: id, .running, message: "started")
            armExit(id, timing: timing)
        default:
            break
        }
    }

    /// Notes that the node (by placement index) has the image (by index) now.
    private mutating func notePulled(image: Int, onNode node: Int) {
        if node >= pulled.count { pulled.append(contentsOf: repeatElement([], count: node + 1 - pulled.count)) }
        if image >= pulled[node].count { pulled[node].append(contentsOf: repeatElement(false, count: image + 1 - pulled[node].count)) }
        pulled[node][image] = true
    }

    /// Decides now when (if ever) the running task's process exits by itself.
    private mutating func armExit(_ id: TaskHandle, timing: ImageTiming) {
        var exitAfter: Int64?
        var crashes = false
        if let mean = timing.crashMean {
            exitAfter = rng.exponential(meanNanoseconds: mean)
            crashes = true
        }
        if let runFor = timing.runFor, exitAfter.map({ runFor < $0 }) ?? true {
            exitAfter = runFor
            crashes = false
        }
        if let exitAfter { schedule(afterNanoseconds: exitAfter, .exit(id, crashed: crashes)) }
    }

    /// The task's process exited by itself.
    mutating func processExited(_ id: TaskHandle, crashed: Bool) {
        guard let phase = cluster.taskPhase(at: id), phase.state == .running,
              let node = placementIndex(ofNodeNumber: phase.node), placement[node].agentAlive else { return }
        if !crashed {
            setState(at: id, .complete, message: "finished", exitCode: 0)
        } else {
            // A crash exits with the image's code (never 0: a crash is a failure). Images never
            // change during a run, so this is the code the crash was armed with.
            let exitCode = imageTable[Int(phase.tag)].behavior.exitCode
            let code = exitCode == 0 ? 1 : exitCode
            setState(at: id, .failed, message: "started", err: Engine.exitError(code), exitCode: code)
        }
    }

    /// The error of a task whose process exited with `code`, as the agent words it. The common
    /// codes' texts are made once: a crash loop would otherwise format one for every crash.
    static func exitError(_ code: Int) -> String {
        code >= 0 && code < commonExitErrors.count ? commonExitErrors[code] : "task: non-zero exit (\(code))"
    }

    private static let commonExitErrors = (0..<256).map { "task: non-zero exit (\($0))" }

    /// The orchestrator changed what the task should do.
    mutating func desiredStateChanged(_ task: TaskSummary, from old: TaskState) {
        if task.desiredState > .running {
            holds[task.handle] = nil
            if task.nodeID == nil || task.state < .assigned {
                // Never reached a node: nobody has to stop it.
                if task.desiredState == .remove { deleteTask(at: task.handle) } else if !task.state.isTerminal {
                    setState(at: task.handle, .shutdown, message: "shutdown")
                }
                return
            }
            if !task.state.isTerminal && agentAlive(for: task) {
                var stop = Engine.agentStepTime
                if task.state == .running {
                    let image = cluster.readTask(at: task.handle, { $0.spec.image }) ?? ""
                    stop = images.behavior(of: image).stopTime
                }
                armAgent(at: task.handle, after: rng.jitter(stop, spread: 0.3))
            }
            if task.desiredState == .remove && task.state.isTerminal { reapRemoved(task) }
        } else if task.desiredState == .running, old < .running, task.state == .ready, agentAlive(for: task) {
            // Released from a hold: start it.
            armAgent(at: task.handle, after: rng.jitter(Engine.agentStepTime, spread: 0.5))
        }
    }

    /// A node reconnected: its agent carries on with every unfinished task, stopping those it
    /// should stop.
    mutating func resumeAgent(on node: NodeID) {
        for task in cluster.tasks(onNode: node) where !task.state.isTerminal && task.state >= .assigned {
            armAgent(task.id, after: rng.jitter(Engine.agentStepTime, spread: 0.5))
            if task.state == .running && task.desiredState <= .running {
                if let h = cluster.handle(of: task.id) { armExit(h, timing: ImageTiming(images.behavior(of: task.spec.image))) }
            }
        }
    }

    /// A task reached a terminal state (by itself, or because it was stopped).
    mutating func taskStopped(_ task: TaskSummary) {
        if task.state == .failed || task.state == .rejected, let node = task.nodeID, let i = placementIndex[node] {
            recentFailures[task.serviceID, default: []].recordFailure(at: now, onNode: i)
        }
        if !heldBy.isEmpty, let waiting = heldBy.removeValue(forKey: task.handle) { checkRelease(waiting) }
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
