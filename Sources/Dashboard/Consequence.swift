import SwarmModel

/// What an action would do to the cluster as it is now, in the words of the confirmation
/// dialog ("Drain worker-3?" — "7 running tasks will be moved").
enum Consequence: Equatable {
    case confirm(question: String, consequence: String)
    /// The action would change nothing (already drained, same replicas…).
    case nothingToDo(String)
    /// The action names something that is not there.
    case invalid(String)

    static func of(_ action: ClusterAction, in cluster: Cluster) -> Consequence {
        switch action {
        case .setAvailability(let ref, let availability):
            guard let node = cluster.node(named: ref) else { return .invalid("no node named '\(ref)'") }
            let name = node.description.hostname
            guard node.spec.availability != availability else {
                return .nothingToDo("\(name) is already \(availability == .active ? "active" : availability == .pause ? "paused" : "drained")")
            }
            let live = cluster.tasks(onNode: node.id).filter { $0.desiredState <= .running && !$0.state.isTerminal }
            let global = live.filter { $0.slot == nil }.count
            let moved = live.count - global
            switch availability {
            case .drain:
                var text = "\(moved) running \(plural(moved, "task")) will be moved"
                if global > 0 { text += ", \(global) global \(plural(global, "task")) stopped" }
                return .confirm(question: "Drain \(name)?", consequence: text)
            case .pause:
                return .confirm(question: "Pause \(name)?", consequence: "no new tasks will be placed on it; its \(live.count) \(plural(live.count, "task")) keep running")
            case .active:
                return .confirm(question: "Activate \(name)?", consequence: "it will accept new tasks again")
            }
        case .promote(let ref):
            guard let node = cluster.node(named: ref) else { return .invalid("no node named '\(ref)'") }
            guard node.spec.role != .manager else { return .nothingToDo("\(node.description.hostname) is already a manager") }
            let m = managerCount(cluster)
            return .confirm(question: "Promote \(node.description.hostname)?",
                            consequence: "managers \(m) → \(m + 1), fault tolerance \(tolerance(m)) → \(tolerance(m + 1))")
        case .demote(let ref):
            guard let node = cluster.node(named: ref) else { return .invalid("no node named '\(ref)'") }
            guard node.spec.role == .manager else { return .nothingToDo("\(node.description.hostname) is already a worker") }
            let m = managerCount(cluster)
            var text = "managers \(m) → \(m - 1), fault tolerance \(tolerance(m)) → \(tolerance(m - 1))"
            if node.managerStatus?.leader == true { text += "; it leads now, so a new leader will be elected" }
            return .confirm(question: "Demote \(node.description.hostname)?", consequence: text)
        case .scale(let ref, let replicas):
            guard let service = cluster.service(named: ref) else { return .invalid("no service named '\(ref)'") }
            guard let current = service.spec.mode.replicas else {
                return .invalid("✗ scale \(service.spec.name): scale can only be used with replicated or replicated-job mode")
            }
            let name = service.spec.name
            if replicas == current { return .nothingToDo("\(name) already has \(current) \(plural(current, "replica"))") }
            let text = replicas == 0 ? "all tasks will be removed"
                : replicas > current ? "\(replicas - current) \(plural(replicas - current, "task")) will be started"
                : "\(current - replicas) \(plural(current - replicas, "task")) will be removed"
            return .confirm(question: "Scale \(name) \(current) → \(replicas)?", consequence: text)
        case .nodeDown(let ref):
            guard let node = cluster.node(named: ref) else { return .invalid("no node named '\(ref)'") }
            let name = node.description.hostname
            guard node.status.state != .down else { return .nothingToDo("\(name) is already down") }
            let live = cluster.tasks(onNode: node.id).filter { $0.desiredState <= .running && !$0.state.isTerminal }.count
            var text = "its daemon stops: after missed heartbeats the node goes down and its \(live) \(plural(live, "task")) are replaced elsewhere"
            if node.spec.role == .manager {
                let m = managerCount(cluster)
                text += "; the managers lose one of \(m)"
                if node.managerStatus?.leader == true { text += " (the leader: a new one is elected if quorum holds)" }
            }
            return .confirm(question: "Fail \(name)?", consequence: text)
        case .nodeUp(let ref):
            guard let node = cluster.node(named: ref) else { return .invalid("no node named '\(ref)'") }
            return .confirm(question: "Recover \(node.description.hostname)?", consequence: "its daemon comes back and reconnects to the managers")
        case .killTask(let ref):
            guard let task = cluster.task(named: ref) else { return .invalid("no task named '\(ref)'") }
            let name = task.slot.map { "\(cluster.services[task.serviceID]?.spec.name ?? task.serviceID.rawValue).\($0)" } ?? task.id.rawValue
            guard task.state == .running || task.state == .starting else { return .nothingToDo("\(name) is not running") }
            return .confirm(question: "Kill \(name)?", consequence: "its process dies (exit 137); the restart policy decides what follows")
        default:
            return .confirm(question: "\(action)?", consequence: "")
        }
    }

    static func managerCount(_ cluster: Cluster) -> Int { cluster.nodes.values.filter { $0.spec.role == .manager }.count }
    static func tolerance(_ managers: Int) -> Int { max(0, (managers - 1) / 2) }
    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? word : word + "s" }
}
