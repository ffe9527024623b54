import SwarmModel

extension DashboardState {
    /// The rows of a list, filtered and sorted: from the list's index when it is current,
    /// else worked out now (O(n) for a task list, O(n log n) for nodes or services).
    public func rowList(_ list: ListID) -> RowList {
        let view = self.list(list)
        switch list {
        case .nodes, .services:
            if let index = indexes[list], index.isCurrent(for: view) { return RowList(index, of: self) }
            return RowList(RowIndex(list, view: view, in: self), of: self)
        case .tasks, .nodeTasks, .serviceTasks:
            if list == .tasks, taskBase.isCurrent(for: view) { return RowList(taskBase, table: taskTable) }
            if let index = taskIndexes[list], index.isCurrent(for: view) { return RowList(index, table: taskTable) }
            return RowList(TaskIndex(list, view: view, base: taskBase, table: taskTable), table: taskTable)
        case .events, .taskTimeline:
            return RowList(computedRows(list))
        }
    }

    /// The rows of a list, filtered and sorted.
    /// - Complexity: O(n) to copy them out of the list's index; prefer `rowList(_:)`.
    public func rows(_ list: ListID) -> [RowKey] { rowList(list).all }

    /// The lists that keep an index: the three panes of cluster objects and each drill-down
    /// level's tasks. (The event log and a task's timeline are a few hundred rows at most,
    /// read as they are.) The tasks pane in docker order, unfiltered, is the base itself.
    var indexedLists: [ListID] {
        var lists: [ListID] = [.nodes, .services]
        if !taskBase.isCurrent(for: list(.tasks)) { lists.append(.tasks) }
        for level in drill {
            switch level {
            case .node(let id): lists.append(.nodeTasks(id))
            case .service(let id): lists.append(.serviceTasks(id))
            case .task: break
            }
        }
        return lists
    }

    /// Makes an index for every list that wants one and has none for its filter and sort
    /// (a changed filter or sort, a new drill-down level), and drops those no longer wanted.
    /// - Complexity: O(1) when nothing changed; per index made, O(n) for a task list (see
    ///   `TaskIndex`), O(n log n) for nodes or services.
    mutating func refreshIndexes() {
        let wanted = indexedLists
        for id in wanted {
            let view = list(id)
            if id.isTaskList {
                guard !(taskIndexes[id]?.isCurrent(for: view) ?? false) else { continue }
                taskIndexes[id] = nil
                taskIndexes[id] = TaskIndex(id, view: view, base: taskBase, table: taskTable)
            } else {
                guard !(indexes[id]?.isCurrent(for: view) ?? false) else { continue }
                indexes[id] = nil
                indexes[id] = RowIndex(id, view: view, in: self)
            }
        }
        if indexes.count + taskIndexes.count > wanted.count {
            indexes = indexes.filter { wanted.contains($0.key) }
            taskIndexes = taskIndexes.filter { wanted.contains($0.key) }
        }
    }

    /// Builds the task table, the base and the indexes from the cluster as it is.
    /// - Complexity: O(n log n).
    mutating func rebuildIndexes() {
        taskTable = TaskRowTable()
        for task in cluster.tasks.values { taskTable.store(taskRecord(task)) }
        taskBase = TaskIndex(allOf: taskTable)
        indexes = [:]
        taskIndexes = [:]
        refreshIndexes()
    }

    /// Applies a source event to the cluster, and brings the names, the node tally, the task
    /// table and the indexes up to date with it: the rows the event changes are found where
    /// they were before it, and put where they go after it.
    /// - Complexity: O(log n) per index for a task event; for a renamed node or service, that
    ///   times its tasks.
    mutating func applyToCluster(_ e: ClusterEvent) {
        var nodes: [NodeID] = []
        var services: [ServiceID] = []
        /// Tasks whose records change with a node's or service's name.
        var renamed: [TaskID] = []
        switch e.change {
        case .taskCreated(let t), .taskUpdated(let t, _, _), .taskRemoved(let t):
            // Node and service rows show task counts; their places depend on them only when
            // sorted by or filtered on them.
            if indexes.values.contains(where: \.dependsOnTasks) {
                services = [t.serviceID]
                let before = cluster.tasks[t.id]?.nodeID
                nodes = [before, t.nodeID].compactMap { $0 }
                if nodes.count == 2, nodes[0] == nodes[1] { nodes.removeLast() }
            }
        case .nodeCreated(let n), .nodeUpdated(let n, _), .nodeRemoved(let n):
            nodes = [n.id]
            let hostname: String? = if case .nodeRemoved = e.change { nil } else { n.description.hostname }
            // Its tasks show its hostname (a global task in its name too).
            if names.hostnames[n.id] != hostname { renamed = Array(cluster.taskIDs(onNode: n.id)) }
            if let old = cluster.nodes[n.id] { tally.remove(old) }
        case .serviceCreated(let s), .serviceUpdated(let s), .serviceRemoved(let s):
            services = [s.id]
            let name: String? = if case .serviceRemoved = e.change { nil } else { s.spec.name }
            if names.services[s.id] != name { renamed = Array(cluster.taskIDs(ofService: s.id)) }
        case .actionAnswered:
            return
        }

        // The node and service rows the event changes, and where they are now.
        var moves: [(list: ListID, rows: [(row: RowKey, key: RowSortKey?)])] = []
        for (id, index) in indexes {
            let rows: [RowKey] = id == .nodes ? nodes.map { .node($0) } : services.map { .service($0) }
            if !rows.isEmpty { moves.append((id, rows.map { ($0, index.key(of: $0, in: self)) })) }
        }

        cluster.apply(e)
        switch e.change {
        case .taskCreated(let t), .taskUpdated(let t, _, _):
            updateTask(t.id, to: taskRecord(t))
        case .taskRemoved(let t):
            updateTask(t.id, to: nil)
        case .nodeCreated(let n), .nodeUpdated(let n, _):
            names.hostnames[n.id] = n.description.hostname
            tally.add(n)
            managers = tally.managers
        case .nodeRemoved(let n):
            names.hostnames[n.id] = nil
            managers = tally.managers
        case .serviceCreated(let s), .serviceUpdated(let s):
            names.services[s.id] = s.spec.name
        case .serviceRemoved(let s):
            names.services[s.id] = nil
        case .actionAnswered:
            break
        }
        for id in renamed {
            if let task = cluster.tasks[id] { updateTask(id, to: taskRecord(task)) }
        }

        for (id, rows) in moves {
            // Out of the dictionary while it changes, so that it is not copied and `self` can
            // be read meanwhile.
            guard var index = indexes.removeValue(forKey: id) else { continue }
            for (row, old) in rows { index.move(row, from: old, to: index.key(of: row, in: self)) }
            indexes[id] = index
        }
    }

    /// Replaces task `id`'s record (nil: the task is gone), moving it in every task list.
    private mutating func updateTask(_ id: TaskID, to new: TaskRecord?) {
        let handle = taskTable.handle(of: id)
        var baseMoves = true
        var moving: [ListID] = []
        if let handle {
            // Out of the lists where it moves, while the table still has it as it was.
            let old = taskTable[handle]
            if let new, taskBase.keepsPlace(old, new) { baseMoves = false } else { taskBase.remove(handle, in: taskTable) }
            for list in taskIndexes.keys {
                if let new, taskIndexes[list]?.keepsPlace(old, new) == true { continue }
                taskIndexes[list]?.remove(handle, in: taskTable)
                moving.append(list)
            }
        } else {
            moving = Array(taskIndexes.keys)
        }
        guard let new else {
            taskTable.remove(id)
            return
        }
        let h = taskTable.store(new)
        if baseMoves { taskBase.insert(h, in: taskTable) }
        for list in moving { taskIndexes[list]?.insert(h, in: taskTable) }
    }

    /// The rows of a list without an index (the event log, a task's timeline), filtered and
    /// in order.
    /// - Complexity: O(n) cells for the list's n rows.
    func computedRows(_ list: ListID) -> [RowKey] {
        let view = self.list(list)
        var keys = candidateRows(list)
        if let filter = RowFilter(view.filter) {
            keys = keys.filter { filter.keeps(cells($0, in: list).lazy.map(\.text)) }
        }
        return view.sort.ascending ? keys : keys.reversed()
    }
}
