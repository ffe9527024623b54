import Testing

@testable import SwarmFormat

@Test(arguments: [
    ("node2", "node10"), ("web.9", "web.10"), ("a2", "a02"), ("ab1", "abc1"), ("Node3", "cafe"), ("svc10", "svc-a"), ("x", "x1"),
])
func naturalOrderComparesDigitRunsByValue(smaller: String, larger: String) {
    #expect(naturalLess(smaller, larger))
    #expect(!naturalLess(larger, smaller))
}

@Test func naturalOrderIsIrreflexive() {
    #expect(!naturalLess("web.01", "web.01"))
}

@Test func shortIDDropsAlgorithmAndKeepsTwelveCharacters() {
    #expect(truncatedID("sha256:0123456789abcdef") == "0123456789ab")
    #expect(truncatedID("short") == "short")
}
