import SwarmFormat
import SwarmModel

/// One line of the event log.
public struct LogLine: Hashable, Sendable {
    /// Increasing; identifies the line while older ones drop off.
    public var serial: Int
    public var time: Timestamp
    public var text: String
    public var role: StyleRole
}

/// The latest cluster events worth a person's attention, as short lines. Task progress
/// (accepted, preparing…) is left out; arrivals at running and every failure are kept.
public struct EventLog: Hashable, Sendable {
    public static let capacity = 500
    /// Oldest first.
    public private(set) var lines: [LogLine] = []
    private var nextSerial = 0

    public init() {}

    /// The line with this serial, if it is still kept.
    public func line(serial: Int) -> LogLine? {
        guard let first = lines.first, serial >= first.serial, serial - first.serial < lines.count else { return nil }
        return lines[serial - first.serial]
    }

    mutating func append(_ text: String, role: StyleRole, at time: Timestamp) {
        lines.append(LogLine(serial: nextSerial, time: time, text: text, role: role))
        nextSerial += 1
        if lines.count > EventLog.capacity { lines.removeFirst(lines.count - EventLog.capacity) }
    }

    /// Adds the line for an event, read against the cluster as it was before the event.
    mutating func record(_ event: ClusterEvent, before cluster: Cluster) {
        guard let (text, role) = EventLog.describe(event, before: cluster) else { return }
        append(text, role: role, at: event.time)
    }

    /// The text and role of an event's line, or nil for events not worth a line.
    static func describe(_ event: ClusterEvent, before cluster: Cluster) -> (String, StyleRole)? {
        switch event.change {
        case .nodeCreated(let node):
            return ("node \(node.description.hostname) joined as \(node.spec.role.rawValue)", .eventNode)
        case .nodeRemoved(let node):
            return ("node \(node.description.hostname) removed", .eventNode)
        case .nodeUpdated(let node, let old):
            let name = node.description.hostname
            var parts: [String] = []
            var role = StyleRole.eventNode
            if old.role != node.spec.role { parts.append(node.spec.role == .manager ? "promoted to manager" : "demoted to worker") }
            if old.availability != node.spec.availability { parts.append("availability \(old.availability.rawValue) → \(node.spec.availability.rawValue)") }
            if old.state != node.status.state {
                var text = "\(old.state.rawValue) → \(node.status.state.rawValue)"
                if let message = node.status.message, !message.isEmpty, node.status.state != .ready { text += " (\(message))" }
                parts.append(text)
                if node.status.state == .down { role = .nodeDown }
            }
            if old.leader != (node.managerStatus?.leader ?? false) {
                parts.append(node.managerStatus?.leader == true ? "is now the leader" : "is no longer the leader")
                role = .managerLeader
            }
            if let r = node.managerStatus?.reachability, old.reachability != r, old.role == node.spec.role {
                parts.append("manager \(r.rawValue)")
                if r == .unreachable { role = .managerUnreachable }
            }
            return parts.isEmpty ? nil : ("node \(name) " + parts.joined(separator: ", "), role)
        case .serviceCreated(let service):
            let mode = service.spec.mode.replicas.map { "replicated \($0)" } ?? "global"
            return ("service \(service.spec.name) created (\(mode), \(service.spec.taskTemplate.image))", .eventService)
        case .serviceRemoved(let service):
            return ("service \(service.spec.name) removed", .eventService)
        case .serviceUpdated(let service):
            guard let old = cluster.services[service.id] else { return nil }
            var parts: [String] = []
            var role = StyleRole.eventService
            if old.spec.mode != service.spec.mode, let a = old.spec.mode.replicas, let b = service.spec.mode.replicas {
                parts.append("scaled \(a) → \(b)")
            }
            if old.spec.taskTemplate.image != service.spec.taskTemplate.image {
                parts.append("image \(old.spec.taskTemplate.image) → \(service.spec.taskTemplate.image)")
            }
            if old.updateStatus?.state != service.updateStatus?.state, let state = service.updateStatus?.state {
                parts.append("update \(state.rawValue.replacingUnderscores): \(service.updateStatus?.message ?? "")")
                if state == .paused || state == .rollbackPaused || state == .rollbackStarted { role = .warning }
            }
            return parts.isEmpty ? nil : ("service \(service.spec.name) " + parts.joined(separator: ", "), role)
        case .taskCreated, .taskRemoved:
            return nil
        case .taskUpdated(let task, let previous, _):
            let name = taskLabel(task, in: cluster)
            let node = task.nodeID.flatMap { cluster.nodes[$0]?.description.hostname } ?? "?"
            if task.state != previous {
                switch task.state {
                case .running: return ("\(name) running on \(node)", .eventTask)
                case .failed: return ("\(name) failed on \(node): \(task.status.err ?? "")", .taskFailed)
                case .rejected: return ("\(name) rejected on \(node): \(task.status.err ?? "")", .taskRejected)
                case .orphaned: return ("\(name) orphaned: \(task.status.message)", .taskOrphaned)
                case .complete: return ("\(name) completed on \(node)", .taskComplete)
                default: return nil
                }
            }
            if task.state == .pending, let err = task.status.err, cluster.tasks[task.id]?.status.err != err {
                return ("\(name) pending: \(err)", .taskPending)
            }
            return nil
        case .actionAnswered(let action, .accepted):
            return ("✓ \(action)", .eventAccepted)
        case .actionAnswered(let action, .refused(let reason)):
            return ("✗ \(action): \(reason)", .eventRefused)
        }
    }

    static func taskLabel(_ task: Task, in cluster: Cluster) -> String {
        let service = cluster.services[task.serviceID]?.spec.name ?? String(task.serviceID.rawValue.prefix(12))
        if let slot = task.slot { return "\(service).\(slot)" }
        return "\(service).\(task.nodeID.flatMap { cluster.nodes[$0]?.description.hostname } ?? "?")"
    }
}
