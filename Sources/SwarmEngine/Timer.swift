import HeapModule
import SwarmModel

/// Something the engine must do at a virtual time. Timers are never cancelled: each handler
/// checks that what it was set for still holds (a state, a generation) and otherwise does nothing.
///
/// Kept to 32 bytes: the queue copies timers into buckets and sorts them, tens of thousands of
/// times per virtual second in a busy cluster. The per-task kinds carry a task handle (8 bytes, and
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
/// A calendar queue: a wheel of buckets a little over a millisecond wide each, covering the
/// next four seconds or so, and a heap for timers further off. A timer goes into the bucket
/// of its time, unsorted; a bucket is gathered and sorted when the clock reaches it, and then
/// given out in order. Nearly every timer the engine sets (an agent's step, a process exit, a
/// restart delay) falls within the wheel, where a heap of a busy cluster's tens of thousands
/// of timers walked a few cache lines on every pop (a seventh of the engine's time).
///
/// The buckets not yet reached keep their timers in chunks of eight from one pool, with each
/// bucket's first and last chunk and fill in small arrays that stay in the cache: setting a
/// timer writes one slot of a chunk, and touches no bucket's own storage (an array per bucket
/// cost a cache miss on its header as well as on its end, for every timer set).
///
/// Invariant: the wheel holds exactly the timers before the end of its last bucket
/// (`windowStart + span`), the heap those at or after it. So the earliest timer is in the wheel whenever
/// the wheel holds any, and in the current bucket or the first non-empty one after it.
struct TimerQueue: Sendable {
    private static let bucketShift: Int64 = 20  // 2^20 ns, about a millisecond
    private static let bucketWidth: Int64 = 1 << bucketShift
    private static let bucketCount = 4096  // about 4.3 s of buckets
    private static let span = bucketWidth * Int64(bucketCount)
    private static let chunkSize = 8
    private static let blank = EngineTimer(time: 0, serial: 0, kind: .election(generation: 0))

    /// The timers of the buckets not yet reached: chunk `c` is `pool[8c ..< 8c + 8]`.
    private var pool: ContiguousArray<EngineTimer> = []
    /// The next chunk of the same bucket, or -1.
    private var chunkNext: ContiguousArray<Int32> = []
    private var freeChunks: [Int32] = []
    /// Each bucket's first and last chunk (-1: none) and how many timers its last one holds.
    private var heads = ContiguousArray<Int32>(repeating: -1, count: TimerQueue.bucketCount)
    private var tails = ContiguousArray<Int32>(repeating: -1, count: TimerQueue.bucketCount)
    private var tailFill = ContiguousArray<Int32>(repeating: 0, count: TimerQueue.bucketCount)

    /// The bucket the clock is in, and its timers sorted from `consumed` on (what is before it
    /// was given out).
    private var current = 0
    private var currentTimers: ContiguousArray<EngineTimer> = []
    private var consumed = 0
    /// The start time of the current bucket. From the start of time: a fresh queue takes any
    /// timer (a scenario may start before 1970); the first goes to the heap, and the first
    /// look at the clock jumps to it.
    private var windowStart: Int64 = .min
    /// Timers in the wheel.
    private var wheelCount = 0
    /// Timers at or after the wheel's end, earliest first.
    private var far = Heap<EngineTimer>()

    /// The number of pending timers.
    var count: Int { wheelCount + far.count }

    /// Whether a time (not before `windowStart`) falls in the wheel: before the end of its
    /// last bucket (`windowStart + span`, taken without overflow).
    private func isNear(_ time: Int64) -> Bool { UInt64(bitPattern: time &- windowStart) < UInt64(TimerQueue.span) }

    /// The time of the earliest timer, found without moving the clock (see `nextTime(notAfter:)`).
    var minTime: Int64? {
        guard wheelCount > 0 else { return far.min?.time }
        if consumed < currentTimers.count { return currentTimers[consumed].time }
        var b = (current + 1) & (TimerQueue.bucketCount - 1)
        while heads[b] < 0 { b = (b + 1) & (TimerQueue.bucketCount - 1) }
        var least = Int64.max
        forEachTimer(in: b) { least = Swift.min(least, $0.time) }
        return least
    }

    /// Adds a timer. Its time must not be before the last one given out, nor before the
    /// limit of the last `nextTime(notAfter:)` that found none.
    /// - Complexity: O(1), or O(k) for k timers left in the current bucket, or O(log n) for
    ///   n timers beyond the wheel.
    mutating func insert(_ timer: EngineTimer) {
        precondition(timer.time >= windowStart, "a timer set before the time already reached")
        guard isNear(timer.time) else {
            far.insert(timer)
            return
        }
        wheelCount += 1
        let b = bucket(of: timer.time)
        guard b == current else {
            append(timer, toBucket: b)
            return
        }
        // The current bucket is in order from `consumed` on: the timer goes in its place.
        var lo = consumed, hi = currentTimers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if currentTimers[mid] < timer { lo = mid + 1 } else { hi = mid }
        }
        currentTimers.insert(timer, at: lo)
    }

    /// The time of the earliest timer if it is at or before `limit`, with the clock moved to
    /// its bucket; nil, with the clock moved no further than `limit`, if there is none.
    mutating func nextTime(notAfter limit: Int64) -> Int64? {
        guard settle(notAfter: limit) else { return nil }
        let time = currentTimers[consumed].time
        return time <= limit ? time : nil
    }

    /// Removes and returns the earliest timer if it is at or before `limit` (see
    /// `nextTime(notAfter:)`).
    mutating func popMin(notAfter limit: Int64 = .max) -> EngineTimer? {
        guard nextTime(notAfter: limit) != nil else { return nil }
        let timer = currentTimers[consumed]
        consumed += 1
        wheelCount -= 1
        return timer
    }

    private func bucket(of time: Int64) -> Int { Int(truncatingIfNeeded: time >> TimerQueue.bucketShift) & (TimerQueue.bucketCount - 1) }

    /// Puts a timer in a bucket the clock has not reached, in its last chunk (a new one when
    /// that is full).
    private mutating func append(_ timer: EngineTimer, toBucket b: Int) {
        if heads[b] < 0 {
            let c = newChunk()
            (heads[b], tails[b], tailFill[b]) = (c, c, 0)
        } else if tailFill[b] == TimerQueue.chunkSize {
            let c = newChunk()
            chunkNext[Int(tails[b])] = c
            (tails[b], tailFill[b]) = (c, 0)
        }
        pool[Int(tails[b]) * TimerQueue.chunkSize + Int(tailFill[b])] = timer
        tailFill[b] += 1
    }

    /// A chunk to fill: the last one freed (still in the cache), else a new one.
    private mutating func newChunk() -> Int32 {
        let c: Int32
        if let reused = freeChunks.popLast() {
            c = reused
        } else {
            c = Int32(chunkNext.count)
            pool.append(contentsOf: repeatElement(TimerQueue.blank, count: TimerQueue.chunkSize))
            chunkNext.append(-1)
        }
        chunkNext[Int(c)] = -1
        return c
    }

    /// Calls `body` with each timer of a bucket the clock has not reached, in no order.
    private func forEachTimer(in b: Int, _ body: (EngineTimer) -> Void) {
        var c = heads[b]
        while c >= 0 {
            let n = c == tails[b] ? Int(tailFill[b]) : TimerQueue.chunkSize
            for k in 0..<n { body(pool[Int(c) * TimerQueue.chunkSize + k]) }
            c = chunkNext[Int(c)]
        }
    }

    /// Makes `current`'s timers the sorted current ones, and frees its chunks.
    private mutating func enterCurrent() {
        currentTimers.removeAll(keepingCapacity: true)
        consumed = 0
        let b = current
        var c = heads[b]
        while c >= 0 {
            let n = c == tails[b] ? Int(tailFill[b]) : TimerQueue.chunkSize
            let first = Int(c) * TimerQueue.chunkSize
            currentTimers.append(contentsOf: pool[first ..< first + n])
            freeChunks.append(c)
            c = chunkNext[Int(c)]
        }
        (heads[b], tails[b], tailFill[b]) = (-1, -1, 0)
        if currentTimers.count > 1 { currentTimers.sort() }
    }

    /// Moves the clock to the first bucket with a timer left in it (sorted), but not to a
    /// bucket that starts after `limit`; false when it did not get there (or there are no
    /// timers).
    private mutating func settle(notAfter limit: Int64) -> Bool {
        if wheelCount == 0 {
            guard let next = far.min?.time, next <= limit else { return false }
            // Nothing near: the wheel starts again at the next timer's bucket.
            windowStart = next & ~(TimerQueue.bucketWidth - 1)
            current = bucket(of: next)
            pullNear()
            enterCurrent()
            return wheelCount > 0
        }
        while consumed == currentTimers.count {
            // The next bucket starts within `limit` (the difference taken without overflow).
            guard limit >= windowStart, UInt64(bitPattern: limit &- windowStart) >= UInt64(TimerQueue.bucketWidth) else { return false }
            current = (current + 1) & (TimerQueue.bucketCount - 1)
            windowStart += TimerQueue.bucketWidth
            // The wheel now reaches one bucket further: timers from the heap that fall in it
            // move in (into the bucket just left, now the wheel's last).
            pullNear()
            enterCurrent()
        }
        return true
    }

    /// Moves the heap's timers before the wheel's end into the wheel (never into the current
    /// bucket: `enterCurrent` follows wherever that could be).
    private mutating func pullNear() {
        while let t = far.min, isNear(t.time) {
            _ = far.popMin()
            append(t, toBucket: bucket(of: t.time))
            wheelCount += 1
        }
    }
}
