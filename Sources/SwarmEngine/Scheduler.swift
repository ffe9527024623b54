import HeapModule
import SwarmModel

/// The scheduler: places pending tasks on nodes, one batch per service, as swarmkit's does.
extension Engine {
    /// Schedules every service that has pending tasks, in service creation order.
    mutating func runScheduler() {
        for id in cluster.serviceOrder where pending[id]?.isEmpty == false { scheduleService(id) }
        for id in Array(pending.keys) where cluster.services[id] == nil { pending[id] = nil }
    }

    /// A node that can take a task of the batch, ordered by swarmkit's choice rule: nodes where
    /// the service keeps failing last, then fewest tasks of the service, then fewest tasks overall.
    struct Candidate: Comparable {
        var failing: Bool
        var serviceTasks: Int
        var allTasks: Int
        var order: Int
        var node: NodeID

        static func < (a: Self, b: Self) -> Bool {
            if a.failing != b.failing { return !a.failing }
            if a.serviceTasks != b.serviceTasks { return a.serviceTasks < b.serviceTasks }
            if a.allTasks != b.allTasks { return a.allTasks < b.allTasks }
            return a.order < b.order
        }
    }

    private mutating func scheduleService(_ id: ServiceID) {
        guard let service = cluster.services[id] else {
            pending[id] = nil
            return
        }
        let waiting = (pending[id] ?? []).filter {
            guard let t = cluster.tasks[$0] else { return false }
            return t.state == .pending && t.desiredState <= .running && (t.nodeID == nil || service.spec.mode == .global)
        }
        guard !waiting.isEmpty else {
            pending[id] = nil
            return
        }
        let constraints = Constraint.parseAll(service.spec.taskTemplate.placement?.constraints ?? [])
        let maxReplicas = service.spec.taskTemplate.placement?.maxReplicas ?? 0
        let spread = (service.spec.taskTemplate.placement?.preferences ?? []).map(\.spreadDescriptor)

        var unplaced: [TaskID] = []
        // Global tasks come with their node: check that one node.
        var floating: [TaskID] = []
        for taskID in waiting {
            guard let task = cluster.tasks[taskID] else { continue }
            guard let node = task.nodeID else {
                floating.append(taskID)
                continue
            }
            let reservation = task.spec.reservations
            if let n = cluster.nodes[node], firstFailure(on: n, service: id, reservation: reservation, constraints: constraints, maxReplicas: maxReplicas) == nil {
                assign(taskID, to: node)
            } else {
                unplaced.append(taskID)
                setPendingReason(taskID, explain(service: id, reservation: reservation, constraints: constraints, maxReplicas: maxReplicas, nodes: [node]))
            }
        }

        // Replicated tasks: group by reservation (tasks of one spec share one).
        var groups: [(Resources, [TaskID])] = []
        for taskID in floating {
            let r = cluster.tasks[taskID]?.spec.reservations ?? Resources()
            if let i = groups.firstIndex(where: { $0.0 == r }) { groups[i].1.append(taskID) } else { groups.append((r, [taskID])) }
        }
        for (reservation, tasks) in groups {
            var tree = SpreadBranch()
            for nodeID in cluster.nodeOrder {
                guard let node = cluster.nodes[nodeID], node.acceptsNewTasks, Constraint.allHold(constraints, on: node) else { continue }
                let c = candidate(nodeID, service: id)
                let fits = fitsDynamically(node, service: id, reservation: reservation, maxReplicas: maxReplicas)
                tree.put(c, path: spread.map { Engine.spreadValue($0, of: node) }[...], addCount: c.serviceTasks, reinsert: fits)
            }
            var remaining = tasks[...]
            while let taskID = remaining.first, let (best, path) = tree.take() {
                remaining = remaining.dropFirst()
                assign(taskID, to: best.node)
                guard let node = cluster.nodes[best.node] else { continue }
                var next = best
                next.serviceTasks += 1
                next.allTasks += 1
                let fits = fitsDynamically(node, service: id, reservation: reservation, maxReplicas: maxReplicas)
                tree.put(next, path: path[...], addCount: 1, reinsert: fits)
            }
            if !remaining.isEmpty {
                let reason = explain(service: id, reservation: reservation, constraints: constraints, maxReplicas: maxReplicas, nodes: cluster.nodeOrder)
                for taskID in remaining {
                    unplaced.append(taskID)
                    setPendingReason(taskID, reason)
                }
            }
        }
        pending[id] = unplaced.isEmpty ? nil : unplaced
    }

    private func candidate(_ node: NodeID, service: ServiceID) -> Candidate {
        // Only the last `failureThreshold` failures are kept: the node is failing when the
        // oldest of them is recent enough.
        let failures = recentFailures[service]?[node] ?? []
        let failing = failures.count >= Engine.failureThreshold && (failures.first.map { now - $0 <= Engine.failureWindow } ?? false)
        return Candidate(
            failing: failing, serviceTasks: activeOfServiceOnNode[service]?[node] ?? 0, allTasks: activeOnNode[node] ?? 0,
            order: sims[node]?.order ?? 0, node: node)
    }

    private mutating func assign(_ taskID: TaskID, to node: NodeID) {
        let now = self.now
        changeTask(taskID) { t in
            t.nodeID = node
            t.status = TaskStatus(timestamp: now, state: .assigned, message: "scheduler assigned task to node")
        }
        armAgent(taskID, after: rng.jitter(Engine.agentStepTime, spread: 0.5))
    }

    private mutating func setPendingReason(_ taskID: TaskID, _ reason: String) {
        guard let t = cluster.tasks[taskID], t.status.err != reason else { return }
        changeTask(taskID) { $0.status.err = reason }
    }
}

/// The nodes of a batch, as a tree of spread-preference values with a heap of candidates at
/// each leaf. Without preferences it is a single leaf: a heap.
struct SpreadBranch {
    /// The service's active tasks on the nodes below.
    var count = 0
    /// Candidates below that can still take a task.
    var size = 0
    var children: [String: SpreadBranch] = [:]
    var heap = Heap<Engine.Candidate>()

    /// Adds `addCount` tasks along `path`, and the candidate itself if `reinsert`.
    mutating func put(_ c: Engine.Candidate, path: ArraySlice<String>, addCount: Int, reinsert: Bool) {
        count += addCount
        if reinsert { size += 1 }
        if let first = path.first {
            children[first, default: SpreadBranch()].put(c, path: path.dropFirst(), addCount: addCount, reinsert: reinsert)
        } else if reinsert {
            heap.insert(c)
        }
    }

    /// Takes the best candidate: down the branch with the fewest tasks of the service (ties by
    /// value), then the best node of the leaf. Returns it with its path.
    /// - Complexity: O(depth × branching + log n).
    mutating func take() -> (Engine.Candidate, [String])? {
        guard size > 0 else { return nil }
        if children.isEmpty {
            guard let c = heap.popMin() else { return nil }
            size -= 1
            return (c, [])
        }
        var bestKey: String?
        var bestCount = Int.max
        for (key, child) in children where child.size > 0 {
            if child.count < bestCount || (child.count == bestCount && key < (bestKey ?? key)) {
                bestKey = key
                bestCount = child.count
            }
        }
        guard let key = bestKey, let (c, path) = children[key]?.take() else { return nil }
        size -= 1
        return (c, [key] + path)
    }
}
