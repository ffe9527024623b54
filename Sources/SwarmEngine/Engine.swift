import SwarmModel

/// The embedded orchestrator: a deterministic, in-process simulation of a Docker Swarm cluster.
///
/// It holds the cluster (`cluster`), a virtual clock (`now`), and timers for everything that
/// happens later (agent steps, heartbeats, elections, restart delays, update batches). Actions
/// are applied with `apply(_:)`; time moves with `advance(to:)` / `advance(by:)`. Every change
/// is an event (`pollEvents()`); the same setup, seed and actions give the same events.
public struct Engine: Sendable {
    /// The cluster as the managers see it.
    public internal(set) var cluster = Cluster()
    /// The cluster's name (shown in the dashboard header).
    public let clusterName: String
    /// The virtual time the run started at.
    public let startTime: Timestamp
    /// The virtual time now.
    public internal(set) var now: Timestamp
    /// The sequence number of the last event emitted.
    public internal(set) var lastSequence: UInt64 = 0
    /// Whether emitted events are kept for `pollEvents()`. Off, events are only counted
    /// (benchmarks, or a caller that only wants the end state).
    public var retainsEvents = true
    /// Whether kept `task.updated` and `task.removed` events carry a `TaskChangeNote`, which
    /// lets a recording's writer write them in short without a copy of every task to compare
    /// with. Off (the default), a release build does not work the notes out.
    public var notesTaskChanges = false
    /// How many times a task's observed state has changed (task-state events), for throughput
    /// figures.
    public internal(set) var taskStateChanges: UInt64 = 0

    var buffer: [ClusterEvent] = []
    var rng: SeededGenerator
    var timers = TimerQueue()
    var timerSerial: UInt64 = 0
    /// The raft index: every stored change bumps it; objects carry it as `Version.Index`.
    var storeIndex: UInt64 = 0
    var images: [String: ImageBehavior]
    /// Each service's task template as its tasks share it, with the service version it is of.
    var templates: [ServiceID: (version: ObjectVersion, spec: SharedTaskSpec)] = [:]
    var timeline: [TimedAction]

    // Nodes
    var sims: [NodeID: NodeSim] = [:]
    /// Which images each node has pulled: by the node's placement index, then the image's index.
    var pulled: [[Bool]] = []
    var nodeSerial = 0

    // Tasks, as the agents see them
    /// The placement index (in `placement`) of each node number the cluster gave (see
    /// `TaskPhase.node`), filled in as numbers are met; -1 not yet known. With the image's
    /// index kept in the task's phase (`TaskPhase.tag`), an agent step reads what it needs
    /// of a task from its phase alone.
    var placementByNodeNumber: [Int32] = []
    /// Every image a task was made with, by the index tasks refer to it with, and how it behaves.
    var imageTable: [(name: String, behavior: ImageBehavior, timing: ImageTiming)] = []
    var imageIndex: [String: Int32] = [:]
    /// The last template a task was made from and its image's index: tasks come in runs of
    /// one spec. Held, so that the box cannot be freed and its address reused by another.
    var lastTemplateImage: (template: SharedTaskSpec, image: Int32)?

    // Managers
    var leader: NodeID?
    var electionGeneration = 0
    var electionScheduled = false

    // Orchestrator
    var dirtyServices: Set<ServiceID> = []
    /// Restart times per slot, for max attempts within a window.
    var restartTimes: [SlotKey: [Timestamp]] = [:]
    /// Replacements held at desired `ready` until their predecessor stops and their delay passes.
    /// By handle: a restart holds its replacement for the restart delay, and the hold is
    /// set, checked and let go with no task's ID read or hashed.
    var holds: [TaskHandle: Hold] = [:]
    /// The held replacement waiting for each predecessor.
    var heldBy: [TaskHandle: TaskHandle] = [:]

    // Scheduler
    /// Bumped whenever a node joins, changes or leaves: placement views worked out before
    /// (see `PlacementView`) are then out of date.
    var nodeEpoch = 0
    /// Each service's placement view, as of the `nodeEpoch` it records.
    var placementViews: [ServiceID: PlacementView] = [:]
    /// Tasks waiting for a node, by handle: the scheduler reads each of them every round.
    var pending: [ServiceID: [TaskHandle]] = [:]
    var schedulerDirty = false
    /// The scheduler's view of every node that ever joined, by dense index (join order).
    var placement: [PlacementNode] = []
    var placementIndex: [NodeID: Int] = [:]
    /// Active tasks of each service, by node index.
    var activeOfService: [ServiceID: [Int]] = [:]
    /// The last few failure times of each service on each node, by node index (at most
    /// `failureThreshold` each). An array, not a dictionary: the scheduler reads every node's
    /// entry for every task it places.
    var recentFailures: [ServiceID: [[Timestamp]]] = [:]

    // Updater
    var updates: [ServiceID: UpdateRun] = [:]
    var updateRunSerial = 0
    var watchedByUpdater: [TaskID: ServiceID] = [:]

    /// Per-node simulation state that the managers cannot see.
    struct NodeSim: Sendable {
        /// The node's daemon is alive and sending heartbeats.
        var alive = true
        /// Bumped on every down/up, so stale timers do nothing.
        var generation = 0
        /// Join order, for deterministic tie-breaks.
        var order: Int
        /// Member of the raft cluster (a manager that has joined).
        var raftMember = false
        var downSince: Timestamp?
    }

    /// An image's times in nanoseconds, worked out once (see `schedule(afterNanoseconds:_:)`).
    struct ImageTiming: Sendable {
        var pull: Int64, start: Int64
        /// The mean time to a crash; nil when the image never crashes.
        var crashMean: Int64?
        var runFor: Int64?

        init(_ b: ImageBehavior) {
            (pull, start) = (b.pullTime.nanoseconds, b.startTime.nanoseconds)
            crashMean = b.crashRate > 0 ? Int64(60e9 / b.crashRate) : nil
            runFor = b.runFor?.nanoseconds
        }
    }

    /// What the scheduler needs of a node, kept current by `changeNode` and `trackActive` so
    /// that placing a task costs no hashing or copying per node; and whether its agent is
    /// alive, for the agent steps (kept with `sims` by `setAgentAlive(_:on:)`).
    struct PlacementNode: Sendable {
        var id: NodeID
        /// Ready and active, and still in the cluster.
        var accepts: Bool
        /// The node's daemon is running (the node has not been taken down or removed).
        var agentAlive = true
        var capacity: Resources
        var reserved = Resources()
        /// Active tasks (assigned … running) of every service.
        var active = 0
    }

    /// A replacement task held at desired `ready`.
    struct Hold: Sendable {
        var after: TaskHandle?
        var notBefore: Timestamp
    }

    /// The default heartbeat period (5 s) times the grace multiplier (3).
    static let heartbeatTimeout: Duration = .seconds(15)
    /// How long raft takes to notice a manager that stopped answering.
    static let raftTimeout: Duration = .seconds(5)
    /// Node down this long: its tasks become orphaned.
    static let orphanAfter: Duration = .seconds(24 * 3600)
    /// Failures of a service on a node within this window (5 minutes, in nanoseconds: the
    /// scheduler checks it for every candidate node) count against the node…
    static let failureWindowNanoseconds: Int64 = 300_000_000_000
    /// …once there are this many.
    static let failureThreshold = 5
    /// Tasks kept per slot, the live one included (`--task-history-limit`).
    public static let taskHistoryLimit = 5
    /// swarmkit's refusal when there is no leader.
    public static let noLeaderMessage =
        "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online."

    /// Builds the cluster of `setup` at its start time: nodes joined (the first manager leads),
    /// services created, and the timeline armed. Tasks are created and scheduled at once;
    /// they start as time advances.
    public init(setup: EngineSetup) {
        clusterName = setup.clusterName
        startTime = setup.start
        now = setup.start
        rng = SeededGenerator(seed: setup.seed)
        images = setup.images
        timeline = setup.timeline.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        for template in setup.nodes { _ = joinNode(template) }
        if leader == nil, let first = cluster.nodeOrder.first(where: { sims[$0]?.raftMember == true }) {
            becomeLeader(first, announce: false)
        }
        for service in setup.services { _ = createService(service.spec) }
        for (i, entry) in timeline.enumerated() { schedule(at: startTime + entry.at, .timeline(i)) }
        settle()
    }

    /// The time since the start.
    public var elapsed: Duration { now - startTime }

    /// The node leading the managers, if there is one.
    public var leaderID: NodeID? { leader }

    /// Whether a majority of the managers can reach each other (and so a leader can exist).
    public var hasQuorum: Bool {
        let (members, reachable) = raftCounts()
        return members > 0 && reachable >= members / 2 + 1
    }

    /// The time of the next thing that will happen by itself, if any.
    public var nextTimerTime: Timestamp? { timers.minTime.map { Timestamp(nanoseconds: $0) } }

    /// The events emitted since the last poll, oldest first.
    public mutating func pollEvents() -> [ClusterEvent] {
        defer { buffer.removeAll(keepingCapacity: true) }
        return buffer
    }

    // MARK: Time

    /// Runs everything due up to and including `target`, in time order, then sets the clock there.
    /// - Complexity: O(k) for k timers due, amortised (see `TimerQueue`), plus their work.
    public mutating func advance(to target: Timestamp) {
        while let time = timers.nextTime(notAfter: target.nanoseconds) {
            // Handle every timer due at this instant, then let the orchestrator and
            // scheduler act once on all of it (swarmkit batches the same way).
            now = Timestamp(nanoseconds: time)
            while let t = timers.popMin(notAfter: time) { handle(t.kind) }
            settle()
        }
        if target > now { now = target }
    }

    /// Runs everything due in the next `duration`.
    public mutating func advance(by duration: Duration) { advance(to: now + duration) }

    // MARK: Actions

    /// Applies an action now and answers it. The answer is also emitted as an event, after
    /// the changes the action caused at once.
    @discardableResult
    public mutating func apply(_ action: ClusterAction) -> ActionOutcome {
        let outcome = perform(action)
        emit(.actionAnswered(action, outcome))
        settle()
        return outcome
    }

    // MARK: Internals shared by every part of the engine

    mutating func schedule(at time: Timestamp, _ kind: EngineTimer.Kind) {
        timerSerial += 1
        timers.insert(EngineTimer(time: max(time.nanoseconds, now.nanoseconds), serial: timerSerial, kind: kind))
    }

    mutating func schedule(after delay: Duration, _ kind: EngineTimer.Kind) {
        schedule(at: now + delay, kind)
    }

    /// `schedule(after:_:)` with the delay in nanoseconds: the agent's steps count in
    /// nanoseconds, as `Duration`'s 128-bit arithmetic costs more than the rest of a step.
    mutating func schedule(afterNanoseconds delay: Int64, _ kind: EngineTimer.Kind) {
        schedule(at: now.adding(nanoseconds: delay), kind)
    }

    /// Whether a change of a task names the fields it touches (see `changeTask`): when its
    /// event carries a note, and in debug builds always, which check every change's names.
    var namesTaskFields: Bool {
        #if DEBUG
        true
        #else
        retainsEvents && notesTaskChanges
        #endif
    }

    /// Numbers an event and keeps it if events are retained. The change is built only then:
    /// building one copies a whole task or service, which a run that only counts events skips.
    /// A task event's note goes with it only when notes are asked for (`notesTaskChanges`).
    mutating func emit(_ change: @autoclosure () -> ClusterEvent.Change, note: @autoclosure () -> TaskChangeNote? = nil) {
        lastSequence += 1
        if retainsEvents {
            buffer.append(ClusterEvent(sequence: lastSequence, time: now, change: change(), note: notesTaskChanges ? note() : nil))
        }
    }

    mutating func nextIndex() -> ObjectVersion {
        storeIndex += 1
        return ObjectVersion(index: storeIndex)
    }

    mutating func makeID() -> String { rng.makeID() }


    /// Changes a node and emits `node.updated` if anything a node event reports, or the
    /// message, changed.
    mutating func changeNode(_ id: NodeID, _ body: (inout Node) -> Void) {
        guard var node = cluster.nodes[id] else { return }
        let before = node
        body(&node)
        guard node != before else { return }
        node.version = nextIndex()
        node.updatedAt = now
        cluster.upsert(node)
        if Engine.placementFactsDiffer(before, node) { nodeEpoch += 1 }
        if let i = placementIndex[id] {
            placement[i].accepts = node.acceptsNewTasks
            placement[i].capacity = node.description.resources
        }
        emit(.nodeUpdated(node, previous: NodeSummary(before)))
    }

    /// Whether what a placement view reads of a node differs between the two (see
    /// `PlacementView`): its ID, hostname, role, platform, labels and engine labels. A change
    /// of state or availability does not count; the scheduler reads those live.
    static func placementFactsDiffer(_ a: Node, _ b: Node) -> Bool {
        a.id != b.id || a.description.hostname != b.description.hostname || a.spec.role != b.spec.role
            || a.description.platform != b.description.platform || a.spec.labels != b.spec.labels
            || a.description.engine.labels != b.description.engine.labels
    }

    /// Changes a service and emits `service.updated`.
    mutating func changeService(_ id: ServiceID, _ body: (inout Service) -> Void) {
        guard var service = cluster.services[id] else { return }
        let before = service
        body(&service)
        guard service != before else { return }
        service.version = nextIndex()
        service.updatedAt = now
        cluster.upsert(service)
        emit(.serviceUpdated(service))
    }

    /// The one place a task changes: keeps the scheduler's counters, emits `task.updated`,
    /// and tells the orchestrator, updater and holds about what matters to them. By handle:
    /// the engine's timers and scheduler hold handles, so the steps they drive reach the task
    /// without hashing its ID.
    ///
    /// `body` changes the task and, when `namesTaskFields`, says which of the fields a
    /// `TaskChangeNote` names it may have changed (each one compared before it is set, where
    /// the task is in the cache): the note of the event, with no copy of the task kept to
    /// compare with after. Debug builds check it against such a copy.
    mutating func changeTask(at handle: TaskHandle, _ body: (inout Task) -> TaskChangeNote.Fields) {
        let index = nextIndex()
        let time = now
        // What the bookkeeping below needs of the change comes back from the cluster: states,
        // and the node by number. No ID is read or copied: every task's ID is its own
        // allocation, seldom in the cache, and most changes (the agent's steps) need none.
        var fields: TaskChangeNote.Fields = []
        var previousVersion: UInt64 = 0
        guard let c = cluster.modifyTask(at: handle, { t in
            let oldState = t.status.state
            previousVersion = t.version.index
            #if DEBUG
            let before = copy t
            #endif
            fields = body(&t)
            t.version = index
            t.updatedAt = time
            if t.status.state != oldState {
                precondition(t.status.state > oldState, "task states only move forward")
                t.stateHistory.append(StateEntry(state: t.status.state, time: time))
            }
            #if DEBUG
            assert(TaskChangeNote(from: before, to: t).map { $0.fields.isSubset(of: fields) } == true, "a task change touched more than it named: \(fields)")
            #endif
        }) else { return }
        let nodeChanged = c.oldNode != c.newNode
        let wasActive = c.oldNode >= 0 && c.oldState.isOnNode
        let isActive = c.newNode >= 0 && c.newState.isOnNode
        if wasActive != isActive || nodeChanged, let (service, reservations) = cluster.readTask(at: handle, { ($0.serviceID, $0.spec.reservations) }) {
            if wasActive, let i = placementIndex(ofNodeNumber: c.oldNode) { trackActive(service: service, reservations: reservations, at: i, delta: -1) }
            if isActive, let i = placementIndex(ofNodeNumber: c.newNode) { trackActive(service: service, reservations: reservations, at: i, delta: +1) }
        }
        // The event's copy of the task is read after the change, and only when events are
        // kept: carried out of the change, it would be moved about even when there is none.
        if retainsEvents, let snapshot = cluster.readTask(at: handle, { $0 }) {
            emit(
                .taskUpdated(snapshot, previousState: c.oldState, previousDesiredState: c.oldDesired),
                note: TaskChangeNote(previousVersion: previousVersion, fields: fields))
        } else {
            lastSequence += 1
        }

        let stateChanged = c.newState != c.oldState
        if stateChanged { taskStateChanges &+= 1 }
        let stopped = stateChanged && c.newState.isTerminal
        let desiredChanged = c.newDesired != c.oldDesired
        // Most changes are an agent step that matters to nobody else: the task itself
        // (with its ID) is read only for those that do.
        guard stopped || desiredChanged || (stateChanged && !watchedByUpdater.isEmpty),
              let task = cluster.readTask(at: handle, { TaskSummary($0, handle: handle) })
        else { return }
        // The task's ID only when the updater watches tasks: it keeps them by ID.
        let watchedID = stateChanged && !watchedByUpdater.isEmpty ? cluster.readTask(at: handle, { $0.id }).flatMap { watchedByUpdater[$0] != nil ? $0 : nil } : nil
        if stopped { taskStopped(task) }
        if let watchedID { updaterSawTaskChange(task, id: watchedID) }
        if desiredChanged { desiredStateChanged(task, from: c.oldDesired) }
    }

    /// What the orchestrator, updater and agent need to know of a changed task: a few fields,
    /// copied without the spec and state history.
    /// No ID: the task's handle stands for it, and the ID (its own allocation, seldom in the
    /// cache) is read only where it is needed.
    struct TaskSummary {
        var handle: TaskHandle
        var serviceID: ServiceID
        var slot: Int?
        var nodeID: NodeID?
        var state: TaskState
        var desiredState: TaskState

        init(_ t: borrowing Task, handle: TaskHandle) {
            (self.handle, serviceID, slot, nodeID, state, desiredState) = (handle, t.serviceID, t.slot, t.nodeID, t.status.state, t.desiredState)
        }

        var slotKey: SlotKey? { SlotKey(service: serviceID, slot: slot, node: nodeID) }
    }

    /// The placement index of the node with this cluster number (see `placementByNodeNumber`);
    /// nil for none (-1) or a node the engine does not place on.
    mutating func placementIndex(ofNodeNumber number: Int32) -> Int? {
        guard number >= 0 else { return nil }
        let n = Int(number)
        if n < placementByNodeNumber.count, placementByNodeNumber[n] >= 0 { return Int(placementByNodeNumber[n]) }
        guard let id = cluster.nodeID(number: number), let i = placementIndex[id] else { return nil }
        if n >= placementByNodeNumber.count { placementByNodeNumber += repeatElement(-1, count: n + 1 - placementByNodeNumber.count) }
        placementByNodeNumber[n] = Int32(i)
        return i
    }

    /// Counts a task of `service` in (`delta` 1) or out (-1) of the node at placement index
    /// `i` (changes read the node's number from the task's phase: no ID to hash).
    private mutating func trackActive(service: ServiceID, reservations r: Resources, at i: Int, delta: Int) {
        placement[i].active += delta
        activeOfService[service, default: []].add(delta, at: i)
        if !r.isZero {
            placement[i].reserved.nanoCPUs += Int64(delta) * r.nanoCPUs
            placement[i].reserved.memoryBytes += Int64(delta) * r.memoryBytes
        }
        if delta < 0 { schedulerDirty = true }
    }

    /// Creates a task (state new) and moves it to pending, as the allocator does.
    @discardableResult
    mutating func createTask(for service: Service, slot: Int?, node: NodeID?, desired: TaskState) -> TaskHandle {
        createTask(of: service.id, template: sharedTemplate(of: service), slot: slot, node: node, desired: desired)
    }

    /// The service's task template, in the box its tasks share. One box per service version:
    /// every change of a service bumps its version, so a box made for that version holds
    /// that version's template.
    mutating func sharedTemplate(of service: Service) -> SharedTaskSpec {
        if let cached = templates[service.id], cached.version == service.version { return cached.spec }
        let spec = SharedTaskSpec(service.spec.taskTemplate)
        templates[service.id] = (service.version, spec)
        return spec
    }

    /// The stored service's shared task template (see `sharedTemplate(of:)`), read without a
    /// copy of the service when the box is current.
    mutating func sharedTemplate(ofService id: ServiceID) -> SharedTaskSpec? {
        guard let version = cluster.readService(id, { $0.version }) else { return nil }
        if let cached = templates[id], cached.version == version { return cached.spec }
        guard let template = cluster.readService(id, { $0.spec.taskTemplate }) else { return nil }
        let spec = SharedTaskSpec(template)
        templates[id] = (version, spec)
        return spec
    }

    /// The index in `imageTable` of the template's image, added on first sight.
    mutating func imageIndex(of template: SharedTaskSpec) -> Int32 {
        if let last = lastTemplateImage, last.template === template { return last.image }
        let name = template.value.image
        let index: Int32
        if let known = imageIndex[name] {
            index = known
        } else {
            index = Int32(imageTable.count)
            let behavior = images.behavior(of: name)
            imageTable.append((name, behavior, ImageTiming(behavior)))
            imageIndex[name] = index
        }
        lastTemplateImage = (template, index)
        return index
    }

    /// Creates a task of the service with this spec (state new) and moves it to pending.
    @discardableResult
    mutating func createTask(of serviceID: ServiceID, template: SharedTaskSpec, slot: Int?, node: NodeID?, desired: TaskState) -> TaskHandle {
        var task = Task(
            id: TaskID(makeID()), version: nextIndex(), createdAt: now, sharedSpec: template, serviceID: serviceID,
            slot: slot, nodeID: node, desiredState: desired)
        task.status.message = "created"
        emit(.taskCreated(task))
        let created = task.version.index
        #if DEBUG
        let before = task
        #endif
        // The allocator's step (new → pending) is made before the task is stored: one store
        // write instead of two. Nothing else can see the task in between.
        task.version = nextIndex()
        task.status = TaskStatus(timestamp: now, state: .pending, message: "pending task scheduling")
        task.stateHistory.append(StateEntry(state: .pending, time: now))
        // The event first, then the task handed over to the store: used after it, the task
        // would be copied whole into the store.
        // The status is new: its time is the creation time still, its message another.
        #if DEBUG
        assert(TaskChangeNote(from: before, to: task)?.fields.isSubset(of: .message) == true, "a new task's first step touched more than its message")
        #endif
        emit(.taskUpdated(task, previousState: .new, previousDesiredState: desired), note: TaskChangeNote(previousVersion: created, fields: .message))
        let slotKey = task.slotKey
        let handle = cluster.store(task)
        cluster.setTaskTag(at: handle, imageIndex(of: template))
        taskStateChanges &+= 1
        pending[serviceID, default: []].append(handle)
        schedulerDirty = true
        pruneHistory(of: slotKey)
        return handle
    }

    /// Sets a task's observed state (forward only) with the agent's message.
    mutating func setState(_ id: TaskID, _ state: TaskState, message: String, err: String? = nil, exitCode: Int? = nil) {
        guard let h = cluster.handle(of: id) else { return }
        setState(at: h, state, message: message, err: err, exitCode: exitCode)
    }

    /// Sets the observed state of the task with this handle (see `setState(_:_:message:err:exitCode:)`).
    mutating func setState(at handle: TaskHandle, _ state: TaskState, message: String, err: String? = nil, exitCode: Int? = nil) {
        let (now, naming) = (self.now, namesTaskFields)
        changeTask(at: handle) { t in
            var fields: TaskChangeNote.Fields = []
            if naming {
                if t.status.timestamp != now { fields.insert(.statusTime) }
                if t.status.message != message { fields.insert(.message) }
                if t.status.err != err { fields.insert(.err) }
            }
            t.status.state = state
            t.status.timestamp = now
            t.status.message = message
            t.status.err = err
            if let exitCode {
                let container = ContainerStatus(containerID: t.status.containerStatus?.containerID, pid: 0, exitCode: exitCode)
                if naming, t.status.containerStatus != container { fields.insert(.container) }
                t.status.containerStatus = container
            }
            return fields
        }
    }

    /// Sets a task's desired state.
    mutating func setDesired(_ id: TaskID, _ state: TaskState) {
        guard let h = cluster.handle(of: id) else { return }
        setDesired(at: h, state)
    }

    /// Sets the desired state of the task with this handle.
    mutating func setDesired(at h: TaskHandle, _ state: TaskState) {
        guard let desired = cluster.readTask(at: h, { $0.desiredState }), desired != state else { return }
        changeTask(at: h) {
            $0.desiredState = state
            return []
        }
    }

    /// Deletes a task from the store (the task reaper's job).
    mutating func deleteTask(_ id: TaskID) {
        guard let h = cluster.handle(of: id) else { return }
        deleteTask(at: h)
    }

    /// Deletes the task with this handle (see `deleteTask(_:)`).
    mutating func deleteTask(at h: TaskHandle) {
        guard let task = cluster.removeTask(at: h) else { return }
        if task.state.isOnNode, let n = task.nodeID, let i = placementIndex[n] {
            trackActive(service: task.serviceID, reservations: task.spec.reservations, at: i, delta: -1)
        }
        if !holds.isEmpty { holds[h] = nil }
        if !watchedByUpdater.isEmpty { watchedByUpdater[task.id] = nil }
        // Removed as it was stored, which the last event about it showed: every change to a
        // stored task is `changeTask`'s, and emits one.
        emit(.taskRemoved(task), note: .unchanged(task))
    }

    /// Lets the orchestrators and scheduler act on everything that changed.
    mutating func settle() {
        guard leader != nil else { return }
        // Each round can only dirty what the next round settles; the bound is a guard
        // against a livelock, after which the next timer or action carries on.
        var rounds = 0
        while (!dirtyServices.isEmpty || schedulerDirty) && rounds < 100 {
            rounds += 1
            let dirty = cluster.serviceOrder.filter { dirtyServices.contains($0) }
            dirtyServices.removeAll()
            for id in dirty { reconcile(id) }
            if schedulerDirty {
                schedulerDirty = false
                runScheduler()
            }
        }
    }

    private mutating func handle(_ kind: EngineTimer.Kind) {
        switch kind {
        case .agent(let id, let expected): agentStep(id, expected: expected)
        case .exit(let id, let crashed): processExited(id, crashed: crashed)
        case .release(let h): checkRelease(h)
        case .heartbeat(let node, let gen): heartbeatExpired(node, generation: gen)
        case .reconnect(let node, let gen): nodeReconnected(node, generation: gen)
        case .raftTimeout(let node, let gen): raftNoticedDown(node, generation: gen)
        case .election(let gen): electionEnded(generation: gen)
        case .orphan(let node, let gen): orphanTasks(on: node, generation: gen)
        case .timeline(let i): apply(timeline[i].action)
        case .updateWorker(let service, let run, let worker): updateWorkerReady(service, run: run, worker: worker)
        case .updateMonitor(let service, let run): updateMonitorEnded(service, run: run)
        }
    }
}

extension Array where Element == [Timestamp] {
    /// Records a failure at `time` on the node with this index, keeping the last
    /// `failureThreshold` (growing the array with empty lists as needed).
    mutating func recordFailure(at time: Timestamp, onNode index: Int) {
        if index >= count { append(contentsOf: repeatElement([], count: index + 1 - count)) }
        self[index].append(time)
        if self[index].count > Engine.failureThreshold { self[index].removeFirst(self[index].count - Engine.failureThreshold) }
    }
}

extension Array where Element == Int {
    /// Adds `delta` at `index`, growing the array with zeros as needed.
    mutating func add(_ delta: Int, at index: Int) {
        if index >= count { append(contentsOf: repeatElement(0, count: index + 1 - count)) }
        self[index] += delta
    }
}

extension Dictionary where Key == String, Value == ImageBehavior {
    /// How the image behaves: as the setup says, else the default. Asked of the engine's
    /// `images`, not of the engine: a non-mutating method of the engine, called from the
    /// mutating ones that drive every task step, would be handed a copy of the whole engine.
    func behavior(of image: String) -> ImageBehavior { self[image] ?? ImageBehavior() }
}
