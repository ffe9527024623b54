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
    /// the service keeps failing last, then fewest tasks of the service, then fewest tasks overall
    /// (then join order, so runs are repeatable).
    struct Candidate: Comparable {
        var failing: Bool
        var serviceTasks: Int
        var allTasks: Int
        /// The node's index in `placement` (its join order).
        var index: Int

        static func < (a: Self, b: Self) -> Bool {
            if a.failing != b.failing { return !a.failing }
            if a.serviceTasks != b.serviceTasks { return a.serviceTasks < b.serviceTasks }
            if a.allTasks != b.allTasks { return a.allTasks < b.allTasks }
            return a.index < b.index
        }
    }

    private mutating func scheduleService(_ id: ServiceID) {
        guard let (isGlobal, placementSpec) = cluster.readService(id, { ($0.spec.mode == .global, $0.spec.taskTemplate.placement) }) else {
            pending[id] = nil
            return
        }
        // What the scheduler needs of each waiting task, read in place.
        var waiting: [(id: TaskHandle, node: NodeID?, reservation: Resources)] = []
        for handle in pending[id] ?? [] {
            guard let w = cluster.readTask(at: handle, { t -> (TaskHandle, NodeID?, Resources)? in
                guard t.status.state == .pending, t.desiredState <= .running, t.nodeID == nil || isGlobal else { return nil }
                return (handle, t.nodeID, t.spec.reservations)
            }), let w else { continue }
            waiting.append(w)
        }
        guard !waiting.isEmpty else {
            pending[id] = nil
            return
        }
        var rules = PlacementRules(placementSpec)
        rules.view = placementView(of: id, placement: placementSpec, rules: rules)
        var unplaced: [TaskHandle] = []
        // Global tasks come with their node: check that one node.
        var floating: [(TaskHandle, Resources)] = []
        for (taskID, taskNode, reservation) in waiting {
            guard let node = taskNode, let i = placementIndex[node] else {
                floating.append((taskID, reservation))
                continue
            }
            if firstFailure(at: i, service: id, reservation: reservation, rules: rules) == nil {
                assign(taskID, to: node)
            } else {
                unplaced.append(taskID)
                setPendingReason(taskID, explain(service: id, reservation: reservation, rules: rules, nodes: [node]))
            }
        }

        // Replicated tasks: group by reservation (tasks of one spec share one).
        var groups: [(Resources, [TaskHandle])] = []
        for (taskID, r) in floating {
            if let i = groups.firstIndex(where: { $0.0 == r }) { groups[i].1.append(taskID) } else { groups.append((r, [taskID])) }
        }
        for (reservation, tasks) in groups {
            let remaining = rules.spread.isEmpty
                ? placeByHeap(tasks, service: id, reservation: reservation, rules: rules)
                : placeBySpread(tasks, service: id, reservation: reservation, rules: rules)
            if !remaining.isEmpty {
                let reason = explain(service: id, reservation: reservation, rules: rules, nodes: cluster.nodeOrder)
                for taskID in remaining {
                    unplaced.append(taskID)
                    setPendingReason(taskID, reason)
                }
            }
        }
        pending[id] = unplaced.isEmpty ? nil : unplaced
    }

    /// The candidates for a batch: nodes that accept tasks and meet the constraints, each
    /// flagged by whether it fits one more task now (spread counts the full ones' tasks too).
    /// - Complexity: O(nodes); no node is read from the cluster (see `PlacementView`).
    private mutating func candidates(service: ServiceID, reservation: Resources, rules: PlacementRules) -> [(Candidate, fits: Bool)] {
        var result: [(Candidate, fits: Bool)] = []
        result.reserveCapacity(placement.count)
        forEachCandidate(service: service, reservation: reservation, rules: rules) { result.append(($0, $1)) }
        return result
    }

    private mutating func forEachCandidate(service: ServiceID, reservation: Resources, rules: PlacementRules, _ body: (Candidate, _ fits: Bool) -> Void) {
        let counts = activeOfService[service] ?? []
        let failures = recentFailures[service] ?? []
        func consider(_ i: Int) {
            guard placement[i].accepts else { return }
            let serviceTasks = i < counts.count ? counts[i] : 0
            var failing = false
            if i < failures.count, failures[i].count >= Engine.failureThreshold, let oldest = failures[i].first {
                failing = now.nanoseconds &- oldest.nanoseconds <= Engine.failureWindowNanoseconds
            }
            let c = Candidate(failing: failing, serviceTasks: serviceTasks, allTasks: placement[i].active, index: i)
            body(c, fits(i, serviceTasks: serviceTasks, reservation: reservation, maxReplicas: rules.maxReplicas))
        }
        // Every node, or only those meeting the constraints; in join order either way.
        if let eligible = rules.view?.eligible {
            for i in eligible { consider(i) }
        } else {
            for i in placement.indices { consider(i) }
        }
    }

    /// Places tasks on the best nodes, one at a time, re-ranking the chosen node each time.
    /// Returns the tasks no node could take.
    /// - Complexity: O(nodes + tasks × log nodes).
    private mutating func placeByHeap(_ tasks: [TaskHandle], service: ServiceID, reservation: Resources, rules: PlacementRules) -> ArraySlice<TaskHandle> {
        if tasks.count == 1 {
            // One task (a restart, a replacement): the best node is a minimum, no heap needed.
            var best: Candidate?
            forEachCandidate(service: service, reservation: reservation, rules: rules) { c, fits in
                if fits, best.map({ c < $0 }) ?? true { best = c }
            }
            guard let best else { return tasks[...] }
            assign(tasks[0], to: placement[best.index].id)
            return []
        }
        var heap = Heap(candidates(service: service, reservation: reservation, rules: rules).lazy.filter(\.fits).map(\.0))
        var remaining = tasks[...]
        while let taskID = remaining.first, var best = heap.popMin() {
            remaining = remaining.dropFirst()
            assign(taskID, to: placement[best.index].id)
            best.serviceTasks += 1
            best.allTasks += 1
            if fits(best.index, serviceTasks: best.serviceTasks, reservation: reservation, maxReplicas: rules.maxReplicas) { heap.insert(best) }
        }
        return remaining
    }

    /// Places tasks balancing the spread preferences' label values first.
    private mutating func placeBySpread(_ tasks: [TaskHandle], service: ServiceID, reservation: Resources, rules: PlacementRules) -> ArraySlice<TaskHandle> {
        var tree = SpreadBranch()
        for (c, fits) in candidates(service: service, reservation: reservation, rules: rules) {
            guard let paths = rules.view?.spreadPaths, c.index < paths.count else { continue }
            tree.put(c, path: paths[c.index][...], addCount: c.serviceTasks, reinsert: fits)
        }
        var remaining = tasks[...]
        while let taskID = remaining.first, let (best, path) = tree.take() {
            remaining = remaining.dropFirst()
            assign(taskID, to: placement[best.index].id)
            var next = best
            next.serviceTasks += 1
            next.allTasks += 1
            let fits = fits(best.index, serviceTasks: next.serviceTasks, reservation: reservation, maxReplicas: rules.maxReplicas)
            tree.put(next, path: path[...], addCount: 1, reinsert: fits)
        }
        return remaining
    }

    /// What the scheduler works out from the nodes for a service's placement, kept until a
    /// node or the placement changes: which nodes meet the constraints, and each one's spread
    /// path. Working it out reads every node's labels as text; a rolling update on 5k nodes
    /// places one task at a time, and doing it for each placement took most of the run.
    struct PlacementView: Sendable {
        /// `nodeEpoch` when it was worked out.
        var epoch: Int
        var placement: Placement?
        /// Placement indexes of the nodes that meet the constraints, ascending.
        var eligible: [Int]
        /// Each node's spread-preference values (by placement index; empty without
        /// preferences), each value given as its rank among the values of its preference on
        /// all the nodes: ranks compare as the values do, and cost no hashing of text.
        var spreadPaths: [[Int32]]
    }

    /// The service's placement view (see `PlacementView`), worked out again only when a node
    /// or the placement changed since; nil when the placement has neither constraints nor
    /// spread preferences.
    /// - Complexity: O(1) when current; else O(nodes × constraints).
    mutating func placementView(of service: ServiceID, placement spec: Placement?, rules: PlacementRules) -> PlacementView? {
        guard !rules.constraints.isEmpty || !rules.spread.isEmpty else {
            placementViews[service] = nil
            return nil
        }
        if let view = placementViews[service], view.epoch == nodeEpoch, view.placement == spec { return view }
        var eligible: [Int] = []
        var values: [[String]] = rules.spread.isEmpty ? [] : Array(repeating: [], count: placement.count)
        for i in placement.indices {
            // Read in place: a copy of each node made big clusters slow.
            let path = cluster.readNode(placement[i].id) { node -> [String]? in
                guard Constraint.allHold(rules.constraints, on: node) else { return nil }
                return rules.spread.map { Engine.spreadValue($0, of: node) }
            }
            guard let path = path ?? nil else { continue }
            eligible.append(i)
            if !rules.spread.isEmpty { values[i] = path }
        }
        // Each preference's values, ranked in text order.
        let ranks: [[String: Int32]] = rules.spread.indices.map { level in
            let distinct = Set(eligible.map { values[$0][level] }).sorted()
            return Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
        }
        let paths = values.map { path in path.enumerated().map { ranks[$0][$1] ?? 0 } }
        let view = PlacementView(epoch: nodeEpoch, placement: spec, eligible: eligible, spreadPaths: paths)
        placementViews[service] = view
        return view
    }

    private mutating func assign(_ taskID: TaskHandle, to node: NodeID) {
        let (now, naming) = (self.now, namesTaskFields)
        changeTask(at: taskID) { t in
            let status = TaskStatus(timestamp: now, state: .assigned, message: "scheduler assigned task to node")
            var fields: TaskChangeNote.Fields = []
            if naming {
                if t.nodeID != node { fields.insert(.node) }
                if t.status.timestamp != status.timestamp { fields.insert(.statusTime) }
                if t.status.message != status.message { fields.insert(.message) }
                if t.status.err != nil { fields.insert(.err) }
                if t.status.containerStatus != nil { fields.insert(.container) }
            }
            t.nodeID = node
            t.status = status
            return fields
        }
        armAgent(at: taskID, after: rng.jitter(Engine.agentStepTime, spread: 0.5))
    }

    private mutating func setPendingReason(_ taskID: TaskHandle, _ reason: String) {
        guard cluster.readTask(at: taskID, { $0.status.err != reason }) == true else { return }
        changeTask(at: taskID) {
            $0.status.err = reason
            return .err
        }
    }
}

/// The nodes of a batch, as a tree of spread-preference values (by rank, see
/// `PlacementView.spreadPaths`) with a heap of candidates at each leaf. Without preferences
/// it is a single leaf: a heap.
struct SpreadBranch {
    /// The service's active tasks on the nodes below.
    var count = 0
    /// Candidates below that can still take a task.
    var size = 0
    /// The branches below, by value rank; nil for a value no candidate has.
    var children: [SpreadBranch?] = []
    var heap = Heap<Engine.Candidate>()
    /// Candidates put before the first `take`: made into a heap at once then (O(n)), rather
    /// than one insertion each (O(n log n)) for the thousands of nodes of a big cluster.
    var unheaped: [Engine.Candidate] = []

    /// Adds `addCount` tasks along `path`, and the candidate itself if `reinsert`.
    mutating func put(_ c: Engine.Candidate, path: ArraySlice<Int32>, addCount: Int, reinsert: Bool) {
        count += addCount
        if reinsert { size += 1 }
        if let first = path.first {
            let i = Int(first)
            if i >= children.count { children.append(contentsOf: repeatElement(nil, count: i + 1 - children.count)) }
            if children[i] == nil { children[i] = SpreadBranch() }
            children[i]!.put(c, path: path.dropFirst(), addCount: addCount, reinsert: reinsert)
        } else if reinsert {
            if heap.isEmpty { unheaped.append(c) } else { heap.insert(c) }
        }
    }

    /// Takes the best candidate: down the branch with the fewest tasks of the service (ties by
    /// value), then the best node of the leaf. Returns it with its path.
    /// - Complexity: O(depth × branching + log n).
    mutating func take() -> (Engine.Candidate, [Int32])? {
        guard size > 0 else { return nil }
        if children.isEmpty {
            if !unheaped.isEmpty {
                heap = Heap(unheaped + heap.unordered)
                unheaped = []
            }
            guard let c = heap.popMin() else { return nil }
            size -= 1
            return (c, [])
        }
        var best: Int?
        var bestCount = Int.max
        for (i, child) in children.enumerated() {
            // Ranks ascend with the values, so the first of equal counts is the lowest value.
            guard let child, child.size > 0, child.count < bestCount else { continue }
            best = i
            bestCount = child.count
        }
        guard let i = best, let (c, path) = children[i]?.take() else { return nil }
        size -= 1
        return (c, [Int32(i)] + path)
    }
}
