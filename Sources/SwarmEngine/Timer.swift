import SwarmModel

/// Something the engine must do at a virtual time. Timers are never cancelled: each handler
/// checks that what it was set for still holds (a state, a generation) and otherwise does nothing.
///
/// Kept to 32 bytes: the heap moves timers on every insert and pop, tens of thousands of times
/// per virtual second in a busy cluster. The per-task kinds carry a task handle (8 bytes, and
/// no reference count) and a byte; the rarer ones that name a node or service are boxed
/// (`indirect`).
struct EngineTimer: Comparable, Sendable {
    var time: Int64
    /// Tie-breaker: timers set earlier fire first, so runs are deterministic.
    var serial: UInt64
    var kind: Kind

    enum Kind: Sendable {
        /// The node's agent takes the task's next step if the task is still in `expected`.
        case agent(TaskHandle, expected: TaskState)
        /// The task's process exits if it is still running: a crash (the image's exit code) or
        /// the end of a job-like run (code 0).
        case exit(TaskHandle, crashed: Bool)
        /// A replacement's restart delay is over: release it if its predecessor has stopped.
        case release(TaskHandle)
        /// The managers notice missed heartbeats (if the node is still silent in this generation).
        indirect case heartbeat(NodeID, generation: Int)
        /// A node's daemon reconnects to the managers.
        indirect case reconnect(NodeID, generation: Int)
        /// Raft notices that a manager stopped answering.
        indirect case raftTimeout(NodeID, generation: Int)
        /// An election ends.
        case election(generation: Int)
        /// Tasks on a node down this long become orphaned.
        indirect case orphan(NodeID, generation: Int)
        /// The next timeline action.
        case timeline(Int)
        /// An update worker's delay is over.
        indirect case updateWorker(ServiceID, run: Int, worker: Int)
        /// The update's last monitoring period is over.
        indirect case updateMonitor(ServiceID, run: Int)
    }

    static func < (a: Self, b: Self) -> Bool { a.time != b.time ? a.time < b.time : a.serial < b.serial }
    static func == (a: Self, b: Self) -> Bool { a.time == b.time && a.serial == b.serial }
}
