import SwarmModel
import Testing
@testable import SwarmScenario

@Suite struct ClusterShapeTests {
    @Test(arguments: [
        ("3m+7w", 3, 7), ("1m", 1, 0), ("7w+3m", 3, 7), ("3M+5W", 3, 5), (" 2m+0w ", 2, 0), ("1m+1000w", 1, 1000),
    ])
    func shapesAreManagersPlusWorkers(text: String, managers: Int, workers: Int) throws {
        #expect(try ClusterShape(parsing: text) == ClusterShape(managers: managers, workers: workers))
    }

    @Test(arguments: ["3x", "", "m+w", "3m+", "+7w", "3m7w", "3m+7w+2w", "3m+3m", "-1m+2w", "3.5m", "3 m+7w", "1m+9999999999w"])
    func malformedShapesSayHowToWriteOne(text: String) {
        #expect(throws: ClusterShapeError(message: "write MANAGERSm+WORKERSw, e.g. 3m+7w (3 managers and 7 workers)")) {
            try ClusterShape(parsing: text)
        }
    }

    @Test func aShapeNeedsAManager() {
        #expect(throws: ClusterShapeError(message: "the cluster needs at least one manager, e.g. 1m+3w")) { try ClusterShape(parsing: "0m+3w") }
        #expect(throws: ClusterShapeError(message: "the cluster needs at least one manager, e.g. 1m+3w")) { try ClusterShape(parsing: "5w") }
    }

    @Test func aShapeHasAtMostAHundredThousandNodes() {
        #expect(throws: ClusterShapeError(message: "100001 nodes is too many; at most 100000")) { try ClusterShape(parsing: "1m+100000w") }
    }

    @Test func nodesAreManagersThenWorkersWithTheScenarioDefaults() {
        let nodes = ClusterShape(managers: 2, workers: 3).nodes
        #expect(nodes.map(\.hostname) == ["manager-1", "manager-2", "worker-1", "worker-2", "worker-3"])
        #expect(nodes.map(\.role) == [.manager, .manager, .worker, .worker, .worker])
        #expect(nodes.allSatisfy { $0.resources == Resources(nanoCPUs: 4_000_000_000, memoryBytes: 8 << 30) && $0.labels.isEmpty })
    }

    @Test func theStandardShapeIsThreeManagersAndFiveWorkers() {
        #expect(ClusterShape.standard.description == "3m+5w")
    }
}
