import SwarmModel
@testable import SwarmRecording
import TestSupport
import Testing

/// The task ledger's flat index: positions by digest, with collisions, runs that wrap around
/// the end of the table, removals from the middle of a run, and growth.
@Suite struct DigestIndexTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var digests: [UInt64]
        var positions: Int
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "few digests near the end of a 16-entry table: long runs that wrap", digests: [14, 15, 30, 31, 0, 1], positions: 11),
        Case(name: "few digests, more positions than 16 entries hold: growth, then long runs", digests: [3, 3 << 32, 7, 1 << 40 | 7], positions: 60),
        Case(name: "many digests, many positions", digests: (0..<UInt64(500)).map { $0 &* 0x9E37_79B9_7F4A_7C15 }, positions: 400),
    ]

    @Test(arguments: cases)
    func everyPositionInIsFoundAndNoneOut(_ test: Case) {
        let (digests, positions) = (test.digests, test.positions)
        var index = DigestIndex()
        var inIndex: [Int: UInt64] = [:]
        var numbers = SplitMix(seed: UInt64(positions))
        func next(_ bound: Int) -> Int { Int(numbers.next() % UInt64(bound)) }
        for step in 0..<4_000 {
            let position = next(positions)
            if let digest = inIndex.removeValue(forKey: position) {
                index.remove(position, digest: digest)
            } else {
                let digest = digests[next(digests.count)]
                index.insert(position, digest: digest)
                inIndex[position] = digest
            }
            #expect(index.count == inIndex.count)
            for p in 0..<positions {
                let found = inIndex[p].flatMap { digest in index.first(withDigest: digest) { $0 == p } }
                if found != (inIndex[p] == nil ? nil : p) {
                    Issue.record("step \(step): position \(p) (digest \(inIndex[p].map(String.init) ?? "none")) found as \(String(describing: found))")
                    return
                }
            }
            for digest in digests where index.first(withDigest: digest, where: { inIndex[$0] == nil }) != nil {
                Issue.record("step \(step): a removed position is still found by digest \(digest)")
                return
            }
        }
        var listed: [Int] = []
        index.forEachPosition { listed.append($0) }
        #expect(listed.sorted() == inIndex.keys.sorted())
    }
}

/// The ledger past 4 MB of tasks, where each move to a larger buffer asks for huge pages:
/// every task is still found, kept and removed by ID, places freed before a move included.
@Suite struct TaskLedgerGrowthTests {
    @Test func tasksAreFoundAcrossMovesToLargerBuffers() {
        var ledger = TaskLedger()
        var expected: [TaskID: Task] = [:]
        let spec = SharedTaskSpec(TaskSpec(image: "web:1"))
        for i in 0..<30_000 {
            let task = Task(id: TaskID("task-\(i)"), createdAt: .zero, sharedSpec: spec, serviceID: ServiceID("web"), slot: i, nodeID: nil)
            ledger.note(.snapshot(.task(task)))
            expected[task.id] = task
            // Every seventh task goes again: its place is reused by a later one or moved.
            if i % 7 == 3 {
                let gone = TaskID("task-\(i - 2)")
                let removed = ledger.noteRemoval(expected[gone]!, note: nil, sequence: 0)
                #expect(removed)
                expected[gone] = nil
            }
        }
        #expect(ledger.tasks == expected)
        for (id, task) in expected where ledger[id] != task {
            Issue.record("\(id) is \(String(describing: ledger[id]))")
            break
        }
        #expect(ledger[TaskID("task-1")] == nil)
    }
}
