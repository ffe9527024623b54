import Foundation
import Logging
import SwarmModel

/// A live copy of a real swarm as a stream of `ClusterEvent`s, the way the embedded engine
/// publishes its own.
///
/// On `start` the whole listing becomes `nodeCreated`, `serviceCreated` and `taskCreated`
/// events. Then the daemon's event stream (types node and service) triggers an immediate
/// re-read of nodes or services, and tasks are polled every `pollInterval` and diffed into
/// `taskCreated` / `taskUpdated` (with the state before) / `taskRemoved`; nodes are read with
/// them only while one is changing role (see `isChangingRole(_:)`). When the daemon
/// cannot be reached, `connectionProblem` says so, reads are retried with a growing pause,
/// and the first listing after reconnecting is diffed against the model (a resync).
public actor DockerMirror {
    public let client: DockerClient
    public let pollInterval: Duration
    let logger: Logger

    /// The cluster as the events so far have built it.
    public private(set) var cluster = Cluster()
    /// The number of the last event.
    public private(set) var sequence: UInt64 = 0
    /// Why the mirror is not current ("disconnected — retrying"); nil while connected.
    public private(set) var connectionProblem: String?
    /// When the mirror started (the daemon's clock), for the header's clock.
    public private(set) var startTime: Timestamp
    /// The daemon's clock at the last listing, moved on by the wall clock since then.
    private var lastDaemonTime: Timestamp
    private var lastReadAt = ContinuousClock.now

    private var subscribers: [Int: AsyncStream<[ClusterEvent]>.Continuation] = [:]
    private var nextSubscriber = 0
    private var workers: [_Concurrency.Task<Void, Never>] = []
    private var needsResync = true

    /// The longest pause between two attempts to reach a daemon that is gone.
    static let maxBackoff = Duration.seconds(5)
    /// What the header says while the daemon cannot be reached.
    public static let disconnectedText = "disconnected — retrying"

    /// A mirror of the swarm `client` is connected to; nothing is read until `start`.
    public init(client: DockerClient, pollInterval: Duration = .seconds(1), logger: Logger = Logger(label: "swarmtop.docker")) {
        self.client = client
        self.pollInterval = pollInterval
        self.logger = logger
        let now = Timestamp.now
        startTime = now
        lastDaemonTime = now
    }

    /// The cluster now and every later event, in batches (the changes one look at the swarm
    /// found), taken at one instant.
    public func attach() -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>) {
        let (stream, continuation) = AsyncStream<[ClusterEvent]>.makeStream()
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in _Concurrency.Task { await self.unsubscribe(id) } }
        return (cluster, sequence, stream)
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// The daemon's time now (its clock at the last listing, moved on by the time since).
    public var now: Timestamp {
        lastDaemonTime + (ContinuousClock.now - lastReadAt)
    }

    /// Reads the whole swarm once (events for all of it), then follows it until `stop`.
    public func start() async {
        guard workers.isEmpty else { return }
        await resynchronise()
        workers.append(_Concurrency.Task { await self.pollTasks() })
        workers.append(_Concurrency.Task { await self.followEvents() })
    }

    /// Stops following the swarm; every stream from `attach` finishes.
    public func stop() {
        for worker in workers { worker.cancel() }
        workers.removeAll()
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    // MARK: - Following

    /// Reads everything and applies the difference; on failure marks the mirror disconnected.
    /// Returns whether it succeeded.
    @discardableResult
    func resynchronise() async -> Bool {
        do {
            let listing = try await DockerListing.read(from: client)
            lastDaemonTime = listing.time
            lastReadAt = .now
            publish(ClusterDiff.changes(from: cluster, to: listing))
            needsResync = false
            if connectionProblem != nil { logger.notice("reconnected", metadata: ["daemon": "\(client.endpoint)"]) }
            connectionProblem = nil
            return true
        } catch {
            lost(error)
            return false
        }
    }

    private func lost(_ error: DockerError) {
        if connectionProblem == nil { logger.warning("lost the daemon", metadata: ["daemon": "\(client.endpoint)", "error": "\(error)"]) }
        connectionProblem = Self.disconnectedText
        needsResync = true
    }

    private func pollTasks() async {
        var backoff = Duration.milliseconds(500)
        while !_Concurrency.Task.isCancelled {
            let ok: Bool
            if needsResync {
                ok = await resynchronise()
            } else {
                do {
                    let tasks = try await client.tasks()
                    applyTasks(tasks)
                    if cluster.nodes.values.contains(where: Self.isChangingRole) { try await rereadNodes() }
                    ok = true
                } catch {
                    lost(error)
                    ok = false
                }
            }
            if ok {
                backoff = .milliseconds(500)
                try? await _Concurrency.Task.sleep(for: pollInterval)
            } else {
                try? await _Concurrency.Task.sleep(for: backoff)
                backoff = min(backoff * 2, Self.maxBackoff)
            }
        }
    }

    /// Whether a node is between roles: promoted and ready but not yet in the managers' raft
    /// group (no `ManagerStatus`, or one not yet reachable), or demoted but still in it.
    ///
    /// Docker computes `ManagerStatus` when it is read and sends no event when it changes, so
    /// the promote's or demote's own event comes before the change is done; while a node is
    /// between roles, the nodes are read again with every task poll. A node promoted while it
    /// is down cannot join the group until it is back, which its own node event announces:
    /// it does not count until then, or the nodes would be read on every poll while it is down.
    static func isChangingRole(_ node: Node) -> Bool {
        guard let status = node.managerStatus else { return node.spec.role == .manager && node.status.state == .ready }
        return node.spec.role == .worker || (node.status.state == .ready && status.reachability != .reachable)
    }

    private func applyTasks(_ tasks: [Task]) {
        lastDaemonTime = now
        lastReadAt = .now
        publish(ClusterDiff.taskChanges(from: cluster, to: tasks))
    }

    private func followEvents() async {
        var backoff = Duration.milliseconds(500)
        while !_Concurrency.Task.isCancelled {
            do {
                let stream = client.events(types: ["node", "service"])
                // Whatever happened while the stream was down is read again now.
                if !needsResync {
                    try await rereadNodes()
                    try await rereadServices()
                }
                for try await message in stream {
                    backoff = .milliseconds(500)
                    switch message.type {
                    case "node": try await rereadNodes()
                    case "service": try await rereadServices()
                    default: break
                    }
                }
                // The daemon closed the stream (it is stopping): treat it as a lost connection.
                throw DockerError.unreachable(address: client.endpoint.description, reason: "the event stream ended")
            } catch is CancellationError {
                return
            } catch let error as DockerError {
                if _Concurrency.Task.isCancelled { return }
                lost(error)
            } catch {
                if _Concurrency.Task.isCancelled { return }
                lost(.unreachable(address: client.endpoint.description, reason: "\(error)"))
            }
            try? await _Concurrency.Task.sleep(for: backoff)
            backoff = min(backoff * 2, Self.maxBackoff)
        }
    }

    private func rereadNodes() async throws(DockerError) {
        let nodes = try await client.nodes()
        publish(ClusterDiff.nodeChanges(from: cluster, to: nodes))
    }

    private func rereadServices() async throws(DockerError) {
        let services = try await client.services()
        publish(ClusterDiff.serviceChanges(from: cluster, to: services))
    }

    /// Numbers the changes, applies them to the model and sends them to every subscriber, as
    /// one batch.
    func publish(_ changes: [ClusterEvent.Change]) {
        guard !changes.isEmpty else { return }
        let time = now
        var events: [ClusterEvent] = []
        events.reserveCapacity(changes.count)
        for change in changes {
            sequence += 1
            let event = ClusterEvent(sequence: sequence, time: time, change: change)
            cluster.apply(event)
            events.append(event)
        }
        for continuation in subscribers.values { continuation.yield(events) }
    }

    // MARK: - Actions

    /// Asks the swarm for an action, as the docker CLI would; the answer is published as an
    /// `actionAnswered` event (refusals in the daemon's own words) and returned, and what the
    /// action changed is read at once.
    public func apply(_ action: ClusterAction) async -> ActionOutcome {
        let outcome: ActionOutcome
        do {
            try await perform(action)
            outcome = .accepted
        } catch {
            outcome = .refused(error.description)
        }
        publish([.actionAnswered(action, outcome)])
        if outcome.isAccepted {
            _ = try? await rereadNodes()
            _ = try? await rereadServices()
        }
        return outcome
    }

    private func perform(_ action: ClusterAction) async throws(DockerError) {
        switch action {
        case .setAvailability(let name, let availability):
            let id = try nodeID(name)
            try await client.updateNode(id) { $0["Availability"] = availability.rawValue }
        case .promote(let name):
            let id = try nodeID(name)
            try await client.updateNode(id) { $0["Role"] = "manager" }
        case .demote(let name):
            let id = try nodeID(name)
            try await client.updateNode(id) { $0["Role"] = "worker" }
        case .scale(let name, let replicas):
            let id = try serviceID(name)
            try await client.updateService(id) { spec throws(DockerError) in
                guard var mode = spec["Mode"] as? [String: Any], var replicated = mode["Replicated"] as? [String: Any] else {
                    throw .refused(status: 400, message: "scale can only be used with replicated mode")
                }
                replicated["Replicas"] = replicas
                mode["Replicated"] = replicated
                spec["Mode"] = mode
            }
        case .updateImage(let name, let image):
            let id = try serviceID(name)
            try await client.updateService(id) { spec throws(DockerError) in
                guard var template = spec["TaskTemplate"] as? [String: Any], var container = template["ContainerSpec"] as? [String: Any] else {
                    throw .refused(status: 400, message: "the service has no container spec to change the image of")
                }
                container["Image"] = image
                template["ContainerSpec"] = container
                spec["TaskTemplate"] = template
            }
        case .nodeDown, .nodeUp, .killTask:
            throw .refused(status: 400, message: "fault injection is for the embedded engine; a real swarm's faults are its own")
        case .addNode, .removeNode, .createService, .removeService:
            throw .refused(status: 400, message: "\(action.verb) is not offered on a real swarm: use the docker CLI")
        }
    }

    private func nodeID(_ name: String) throws(DockerError) -> NodeID {
        guard let node = cluster.node(named: name) else { throw .refused(status: 404, message: "node \(name) not found") }
        return node.id
    }

    private func serviceID(_ name: String) throws(DockerError) -> ServiceID {
        guard let service = cluster.service(named: name) else { throw .refused(status: 404, message: "service \(name) not found") }
        return service.id
    }
}
