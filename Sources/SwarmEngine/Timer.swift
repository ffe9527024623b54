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

/// The engine's pending timers, earliest first; of timers due at the same instant, the one set
/// first comes first (`EngineTimer.<`), so runs are deterministic.
///
/// A four-ary min-heap in one array. The engine only ever needs the earliest timer, which a
/// plain min-heap gives more cheaply than a min-max heap; four children per parent make the
/// heap half as deep as a binary one, and a parent's children sit side by side in memory.
/// Elements move into a hole rather than being swapped, one write per level.
struct TimerQueue: Sendable {
    private var items: ContiguousArray<EngineTimer> = []

    /// The earliest timer.
    var min: EngineTimer? { items.first }

    /// The number of pending timers.
    var count: Int { items.count }

    /// Adds a timer.
    /// - Complexity: O(log₄ n).
    mutating func insert(_ timer: EngineTimer) {
        items.append(timer)
        items.withUnsafeMutableBufferPointer { b in
            var i = b.count - 1
            while i > 0 {
                let parent = (i - 1) >> 2
                guard timer < b[parent] else { break }
                b[i] = b[parent]
                i = parent
            }
            b[i] = timer
        }
    }

    /// Removes and returns the earliest timer.
    /// - Complexity: O(log₄ n).
    mutating func popMin() -> EngineTimer? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        return items.withUnsafeMutableBufferPointer { b in
            let top = b[0]
            let n = b.count
            var i = 0
            while true {
                let first = 4 &* i &+ 1
                guard first < n else { break }
                let end = Swift.min(first &+ 4, n)
                var least = first
                var c = first &+ 1
                while c < end {
                    if b[c] < b[least] { least = c }
                    c &+= 1
                }
                guard b[least] < last else { break }
                b[i] = b[least]
                i = least
            }
            b[i] = last
            return top
        }
    }
}
