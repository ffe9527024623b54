import Testing
@testable import SwarmScenario
import TestSupport

/// Damaged scenario files never crash the loader: each either parses or gives one line
/// `FILE:LINE: message`.
@Suite struct MutationTests {
    @Test func damagedFilesGiveOneLineWithALineNumber() throws {
        let lines = try fixtureText("full.yaml").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let junk = ["", " ", ":", "-", "{", "}", "[", "]", "'", "\"", "#", "*a", "&a", "!!int", "~", "0", "-1", "{1..2}",
                    "\t", "x", "=", ".", ",", "?", "|", ">", "%", "\u{0}", "é", "<<: *a", "\n  - "]
        var random = SplitMix(seed: 2026)
        for _ in 0..<1000 {
            var damaged = lines
            for _ in 0...random.next(2) {
                let i = random.next(damaged.count - 1)
                switch random.next(3) {
                case 0: damaged.remove(at: i)
                case 1: damaged.insert(damaged[random.next(damaged.count - 1)], at: i)
                default:
                    var chars = Array(damaged[i])
                    let at = random.next(chars.count)
                    chars.insert(contentsOf: junk[random.next(junk.count - 1)], at: at)
                    damaged[i] = String(chars)
                }
                if damaged.isEmpty { damaged = [""] }
            }
            guard let error = errorText(damaged.joined(separator: "\n"), file: "f.yaml") else { continue }
            let line = error.dropFirst("f.yaml:".count).prefix { $0.isNumber }
            #expect(error.hasPrefix("f.yaml:") && !line.isEmpty && !error.contains("\n"), "\(error)")
        }
    }
}

extension SplitMix {
    /// A number from 0 through `upTo`.
    mutating func next(_ upTo: Int) -> Int { Int(next() % UInt64(max(upTo, 0) + 1)) }
}
