import SwarmEngine
import SwarmFormat
import SwarmModel
import Testing

@testable import Dashboard
import TestSupport


@Suite struct RowIndexTests {
    /// Text with the characters natural order cares about: digits (zeros too), letters, a
    /// separator, a non-ASCII letter; up to 40 bytes, past the key's 24-byte head.
    static func randomText(_ rng: inout SplitMix) -> String {
        let alphabet: [Character] = ["a", "b", "B", "-", ".", "0", "0", "1", "2", "9", "é"]
        return String((0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
    }

    @Test func naturalKeysSortExactlyAsNaturalLess() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<20_000 {
            let a = Self.randomText(&rng)
            // Often a near neighbour of `a`, so that long shared prefixes are tried.
            let b = Bool.random(using: &rng) ? a + Self.randomText(&rng).prefix(3) : Self.randomText(&rng)
            #expect((NaturalKey(a) < NaturalKey(b)) == naturalLess(a, b), "\(a) vs \(b)")
            #expect((NaturalKey(b) < NaturalKey(a)) == naturalLess(b, a), "\(b) vs \(a)")
            #expect((NaturalKey(a) == NaturalKey(b)) == (a == b), "\(a) vs \(b)")
        }
    }

    @Test func sortedChunksStayInOrderThroughInsertsAndRemovals() {
        var rng = SplitMix(seed: 11)
        var chunks = SortedChunks<Int>()
        var reference: [Int] = []
        for step in 0..<6_000 {
            let value = Int.random(in: 0..<2_000, using: &rng)
            if reference.contains(value) {
                let removed = chunks.remove(value, by: <)
                #expect(removed)
                reference.removeAll { $0 == value }
            } else {
                chunks.insert(value, by: <)
                reference.append(value)
                reference.sort()
            }
            if step % 500 == 0 || step == 5_999 {
                #expect(chunks.all == reference)
                #expect(chunks.count == reference.count)
                for (i, v) in reference.enumerated().filter({ $0.offset % 37 == 0 }) {
                    #expect(chunks.index(of: v, by: <) == i)
                    #expect(chunks[i] == v)
                }
                #expect(chunks.elements(in: 10..<60) == Array(reference[min(10, reference.count)..<min(60, reference.count)]))
            }
        }
        let removedAbsent = chunks.remove(-1, by: <)
        #expect(!removedAbsent)
        #expect(chunks.index(of: 5_000, by: <) == nil)
    }

    /// Lists sorted and filtered in several ways, then ten minutes of the demo (scaling, a
    /// rolling update, a drain, crash loops): after every few seconds of events, the rows the
    /// reducer kept are the rows a fresh sort of the same cluster gives.
    @Test(arguments: [
        (SortOrder(), "", SortOrder(), ""),
        (SortOrder(column: 1), "!web", SortOrder(column: 5), ""),
        (SortOrder(column: 3, ascending: false), "", SortOrder(column: 2, ascending: false), "worker"),
        (SortOrder(column: 4), "fail", SortOrder(column: 3), "!manager"),
    ])
    func rowsKeptByTheReducerMatchAFreshSort(taskSort: SortOrder, taskFilter: String, nodeSort: SortOrder, nodeFilter: String) {
        var (engine, state) = Demo.dashboard()
        state.lists[.tasks, default: ListState()].sort = taskSort
        state.lists[.tasks, default: ListState()].filter = taskFilter
        state.lists[.nodes, default: ListState()].sort = nodeSort
        state.lists[.nodes, default: ListState()].filter = nodeFilter
        state.lists[.services, default: ListState()].sort = SortOrder(column: 2)
        Demo.walk(to: "reports", pane: "2", &state)
        Demo.press([.enter], &state)
        if let reports = state.cluster.service(named: "reports") {
            state.lists[.serviceTasks(reports.id), default: ListState()].sort = taskSort
        }
        Demo.press([.character("1")], &state)  // back to the main screen
        Demo.walk(to: "worker-3", pane: "1", &state)
        Demo.press([.enter], &state)  // the drained node's own list, emptied by the drain

        for _ in 0..<120 {
            engine.advance(by: .seconds(5))
            Demo.feed(&engine, &state)
            var fresh = DashboardState(cluster: state.cluster, clusterName: state.clusterName, source: state.source, clock: state.clock)
            fresh.lists = state.lists
            fresh.drill = state.drill
            for list in Set(state.indexedLists + [.tasks]) {
                #expect(state.rows(list) == fresh.rows(list), "\(list) after \(engine.now - engine.startTime)")
            }
            #expect(state.managers == ManagerInfo(state.cluster))
            #expect(state.tally == NodeTally(state.cluster))
        }
        #expect(state.indexes.count + state.taskIndexes.count == state.indexedLists.count)
        #expect(state.taskTable.count == state.cluster.tasks.count)
        #expect(state.taskBase.count == state.cluster.tasks.count)
    }

    @Test func aTaskFilterMatchesTheStateNotHowLongAgo() {
        var (_, state) = Demo.dashboard()
        Demo.press([.character("3"), .character("/")] + Key.chars("ago") + [.enter], &state)
        #expect(state.rows(.tasks).isEmpty, "the age is left out, so the list holds still as time passes")
        Demo.press([.character("/")] + Array(repeating: Key.backspace, count: 3) + Key.chars("FAILED") + [.enter], &state)
        let failed = state.cluster.tasks.values.filter { $0.state == .failed }.count
        #expect(failed > 0)
        #expect(state.rows(.tasks).count == failed)
    }
}
