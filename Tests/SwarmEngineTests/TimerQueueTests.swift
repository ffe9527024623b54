@testable import SwarmEngine
import SwarmModel
import Testing

/// The engine's timer queue must give timers back in exactly (time, order set) order: every
/// run's determinism rests on it.
@Suite struct TimerQueueTests {
    @Test func timersComeOutByTimeThenInTheOrderTheyWereSet() {
        var rng = SeededGenerator(seed: 42)
        var queue = TimerQueue()
        var expected: [EngineTimer] = []
        var serial: UInt64 = 0
        // Few distinct times, so that many timers share one; pops mixed in with pushes.
        for round in 0..<5_000 {
            serial += 1
            let timer = EngineTimer(time: Int64(rng.next() % 50), serial: serial, kind: .timeline(round))
            queue.insert(timer)
            expected.append(timer)
            if rng.next() % 3 == 0, queue.nextTime(notAfter: .max) != nil, let popped = queue.popMin() {
                let least = expected.min()!
                #expect(popped.serial == least.serial)
                expected.removeAll { $0.serial == popped.serial }
            }
        }
        var drained: [UInt64] = []
        while let t = queue.popMin() { drained.append(t.serial) }
        #expect(drained == expected.sorted().map(\.serial))
        #expect(queue.minTime == nil)
    }

    /// Times spread from the same instant to minutes ahead: the wheel's buckets, timers set in
    /// the bucket being given out, the heap beyond the wheel, its timers moving into the wheel
    /// as the clock turns, and jumps over empty stretches. Each timer is set at or after the
    /// last one given out, as the engine sets them; the order must be exactly `(time, serial)`.
    @Test func timersNearAndFarComeOutInOrder() {
        var rng = SeededGenerator(seed: 7)
        var queue = TimerQueue()
        var pending: [EngineTimer] = []
        var serial: UInt64 = 0
        var now: Int64 = 1_000_000_000_000
        var given: [EngineTimer] = []
        for round in 0..<12_000 {
            let reach: Int64 = switch rng.next() % 10 {
            case 0: 0                        // at this very instant
            case 1, 2: 1 << 20               // within about a millisecond
            case 3...7: 500_000_000          // within half a second
            case 8: 6_000_000_000            // beyond the wheel
            default: 300_000_000_000         // minutes ahead
            }
            serial += 1
            let timer = EngineTimer(time: now + (reach == 0 ? 0 : Int64(rng.next() % UInt64(reach))), serial: serial, kind: .timeline(round))
            queue.insert(timer)
            pending.append(timer)
            #expect(queue.count == pending.count)
            if rng.next() % 2 == 0 {
                // Sometimes the clock is only looked ahead to a limit, as `advance(to:)` does.
                let limit = now + Int64(rng.next() % 2_000_000_000)
                let earliest = pending.min()!
                let seen = queue.nextTime(notAfter: limit)
                #expect(seen == (earliest.time <= limit ? earliest.time : nil))
                if seen == nil { now = max(now, limit) } else if let popped = queue.popMin() {
                    #expect(popped.serial == earliest.serial)
                    pending.removeAll { $0.serial == popped.serial }
                    given.append(popped)
                    now = popped.time
                }
            }
        }
        #expect(queue.minTime == pending.min()?.time)
        while let t = queue.popMin() { given.append(t) }
        #expect(zip(given, given.dropFirst()).allSatisfy { $0.0 < $0.1 }, "given out in (time, serial) order")
        #expect(given.count == Int(serial))
        #expect(queue.count == 0)
    }

    /// A scenario may start before 1970: timers at negative times are taken and given out in
    /// order, across the wheel and beyond it.
    @Test func timersBefore1970AreTakenInOrder() {
        var queue = TimerQueue()
        let start: Int64 = -60_000_000_000  // 1969-12-31T23:59:00Z
        queue.insert(EngineTimer(time: start + 10_000_000_000, serial: 1, kind: .timeline(0)))
        queue.insert(EngineTimer(time: start, serial: 2, kind: .timeline(1)))
        queue.insert(EngineTimer(time: start, serial: 3, kind: .timeline(2)))
        #expect(queue.minTime == start)
        #expect(queue.nextTime(notAfter: start - 1) == nil)
        #expect(queue.popMin()?.serial == 2)
        queue.insert(EngineTimer(time: start + 1, serial: 4, kind: .timeline(3)))
        #expect(queue.popMin()?.serial == 3)
        #expect(queue.popMin()?.serial == 4)
        #expect(queue.nextTime(notAfter: start + 9_999_999_999) == nil)
        #expect(queue.popMin()?.serial == 1)
        #expect(queue.count == 0)
    }

    /// A timer at the end of time (a saturated delay) is kept and given out last.
    @Test func aTimerAtTheEndOfTimeIsKept() {
        var queue = TimerQueue()
        queue.insert(EngineTimer(time: .max, serial: 1, kind: .timeline(0)))
        queue.insert(EngineTimer(time: 5, serial: 2, kind: .timeline(1)))
        #expect(queue.nextTime(notAfter: 4) == nil)
        #expect(queue.popMin()?.serial == 2)
        #expect(queue.nextTime(notAfter: .max - 1) == nil)
        #expect(queue.nextTime(notAfter: .max) == .max)
        #expect(queue.popMin()?.serial == 1)
        #expect(queue.popMin() == nil)
    }
}
