import SwarmModel

/// A rolling update (or rollback) in progress for one service.
struct UpdateRun: Sendable {
    enum Worker: Sendable, Equatable {
        case idle
        /// Waiting for the new task to reach running (or stop); start-first keeps the old
        /// tasks to shut down once it runs.
        case waiting(TaskID, replacing: [TaskID])
        case delaying
    }

    var run: Int
    var config: UpdateConfig
    /// Every slot the run updates, and how many of them the workers have taken (taking one
    /// copies nothing, though `updates` holds the run too while a worker works on a copy).
    var slots: [SlotKey]
    var taken = 0
    var workers: [Worker]
    /// The tasks this update created, with the time each reached running.
    var started: [TaskID: Timestamp?] = [:]
    var failed: Set<TaskID> = []
    var stopped = false
}

extension Engine {
    /// `docker service update --image`: records the old spec and starts a rolling update.
    mutating func startUpdate(of id: ServiceID, to image: String) {
        guard let service = cluster.services[id], service.spec.taskTemplate.image != image else { return }
        let now = self.now
        changeService(id) { s in
            s.previousSpec = s.spec
            s.spec.taskTemplate.image = image
            s.updateStatus = UpdateStatus(state: .updating, startedAt: now, message: "update in progress")
        }
        beginRun(of: id, rollback: false)
    }

    /// Starts workers over every slot whose live task does not run the current spec.
    private mutating func beginRun(of id: ServiceID, rollback: Bool) {
        guard let service = cluster.services[id] else { return }
        endRun(of: id)
        let config = (rollback ? service.spec.rollbackConfig : service.spec.updateConfig) ?? UpdateConfig()
        var slots: [SlotKey] = []
        var seen: Set<SlotKey> = []
        for task in cluster.tasks(ofService: id) where task.desiredState <= .running {
            guard let key = task.slotKey, !seen.contains(key) else { continue }
            let live = cluster.tasks(inSlot: key).filter { $0.desiredState <= .running }
            if live.count > 1 || live.contains(where: { $0.spec != service.spec.taskTemplate }) {
                seen.insert(key)
                slots.append(key)
            }
        }
        slots.sort { a, b in
            switch (a, b) {
            case (.replicated(_, let x), .replicated(_, let y)): return x < y
            case (.global(_, let x), .global(_, let y)): return (sims[x]?.order ?? 0) < (sims[y]?.order ?? 0)
            default: return false
            }
        }
        updateRunSerial += 1
        let parallelism = config.parallelism == 0 ? max(1, slots.count) : config.parallelism
        updates[id] = UpdateRun(
            run: updateRunSerial, config: config, slots: slots,
            workers: Array(repeating: .idle, count: parallelism))
        if slots.isEmpty {
            completeUpdate(of: id)
            return
        }
        for w in 0..<parallelism { workerTakeNext(id, worker: w) }
    }

    private mutating func endRun(of id: ServiceID) {
        guard let run = updates.removeValue(forKey: id) else { return }
        for task in run.started.keys { watchedByUpdater[task] = nil }
    }

    /// A worker takes the next slot, or goes idle; when all are idle the last monitoring
    /// period starts.
    private mutating func workerTakeNext(_ id: ServiceID, worker w: Int) {
        guard var run = updates[id], !run.stopped, let service = cluster.services[id] else { return }
        guard run.taken < run.slots.count else {
            run.workers[w] = .idle
            updates[id] = run
            if run.workers.allSatisfy({ $0 == .idle }) {
                schedule(after: .nanoseconds(run.config.monitor), .updateMonitor(id, run: run.run))
            }
            return
        }
        let key = run.slots[run.taken]
        run.taken += 1
        let live = cluster.tasks(inSlot: key).filter { $0.desiredState <= .running }
        if let current = live.last(where: { $0.spec == service.spec.taskTemplate }) {
            // The slot already has a task with the new spec: keep it, stop the others.
            for t in live where t.id != current.id { setDesired(t.id, .shutdown) }
            if current.desiredState == .ready { setDesired(current.id, .running) }
            run.workers[w] = .delaying
            updates[id] = run
            schedule(after: .nanoseconds(run.config.delay), .updateWorker(id, run: run.run, worker: w))
            return
        }
        updates[id] = run
        let created: TaskHandle
        if run.config.order == .startFirst {
            created = startReplacement(in: key, of: service, after: nil, delay: .zero)
        } else {
            for t in live { setDesired(t.id, .shutdown) }
            let blocker = live.last(where: { !$0.state.isTerminal }).flatMap { cluster.handle(of: $0.id) }
            created = startReplacement(in: key, of: service, after: blocker, delay: .zero)
        }
        guard let newTask = cluster.readTask(at: created, { $0.id }) else { preconditionFailure("a task just created is stored") }
        // Creating the task may already have moved it on; keep what the callbacks recorded. The
        // run kept in `updates` goes first (nothing runs before it is put back): sharing its
        // task map with this copy, it would have the map copied whole for the new task.
        let recordedFailures = updates.removeValue(forKey: id)?.failed
        run.workers[w] = .waiting(newTask, replacing: run.config.order == .startFirst ? live.map(\.id) : [])
        run.started[newTask] = .some(nil)
        watchedByUpdater[newTask] = id
        if let recordedFailures { run.failed = recordedFailures }
        updates[id] = run
        if let task = cluster.readTask(at: created, { TaskSummary($0, handle: created) }), task.state >= .running {
            updaterSawTaskChange(task, id: newTask)
        }
    }

    /// A task the update created changed state: note when it runs, count failures, and move
    /// its worker on.
    mutating func updaterSawTaskChange(_ task: TaskSummary, id taskID: TaskID) {
        guard let id = watchedByUpdater[taskID], updates[id]?.stopped == false else { return }
        // Noted where the run is kept: on a copy, which shares its task map with it, the
        // note would copy the map whole (for each task of a rolling update).
        if task.state == .running, case .some(.none) = updates[id]?.started[taskID] { updates[id]?.started[taskID] = .some(now) }
        guard var run = updates[id] else { return }

        if task.state.isTerminal, run.config.failureAction != .continue, !run.failed.contains(taskID),
           case .some(let startedAt) = run.started[taskID],
           startedAt.map({ now - $0 <= .nanoseconds(run.config.monitor) }) ?? true {
            run.failed.insert(taskID)
            updates[id] = run
            if Double(run.failed.count) / Double(max(1, run.slots.count)) > run.config.maxFailureRatio {
                updateFailed(id, because: taskID)
                return
            }
        }
        guard task.state >= .running, let w = run.workers.firstIndex(where: {
            if case .waiting(let t, _) = $0 { return t == taskID }
            return false
        }) else { return }
        if case .waiting(_, let old) = run.workers[w], task.state == .running {
            for t in old { setDesired(t, .shutdown) }
        }
        guard var latest = updates[id], latest.run == run.run, !latest.stopped else { return }
        latest.workers[w] = .delaying
        updates[id] = latest
        schedule(after: .nanoseconds(run.config.delay), .updateWorker(id, run: run.run, worker: w))
    }

    /// The failure action: pause, or roll back (a rollback that fails pauses).
    private mutating func updateFailed(_ id: ServiceID, because task: TaskID) {
        guard var run = updates[id], let service = cluster.services[id] else { return }
        run.stopped = true
        updates[id] = run
        let inRollback = service.updateStatus?.state == .rollbackStarted
        switch run.config.failureAction {
        case .rollback where !inRollback && service.previousSpec != nil:
            changeService(id) { s in
                s.updateStatus?.state = .rollbackStarted
                s.updateStatus?.message = "update rolled back due to failure or early termination of task \(task)"
                if let previous = s.previousSpec { s.spec = previous }
                s.previousSpec = nil
            }
            beginRun(of: id, rollback: true)
        case .rollback:
            pauseUpdate(id, message: "rollback paused due to failure or early termination of task \(task)")
        default:
            pauseUpdate(id, message: "update paused due to failure or early termination of task \(task)")
        }
    }

    private mutating func pauseUpdate(_ id: ServiceID, message: String) {
        changeService(id) { s in
            let inRollback = s.updateStatus?.state == .rollbackStarted
            s.updateStatus?.state = inRollback ? .rollbackPaused : .paused
            s.updateStatus?.message = message
        }
    }

    private mutating func completeUpdate(of id: ServiceID) {
        endRun(of: id)
        let now = self.now
        changeService(id) { s in
            guard s.updateStatus != nil else { return }
            if s.updateStatus?.state == .rollbackStarted {
                s.updateStatus?.state = .rollbackCompleted
                s.updateStatus?.message = "rollback completed"
            } else {
                s.updateStatus?.state = .completed
                s.updateStatus?.message = "update completed"
            }
            s.updateStatus?.completedAt = now
        }
    }

    mutating func updateWorkerReady(_ id: ServiceID, run: Int, worker: Int) {
        // Looked at in place: a copy held through the call would share the run's task map.
        guard updates[id]?.run == run, updates[id]?.stopped == false else { return }
        workerTakeNext(id, worker: worker)
    }

    mutating func updateMonitorEnded(_ id: ServiceID, run: Int) {
        guard let current = updates[id], current.run == run, !current.stopped, current.taken == current.slots.count,
              current.workers.allSatisfy({ $0 == .idle })
        else { return }
        completeUpdate(of: id)
    }
}
