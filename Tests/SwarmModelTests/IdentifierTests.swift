import SwarmModel
import Testing

/// IDs and slot keys bucket by their own hash (`_rawHashValue`), not SipHash: these check that
/// sets and dictionaries still find exactly what was put in.
@Suite struct IdentifierTests {
    @Test func equalIDsAreOneKeyAndDistinctIDsAreDistinctKeys() {
        let texts = (0..<5_000).map { "task\($0)" }
        var byID: [TaskID: Int] = [:]
        for (i, text) in texts.enumerated() { byID[TaskID(text)] = i }
        #expect(byID.count == texts.count)
        // IDs made again from the same text find the same entries.
        #expect(texts.enumerated().allSatisfy { byID[TaskID($1)] == $0 })
        #expect(byID[TaskID("task5000")] == nil)
    }

    @Test func slotKeysOfOneServiceNeverCollideAsKeys() {
        let service = ServiceID("svc"), other = ServiceID("other")
        var keys: Set<SlotKey> = []
        for slot in 1...1_000 {
            keys.insert(.replicated(service, slot))
            keys.insert(.replicated(other, slot))
        }
        for n in 0..<100 { keys.insert(.global(service, NodeID("node\(n)"))) }
        #expect(keys.count == 2_100)
        #expect(keys.contains(.replicated(service, 1_000)))
        #expect(!keys.contains(.replicated(service, 1_001)))
        #expect(keys.contains(.global(service, NodeID("node99"))))
        #expect(!keys.contains(.global(other, NodeID("node99"))))
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
