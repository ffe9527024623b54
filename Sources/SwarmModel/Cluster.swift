/// The identity of a task slot: a replicated service's slot number, or a global service's node.
/// A slot's tasks are its live task and its history.
public enum SlotKey: Hashable, Sendable {
    case replicated(ServiceID, Int)
    case global(ServiceID, NodeID)

    public var serviceID: ServiceID {
        switch self {
        case .replicated(let s, _), .global(let s, _): s
        }
    }
}

extension SlotKey {
    /// See `SwarmIdentifier._rawHashValue(seed:)`: slot keys are looked up whenever a task
    /// is created, stops or is pruned.
    public func _rawHashValue(seed: Int) -> Int {
        switch self {
        case .replicated(let service, let slot): mixedHash(service.digest &+ UInt64(bitPattern: Int64(slot)) &* 0x9e37_79b9_7f4a_7c15, seed: seed)
        case .global(let service, let node): mixedHash(service.digest ^ (node.digest &* 0x9e37_79b9_7f4a_7c15 &+ 1), seed: seed)
        }
    }

    /// The slot of a task of `service` with this slot number or node; nil for a global task
    /// not yet bound to a node.
    public init?(service: ServiceID, slot: Int?, node: NodeID?) {
        if let slot {
            self = .replicated(service, slot)
        } else if let node {
            self = .global(service, node)
        } else {
            return nil
        }
    }
}

extension Task {
    /// The slot this task belongs to; nil for a global task not yet bound to a node.
    public var slotKey: SlotKey? { SlotKey(service: serviceID, slot: slot, node: nodeID) }
}

/// The cluster as a set of indexed values: nodes, services and tasks by ID, plus tasks by
/// service, node and slot, hostname and service-name look-ups, and running/state counters.
///
/// The engine keeps its truth in one; every consumer (dashboard, recorder) rebuilds the same
/// one by `apply(_:)`-ing the events.
public struct Cluster: Sendable {
    public private(set) var nodes: [NodeID: Node] = [:]
    public private(set) var services: [ServiceID: Service] = [:]
    public private(set) var tasks = TaskTable()

    /// Node IDs in the order the nodes joined.
    public private(set) var nodeOrder: [NodeID] = []
    /// Service IDs in the order the services were created.
    public private(set) var serviceOrder: [ServiceID] = []

    /// By handle, as the slots below: a handle hashes and compares as one integer, with no
    /// reference to count, where adding and removing IDs was a twentieth of the engine's time.
    private var tasksByService: [ServiceID: Set<TaskHandle>] = [:]
    /// By the node's number (see `nodeNumbers`).
    private var tasksByNode: [Set<TaskHandle>] = []
    /// A number for every node ID a task ever named, given on first sight and never taken
    /// back: a task's node is kept as this number next to its states (`TaskPhase.node`), so
    /// a change tells whether the task moved by one exact comparison with the ID held here,
    /// with no copy of either ID (copying one counts a reference on every task step).
    private var nodeNumbers: [NodeID: Int32] = [:]
    /// The node ID of each number.
    private var nodeIDsByNumber: [NodeID] = []
    /// By handle: the restart supervisor and history pruning read a slot's tasks whenever a
    /// task stops, and a handle reaches each without hashing its ID.
    private var tasksBySlot: [SlotKey: [TaskHandle]] = [:]
    private var nodeByHostname: [String: NodeID] = [:]
    private var serviceByName: [String: ServiceID] = [:]
    private var runningByService: [ServiceID: Int] = [:]
    private var countByState: [Int] = Array(repeating: 0, count: TaskState.allCases.count)

    public init() {}

    // MARK: Look-ups

    /// The node with this ID, else the one with this hostname, else the only one whose ID starts
    /// with it (as the docker CLI resolves node names).
    /// - Complexity: O(1) for an ID or hostname; O(n) for a prefix.
    public func node(named ref: String) -> Node? {
        if let n = nodes[NodeID(ref)] { return n }
        if let id = nodeByHostname[ref] { return nodes[id] }
        guard !ref.isEmpty else { return nil }
        let matches = nodeOrder.filter { $0.rawValue.hasPrefix(ref) }
        return matches.count == 1 ? nodes[matches[0]] : nil
    }

    /// The service with this ID or name, else the only one whose ID starts with it.
    /// - Complexity: O(1) for an ID or name; O(n) for a prefix.
    public func service(named ref: String) -> Service? {
        if let s = services[ServiceID(ref)] { return s }
        if let id = serviceByName[ref] { return services[id] }
        guard !ref.isEmpty else { return nil }
        let matches = serviceOrder.filter { $0.rawValue.hasPrefix(ref) }
        return matches.count == 1 ? services[matches[0]] : nil
    }

    /// The task with this ID, or the live (newest) task of `service.slot`.
    public func task(named ref: String) -> Task? {
        if let t = tasks[TaskID(ref)] { return t }
        guard let dot = ref.lastIndex(of: "."), let slot = Int(ref[ref.index(after: dot)...]),
              let service = service(named: String(ref[..<dot])) else { return nil }
        return tasksBySlot[.replicated(service.id, slot)]?.last.map { tasks.entries[Int($0.index)] }
    }

    /// Nodes in join order.
    /// - Complexity: O(n).
    public var orderedNodes: [Node] { nodeOrder.compactMap { nodes[$0] } }

    /// Services in creation order.
    /// - Complexity: O(n).
    public var orderedServices: [Service] { serviceOrder.compactMap { services[$0] } }

    /// The IDs of the service's tasks (live and history), in no particular order.
    /// - Complexity: O(k) for the service's k tasks.
    public func taskIDs(ofService id: ServiceID) -> Set<TaskID> { Set((tasksByService[id] ?? []).map { tasks.entries[Int($0.index)].id }) }

    /// The IDs of the tasks assigned to the node (live and history), in no particular order.
    /// - Complexity: O(k) for the node's k tasks.
    public func taskIDs(onNode id: NodeID) -> Set<TaskID> { Set(handles(onNode: id).map { tasks.entries[Int($0.index)].id }) }

    /// The handles of the service's tasks (live and history), in no particular order.
    package func taskHandles(ofService id: ServiceID) -> Set<TaskHandle> { tasksByService[id] ?? [] }

    /// The number of tasks assigned to the node (live and history).
    /// - Complexity: O(1).
    public func taskCount(onNode id: NodeID) -> Int { handles(onNode: id).count }

    /// The observed states of the tasks assigned to the node, in no particular order.
    /// - Complexity: O(k) for the node's k tasks, none of which is read whole.
    public func taskStates(onNode id: NodeID) -> [TaskState] {
        handles(onNode: id).map { tasks.phases[Int($0.index)].state }
    }

    private func handles(onNode id: NodeID) -> Set<TaskHandle> {
        guard let n = nodeNumbers[id] else { return [] }
        return tasksByNode[Int(n)]
    }

    /// The node ID with this number (see `nodeNumbers`); nil for -1, a task with no node.
    package func nodeID(number: Int32) -> NodeID? { number >= 0 ? nodeIDsByNumber[Int(number)] : nil }

    /// The service's tasks, sorted by slot (or node) and then newest first.
    /// - Complexity: O(k log k) for the service's k tasks.
    public func tasks(ofService id: ServiceID) -> [Task] {
        (tasksByService[id] ?? []).map { tasks.entries[Int($0.index)] }.sorted(by: Cluster.slotOrder)
    }

    /// The tasks assigned to the node, sorted by service, slot, newest first.
    /// - Complexity: O(k log k) for the node's k tasks.
    public func tasks(onNode id: NodeID) -> [Task] {
        handles(onNode: id).map { tasks.entries[Int($0.index)] }.sorted(by: Cluster.slotOrder)
    }

    /// The tasks of one slot, oldest first; the last is the live one.
    public func tasks(inSlot key: SlotKey) -> [Task] {
        (tasksBySlot[key] ?? []).map { tasks.entries[Int($0.index)] }
    }

    /// The task IDs of one slot, oldest first.
    public func taskIDs(inSlot key: SlotKey) -> [TaskID] { (tasksBySlot[key] ?? []).map { tasks.entries[Int($0.index)].id } }

    /// The handles of one slot's tasks, oldest first.
    package func taskHandles(inSlot key: SlotKey) -> [TaskHandle] { tasksBySlot[key] ?? [] }

    /// Tasks observed running whose desired state is running, for the service.
    /// - Complexity: O(1).
    public func runningCount(ofService id: ServiceID) -> Int { runningByService[id] ?? 0 }

    /// How many tasks are in each observed state.
    /// - Complexity: O(1).
    public func count(of state: TaskState) -> Int { countByState[state.position] }

    /// The number of desired tasks of a service: replicas, or the global tasks meant to run.
    public func desiredCount(ofService id: ServiceID) -> Int {
        guard let s = services[id] else { return 0 }
        switch s.spec.mode {
        case .replicated(let n): return n
        case .global: return (tasksByService[id] ?? []).reduce(0) { $0 + (tasks.phase($1)?.desired == .running ? 1 : 0) }
        }
    }

    /// The service with its `ServiceStatus` filled in, as `GET /services?status=true` gives it.
    public func withStatus(_ service: Service) -> Service {
        var s = service
        let completed = (tasksByService[service.id] ?? []).reduce(0) { $0 + (tasks.phase($1)?.state == .complete ? 1 : 0) }
        s.serviceStatus = ServiceStatus(
            runningTasks: runningCount(ofService: service.id), desiredTasks: desiredCount(ofService: service.id), completedTasks: completed)
        return s
    }

    /// Sort order for task listings: service name, slot or node, then newest first.
    public static func slotOrder(_ a: Task, _ b: Task) -> Bool {
        if a.serviceID != b.serviceID { return a.serviceID < b.serviceID }
        if a.slot != b.slot { return (a.slot ?? 0) < (b.slot ?? 0) }
        if a.nodeID != b.nodeID { return (a.nodeID?.rawValue ?? "") < (b.nodeID?.rawValue ?? "") }
        if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
        return a.id > b.id
    }

    // MARK: Changes

    /// Adds or replaces a node.
    public mutating func upsert(_ node: Node) {
        if let old = nodes[node.id] {
            if old.description.hostname != node.description.hostname, nodeByHostname[old.description.hostname] == node.id {
                nodeByHostname[old.description.hostname] = nil
            }
        } else {
            nodeOrder.append(node.id)
        }
        nodes[node.id] = node
        if nodeByHostname[node.description.hostname] == nil { nodeByHostname[node.description.hostname] = node.id }
    }

    /// Removes a node (its tasks stay; they name a node that is gone).
    /// - Complexity: O(n) in the number of nodes.
    public mutating func removeNode(_ id: NodeID) {
        guard let old = nodes.removeValue(forKey: id) else { return }
        nodeOrder.removeAll { $0 == id }
        if nodeByHostname[old.description.hostname] == id {
            nodeByHostname[old.description.hostname] = nodes.values.first { $0.description.hostname == old.description.hostname }?.id
        }
    }

    /// Adds or replaces a service.
    public mutating func upsert(_ service: Service) {
        if let old = services[service.id] {
            if old.spec.name != service.spec.name, serviceByName[old.spec.name] == service.id { serviceByName[old.spec.name] = nil }
        } else {
            serviceOrder.append(service.id)
        }
        services[service.id] = service
        serviceByName[service.spec.name] = service.id
    }

    /// Removes a service (its tasks are removed by their own events).
    /// - Complexity: O(n) in the number of services.
    public mutating func removeService(_ id: ServiceID) {
        guard let old = services.removeValue(forKey: id) else { return }
        serviceOrder.removeAll { $0 == id }
        if serviceByName[old.spec.name] == id { serviceByName[old.spec.name] = nil }
        runningByService[id] = nil
    }

    /// Adds or replaces a task, keeping every index current.
    /// - Complexity: O(1) amortised; O(slot history) when the task's slot changes.
    public mutating func upsert(_ task: consuming Task) { store(task) }

    /// Adds or replaces a task (see `upsert(_:)`) and returns its handle.
    /// - Complexity: O(1) amortised; O(slot history) when the task's slot changes.
    @discardableResult
    package mutating func store(_ task: consuming Task) -> TaskHandle {
        // What the indexes need is read first, so that the task itself moves into the table
        // (read after, it would be copied into it whole).
        let (serviceID, slot, state, desired) = (task.serviceID, task.slot, task.status.state, task.desiredState)
        guard let existing = tasks.handle(of: task.id) else {
            let node = number(ofNode: task.nodeID)
            let slotKey = SlotKey(service: serviceID, slot: slot, node: task.nodeID)
            let handle = tasks.insert(task, node: node)
            tasksByService[serviceID, default: []].insert(handle)
            count(service: serviceID, state: state, desired: desired, delta: 1)
            reindex(handle, fromNode: -1, toNode: node, fromSlot: nil, toSlot: slotKey)
            return handle
        }
        // Most replacements are a new state of a task that stays where it was: its node is
        // told by comparing IDs, and the slot keys are only made when the node or slot changed.
        let i = Int(existing.index)
        let oldNode = tasks.phases[i].node
        let node = task.nodeID == nodeID(number: oldNode) ? oldNode : number(ofNode: task.nodeID)
        let sameService = tasks.entries[i].serviceID == serviceID
        let moved = node != oldNode || slot != tasks.entries[i].slot || !sameService
        let newSlotKey = moved ? SlotKey(service: serviceID, slot: slot, node: task.nodeID) : nil
        let old = tasks.replace(at: existing, with: task, node: node)
        count(service: old.serviceID, state: old.status.state, desired: old.desiredState, delta: -1)
        count(service: serviceID, state: state, desired: desired, delta: 1)
        if moved { reindex(existing, fromNode: oldNode, toNode: node, fromSlot: old.slotKey, toSlot: newSlotKey) }
        if !sameService {
            Cluster.remove(existing, under: old.serviceID, from: &tasksByService)
            tasksByService[serviceID, default: []].insert(existing)
        }
        return existing
    }

    /// The number of this node ID (see `nodeNumbers`), given now if it has none; -1 for nil.
    private mutating func number(ofNode id: NodeID?) -> Int32 {
        guard let id else { return -1 }
        if let n = nodeNumbers[id] { return n }
        let n = Int32(nodeIDsByNumber.count)
        nodeNumbers[id] = n
        nodeIDsByNumber.append(id)
        tasksByNode.append([])
        return n
    }

    /// Changes a task in place (no copy of its state history), keeping every index current.
    /// Returns what `body` returns, or nil when there is no such task.
    /// - Complexity: O(1) amortised, plus `body`.
    @inlinable
    @discardableResult
    public mutating func modifyTask<R>(_ id: TaskID, _ body: (inout Task) -> R) -> R? {
        // Generic only here, where it inlines into the caller: the work is done by a
        // non-generic function, so the engine's hot path pays no generic dispatch.
        guard let h = tasks.handle(of: id) else { return nil }
        var result: R?
        guard modifyTask(at: h, { result = body(&$0) }) != nil else { return nil }
        return result
    }

    /// Reads a task where it is stored: `body` sees it in place, with no copy. Mutating only
    /// because Swift reads a stored value in place only through a mutable access; the
    /// task is not changed.
    /// - Complexity: O(1), plus `body`.
    @inlinable
    public mutating func readTask<R>(_ id: TaskID, _ body: (Task) -> R) -> R? {
        var result: R?
        guard readStoredTask(id, { result = body($0) }) else { return nil }
        return result
    }

    /// Reads a node where it is stored, with no copy (see `readTask`): the scheduler checks
    /// constraints and spread labels on every node whenever a node changed.
    /// - Complexity: O(1), plus `body`.
    @inlinable
    public mutating func readNode<R>(_ id: NodeID, _ body: (Node) -> R) -> R? {
        var result: R?
        guard readStoredNode(id, { result = body($0) }) else { return nil }
        return result
    }

    /// Reads a service where it is stored, with no copy (see `readTask`).
    /// - Complexity: O(1), plus `body`.
    @inlinable
    public mutating func readService<R>(_ id: ServiceID, _ body: (Service) -> R) -> R? {
        var result: R?
        guard readStoredService(id, { result = body($0) }) else { return nil }
        return result
    }

    /// Reads the task with this handle in place (see `readTask(_:_:)`); nil when the handle's
    /// task was removed. Handed through `inout` only so that it is not copied (a by-value
    /// parameter is copied out of the store first): `body` must not change the task.
    /// - Complexity: O(1), plus `body`.
    @inlinable
    package mutating func readTask<R>(at handle: TaskHandle, _ body: (inout Task) -> R) -> R? {
        var result: R?
        guard readStoredTask(at: handle, { result = body(&$0) }) else { return nil }
        return result
    }

    /// The handle of the task with this ID.
    /// - Complexity: O(1).
    @inlinable
    package func handle(of id: TaskID) -> TaskHandle? { tasks.handle(of: id) }

    /// The observed and desired state of the handle's task, read without touching the task
    /// (see `TaskTable`); nil when the handle's task was removed.
    /// - Complexity: O(1).
    @inlinable
    package func taskPhase(at handle: TaskHandle) -> TaskPhase? { tasks.phase(handle) }

    /// Sets the number the owner keeps beside the handle's task (`TaskPhase.tag`; 0 for a
    /// task stored anew); nothing when the handle's task was removed.
    package mutating func setTaskTag(at handle: TaskHandle, _ tag: Int32) {
        guard tasks.phase(handle) != nil else { return }
        tasks.phases[Int(handle.index)].tag = tag
    }

    /// Changes the task with this handle in place (see `modifyTask(_:_:)`) and tells what
    /// changed of its states and node; nil when the handle's task was removed.
    /// - Complexity: O(1) amortised, plus `body`.
    @usableFromInline
    @discardableResult
    package mutating func modifyTask(at h: TaskHandle, _ body: (inout Task) -> Void) -> TaskChange? {
        guard let phase = tasks.phase(h) else { return nil }
        let i = Int(h.index)
        // The node the task is on, as the cluster holds it (its number's ID, a reference that
        // is always in the cache): whether the task moved is then one exact comparison, with
        // nothing copied out of the task.
        let oldNodeID = nodeID(number: phase.node)
        // Everything is read through the one in-place access: a plain read of a stored task
        // copies it whole (a dozen reference counts), which the engine cannot afford per step.
        // The service's ID is not even read unless the task starts or stops counting as running.
        let (newState, newDesired, sameNode, oldSlot, newSlot, runningService) = Cluster.inPlace(&tasks.entries[i]) { t in
            let oldSlot = t.slot
            #if DEBUG
            // Checked in debug builds only: on every change it reads two fields the change
            // itself never touches.
            let (idDigest, serviceDigest) = (t.id.digest, t.serviceID.digest)
            defer { assert(t.id.digest == idDigest && t.serviceID.digest == serviceDigest, "a task's ID and service never change") }
            #endif
            body(&t)
            let runs = t.status.state == .running && t.desiredState == .running
            let ran = phase.state == .running && phase.desired == .running
            return (t.status.state, t.desiredState, t.nodeID == oldNodeID, oldSlot, t.slot, runs != ran ? t.serviceID : nil)
        }
        tasks.notePhase(at: i, state: newState, desired: newDesired)
        countByState[phase.state.position] -= 1
        countByState[newState.position] += 1
        if let runningService { runningByService[runningService, default: 0] += newState == .running && newDesired == .running ? 1 : -1 }
        var change = TaskChange(oldState: phase.state, oldDesired: phase.desired, newState: newState, newDesired: newDesired, oldNode: phase.node, newNode: phase.node)
        if !sameNode || oldSlot != newSlot {
            // Moved (the scheduler assigned it): the rare case, where the IDs are read.
            let (serviceID, newNodeID) = (tasks.entries[i].serviceID, tasks.entries[i].nodeID)
            change.newNode = sameNode ? phase.node : number(ofNode: newNodeID)
            tasks.phases[i].node = change.newNode
            reindex(
                h, fromNode: change.oldNode, toNode: change.newNode,
                fromSlot: SlotKey(service: serviceID, slot: oldSlot, node: oldNodeID),
                toSlot: SlotKey(service: serviceID, slot: newSlot, node: newNodeID))
        }
        return change
    }

    @usableFromInline
    mutating func readStoredTask(_ id: TaskID, _ body: (inout Task) -> Void) -> Bool {
        guard let h = tasks.handle(of: id) else { return false }
        return readStoredTask(at: h, body)
    }

    @usableFromInline
    mutating func readStoredTask(at h: TaskHandle, _ body: (inout Task) -> Void) -> Bool {
        guard tasks.contains(h) else { return false }
        // Handed through an inout access, the closure reads the task where it is stored.
        // Handed as a value, the task was first copied to the stack; through a pointer's
        // `pointee`, copied with every reference retained.
        body(&tasks.entries[Int(h.index)])
        return true
    }

    @usableFromInline
    mutating func readStoredNode(_ id: NodeID, _ body: (Node) -> Void) -> Bool {
        guard let i = nodes.index(forKey: id) else { return false }
        Cluster.inPlace(&nodes.values[i]) { body($0) }
        return true
    }

    @usableFromInline
    mutating func readStoredService(_ id: ServiceID, _ body: (Service) -> Void) -> Bool {
        guard let i = services.index(forKey: id) else { return false }
        Cluster.inPlace(&services.values[i]) { body($0) }
        return true
    }

    private static func inPlace<T, R>(_ value: inout T, _ body: (inout T) -> R) -> R { body(&value) }

    /// Removes a task.
    /// - Complexity: O(slot history).
    @discardableResult
    public mutating func removeTask(_ id: TaskID) -> Task? {
        guard let h = tasks.handle(of: id) else { return nil }
        return removeTask(at: h)
    }

    /// Removes the task with this handle (see `removeTask(_:)`); nil when it was removed already.
    /// - Complexity: O(slot history).
    @discardableResult
    package mutating func removeTask(at h: TaskHandle) -> Task? {
        guard let node = tasks.phase(h)?.node, let old = tasks.remove(at: h) else { return nil }
        count(service: old.serviceID, state: old.status.state, desired: old.desiredState, delta: -1)
        Cluster.remove(h, under: old.serviceID, from: &tasksByService)
        reindex(h, fromNode: node, toNode: -1, fromSlot: old.slotKey, toSlot: nil)
        return old
    }

    /// Removes `handle` from the set under `key`, and the set when it is left empty: one
    /// look-up of the key, not three.
    private static func remove<Key: Hashable>(_ handle: TaskHandle, under key: Key, from index: inout [Key: Set<TaskHandle>]) {
        guard let i = index.index(forKey: key) else { return }
        index.values[i].remove(handle)
        if index.values[i].isEmpty { index.remove(at: i) }
    }

    /// Applies one event from a source. Action answers change nothing.
    /// - Complexity: O(1) amortised per event. The event is consumed: a task it carries
    ///   moves into the cluster rather than being copied.
    public mutating func apply(_ event: consuming ClusterEvent) {
        switch (consume event).change {
        case .nodeCreated(let n), .nodeUpdated(let n, _): upsert(n)
        case .nodeRemoved(let n): removeNode(n.id)
        case .serviceCreated(let s), .serviceUpdated(let s): upsert(s)
        case .serviceRemoved(let s): removeService(s.id)
        case .taskCreated(let t), .taskUpdated(let t, _, _): upsert(t)
        case .taskRemoved(let t): removeTask(t.id)
        case .actionAnswered: break
        }
    }

    /// Counts a task in (`delta` 1) or out (-1) of the state and running counters.
    private mutating func count(service: ServiceID, state: TaskState, desired: TaskState, delta: Int) {
        if state == .running && desired == .running { runningByService[service, default: 0] += delta }
        countByState[state.position] += delta
    }

    /// Moves a task's handle between nodes (by number; -1 for none) and slots.
    private mutating func reindex(_ handle: TaskHandle, fromNode: Int32, toNode: Int32, fromSlot: SlotKey?, toSlot: SlotKey?) {
        if fromNode != toNode {
            if fromNode >= 0 { tasksByNode[Int(fromNode)].remove(handle) }
            if toNode >= 0 { tasksByNode[Int(toNode)].insert(handle) }
        }
        if fromSlot != toSlot {
            if let k = fromSlot, let i = tasksBySlot.index(forKey: k) {
                tasksBySlot.values[i].removeAll { $0 == handle }
                if tasksBySlot.values[i].isEmpty { tasksBySlot.remove(at: i) }
            }
            if let k = toSlot { tasksBySlot[k, default: []].append(handle) }
        }
    }
}
