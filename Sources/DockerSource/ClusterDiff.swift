import SwarmModel

/// Turns what a manager lists into the events that bring a model cluster up to it — the
/// same `ClusterEvent` changes the embedded engine emits, so the dashboard cannot tell the two
/// apart.
public enum ClusterDiff {
    /// The changes that make `cluster` hold `nodes` (nil: nodes were not read).
    ///
    /// A node whose `Version.Index` is older than the one held is left alone (an answer that
    /// was overtaken by a newer one).
    /// - Complexity: O(n) for n nodes.
    public static func nodeChanges(from cluster: Cluster, to nodes: [Node]) -> [ClusterEvent.Change] {
        var changes: [ClusterEvent.Change] = []
        var seen = Set<NodeID>()
        for node in nodes.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            seen.insert(node.id)
            guard let old = cluster.nodes[node.id] else {
                changes.append(.nodeCreated(node))
                continue
            }
            if node.version.index >= old.version.index, node != old {
                changes.append(.nodeUpdated(node, previous: NodeSummary(old)))
            }
        }
        for id in cluster.nodeOrder where !seen.contains(id) {
            if let old = cluster.nodes[id] { changes.append(.nodeRemoved(old)) }
        }
        return changes
    }

    /// The changes that make `cluster` hold `services`: created, updated (a new `Version.Index`
    /// or update status), removed. Running and desired counts alone are no change: the model
    /// counts its tasks itself.
    /// - Complexity: O(s) for s services.
    public static func serviceChanges(from cluster: Cluster, to services: [Service]) -> [ClusterEvent.Change] {
        var changes: [ClusterEvent.Change] = []
        var seen = Set<ServiceID>()
        for service in services.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            seen.insert(service.id)
            guard let old = cluster.services[service.id] else {
                changes.append(.serviceCreated(service))
                continue
            }
            if service.version.index > old.version.index
                || (service.version.index == old.version.index && (service.spec != old.spec || service.updateStatus != old.updateStatus))
            {
                changes.append(.serviceUpdated(service))
            }
        }
        for id in cluster.serviceOrder where !seen.contains(id) {
            if let old = cluster.services[id] { changes.append(.serviceRemoved(old)) }
        }
        return changes
    }

    /// The changes that make `cluster` hold `tasks`: created, updated (with the state and
    /// desired state before), removed.
    ///
    /// Docker keeps no history of a task's states; each task carries the states swarmtop has
    /// seen it enter (`StateHistory`), the first one at the time the daemon reported it.
    /// - Complexity: O(k log k) for k tasks.
    public static func taskChanges(from cluster: Cluster, to tasks: [Task]) -> [ClusterEvent.Change] {
        var changes: [ClusterEvent.Change] = []
        var seen = Set<TaskID>()
        seen.reserveCapacity(tasks.count)
        // Oldest first, so that replacements follow the tasks they replace.
        for var task in tasks.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            seen.insert(task.id)
            guard let old = cluster.tasks[task.id] else {
                task.stateHistory = [StateEntry(state: task.state, time: task.status.timestamp)]
                changes.append(.taskCreated(task))
                continue
            }
            guard task.version.index >= old.version.index else { continue }
            task.stateHistory = old.stateHistory
            if task.state != old.state { task.stateHistory.append(StateEntry(state: task.state, time: task.status.timestamp)) }
            if task != old {
                changes.append(.taskUpdated(task, previousState: old.state, previousDesiredState: old.desiredState))
            }
        }
        let gone = cluster.tasks.keys.filter { !seen.contains($0) }.sorted()
        for id in gone {
            if let old = cluster.tasks[id] { changes.append(.taskRemoved(old)) }
        }
        return changes
    }

    /// Every change that makes `cluster` hold the listing: nodes, services and tasks created or
    /// updated, then tasks, services and nodes removed (so nothing names what is gone first).
    /// - Complexity: O(n + s + k log k).
    public static func changes(from cluster: Cluster, to listing: DockerListing) -> [ClusterEvent.Change] {
        let nodes = nodeChanges(from: cluster, to: listing.nodes)
        let services = serviceChanges(from: cluster, to: listing.services)
        let tasks = taskChanges(from: cluster, to: listing.tasks)
        func isRemoval(_ change: ClusterEvent.Change) -> Bool {
            switch change {
            case .nodeRemoved, .serviceRemoved, .taskRemoved: true
            default: false
            }
        }
        return nodes.filter { !isRemoval($0) } + services.filter { !isRemoval($0) } + tasks
            + services.filter(isRemoval) + nodes.filter(isRemoval)
    }
}
