import SwarmModel
@testable import SwarmRecording
import Testing

/// The task ledger's flat index: positions by digest, with collisions, runs that wrap around
/// the end of the table, removals from the middle of a run, and growth.
@Suite struct DigestIndexTests {
    /// A fixed sequence of pseudo-random numbers (SplitMix64).
    struct Numbers {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ z >> 30) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ z >> 27) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ z >> 31) % UInt64(bound))
        }
    }

    /// Inserts and removes at random, checking after every step that each position in is
    /// found by its digest and each one out is not.
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
        var numbers = Numbers(state: UInt64(positions))
        for step in 0..<4_000 {
            let position = numbers.next(positions)
            if let digest = inIndex.removeValue(forKey: position) {
                index.remove(position, digest: digest)
            } else {
                let digest = digests[numbers.next(digests.count)]
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

    /// A reader finds a task by the digest of the ID's bytes in a line, without making the
    /// ID: it must be the digest the ID has, for every length (the digest takes eight bytes at
    /// a time, then the rest) and for text that is not ASCII.
    @Test func anIDsDigestIsTheDigestOfItsBytes() {
        let texts = (0...17).map { String("0123456789abcdefg".prefix($0)) } + ["8eljdwn2gburht0qpto1tr5v9", "nœud-été", "ノード"]
        var digests: Set<UInt64> = []
        for text in texts {
            let fromBytes = Array(text.utf8).withUnsafeBufferPointer { identifierDigest($0) }
            #expect(TaskID(text).digest == fromBytes, "\(text)")
            digests.insert(fromBytes)
        }
        #expect(digests.count == texts.count)
    }
}
