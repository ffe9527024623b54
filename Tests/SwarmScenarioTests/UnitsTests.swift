import YAMLSupport
import SwarmModel
import Testing
@testable import SwarmScenario

@Suite struct UnitsTests {
    @Test(arguments: [
        ("90s", 90_000_000_000), ("1m30s", 90_000_000_000), ("1h2m3s", 3_723_000_000_000), ("500ms", 500_000_000),
        ("1.5s", 1_500_000_000), ("1.5h", 5_400_000_000_000), ("250us", 250_000), ("250µs", 250_000), ("7ns", 7),
        ("0", 0), ("0s", 0), ("30", 30_000_000_000), ("0.25", 250_000_000), ("-5s", -5_000_000_000),
    ] as [(String, Int64)])
    func durationsAreGoStyleAndBareNumbersAreSeconds(text: String, nanoseconds: Int64) {
        #expect(Units.nanoseconds(text) == nanoseconds)
    }

    @Test(arguments: ["", "5 minutes", "1h30", "s", "1.2.3s", "1d", "1S", "1m 30s", "-", "9999999999h"])
    func notDurations(text: String) {
        #expect(Units.nanoseconds(text) == nil)
    }

    @Test(arguments: [
        ("1024", 1024), ("10B", 10), ("1K", 1024), ("1KiB", 1024), ("1KB", 1000), ("2M", 2 << 20), ("2MiB", 2 << 20),
        ("2MB", 2_000_000), ("8G", 8 << 30), ("8GiB", 8 << 30), ("8GB", 8_000_000_000), ("1T", 1 << 40), ("1TiB", 1 << 40),
        ("1TB", 1_000_000_000_000), ("1.5GiB", 3 << 29), ("512mib", 512 << 20), ("4 GiB", 4 << 30), ("0", 0),
    ] as [(String, Int64)])
    func memorySizesTakeBinaryAndDecimalUnits(text: String, bytes: Int64) {
        #expect(Units.bytes(text) == bytes)
    }

    @Test(arguments: ["", "8 gigs", "-1G", "1PiB", "G", "1e9", "0x10"])
    func notSizes(text: String) {
        #expect(Units.bytes(text) == nil)
    }

    @Test(arguments: [
        ("536870912", 512 << 20), ("10b", 10), ("512M", 512 << 20), ("512m", 512 << 20), ("512MB", 512 << 20),
        ("512MiB", 512 << 20), ("1G", 1 << 30), ("1gb", 1 << 30), ("1.5G", 3 << 29), ("256 MiB", 256 << 20),
        ("64k", 64 << 10), ("2T", 2 << 40), ("1P", 1 << 50), ("0", 0),
    ] as [(String, Int64)])
    func dockerMemorySizesAreAllBinary(text: String, bytes: Int64) {
        #expect(Units.binaryBytes(text) == bytes)
    }

    @Test(arguments: ["", "2 gigs", "-1G", "1Gi", "1GiBs", "G", "1e9", "1  G"])
    func notDockerMemorySizes(text: String) {
        #expect(Units.binaryBytes(text) == nil)
    }

    @Test func braceRangeExpandsToEveryNumber() throws {
        #expect(try BraceRange.expand("worker-{1..3}") == ["worker-1", "worker-2", "worker-3"])
        #expect(try BraceRange.expand("{8..10}.example") == ["8.example", "9.example", "10.example"])
        #expect(try BraceRange.expand("solo") == ["solo"])
    }

    @Test func braceRangeKeepsTheZeroPaddingOfItsStart() throws {
        #expect(try BraceRange.expand("node-{01..10}") == (1...9).map { "node-0\($0)" } + ["node-10"])
        #expect(try BraceRange.expand("n{008..010}") == ["n008", "n009", "n010"])
        #expect(try BraceRange.expand("n{0..2}") == ["n0", "n1", "n2"])
    }

    @Test func braceRangeRefusesWhatItCannotExpand() {
        #expect(throws: BraceRange.Problem.twoRanges) { try BraceRange.expand("r{1..2}-n{1..3}") }
        #expect(throws: BraceRange.Problem.unmatched("{")) { try BraceRange.expand("w{1..3") }
        #expect(throws: BraceRange.Problem.malformed("{a..c}")) { try BraceRange.expand("w{a..c}") }
        #expect(throws: BraceRange.Problem.backwards("{3..1}")) { try BraceRange.expand("w{3..1}") }
        #expect(throws: BraceRange.Problem.tooMany("{1..100001}", count: 100_001)) { try BraceRange.expand("w{1..100001}") }
    }

    @Test func suggestionsAreCloseMisspellingsOrPrefixes() {
        #expect(Suggestion.closest(to: "replica", among: ScenarioParser.serviceKeys) == "replicas")
        #expect(Suggestion.closest(to: "imgae", among: ScenarioParser.serviceKeys) == "image")
        #expect(Suggestion.closest(to: "max_replicas", among: ScenarioParser.serviceKeys) == "max_replicas_per_node")
        #expect(Suggestion.closest(to: "colour", among: ScenarioParser.serviceKeys) == nil)
        #expect(Suggestion.closest(to: "id", among: ["at"]) == nil)
    }
}
