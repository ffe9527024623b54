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
            if rng.next() % 3 == 0, let popped = queue.popMin() {
                let least = expected.min()!
                #expect(popped.serial == least.serial)
                expected.removeAll { $0.serial == popped.serial }
            }
        }
        var drained: [UInt64] = []
        while let t = queue.popMin() { drained.append(t.serial) }
        #expect(drained == expected.sorted().map(\.serial))
        #expect(queue.min == nil)
    }
}
