import SwarmModel
import Testing

@Suite struct StateHistoryTests {
    private func at(_ s: Int64) -> Timestamp { Timestamp(nanoseconds: s * 1_000_000_000) }

    /// `isAppending` says whether a history is another with one entry more, as comparing
    /// them entry by entry says: for histories kept in state order (inline) and out of it (as
    /// a list), and one of each.
    @Test func isAppendingAgreesWithComparingEntryByEntry() {
        let inOrder: [StateEntry] = [.init(state: .new, time: at(1)), .init(state: .pending, time: at(2)), .init(state: .assigned, time: at(3))]
        // Out of state order: a history kept as a list from its second entry on.
        let outOfOrder: [StateEntry] = [.init(state: .running, time: at(1)), .init(state: .new, time: at(2))]
        let candidates: [StateEntry] = [
            .init(state: .running, time: at(4)), .init(state: .running, time: at(5)), .init(state: .pending, time: at(4)),
            .init(state: .new, time: at(3)), .init(state: .failed, time: at(9)),
        ]
        for base in [inOrder, outOfOrder, [], Array(inOrder.prefix(1))] {
            let old = StateHistory(base)
            for entry in candidates {
                let appended = StateHistory(base + [entry])
                #expect(appended.isAppending(entry, to: old), "\(base) + \(entry)")
                // Not the entry appended, or not onto this history.
                for other in candidates where other != entry {
                    #expect(!appended.isAppending(other, to: old), "\(base) + \(entry) is not + \(other)")
                }
                #expect(!old.isAppending(entry, to: old))
                #expect(!StateHistory(base + [entry, entry]).isAppending(entry, to: old))
                if !base.isEmpty {
                    var changed = base
                    changed[0].time = at(99)
                    #expect(!StateHistory(changed + [entry]).isAppending(entry, to: old), "an earlier entry changed")
                }
            }
        }
    }
}
