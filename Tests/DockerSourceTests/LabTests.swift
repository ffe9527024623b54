import Foundation
import SwarmModel
import Testing

@testable import DockerSource

/// Against a real swarm (scripts/swarm-lab; `.ci/run` starts one). One suite, run in series:
/// the tests change the same daemon, and each compares against what `docker` says of it.
// Skipped without a lab: there is no daemon to compare with.
@Suite(.serialized, .enabled(if: Lab.isRunning, "no lab swarm: run scripts/swarm-lab or set SWARMTOP_DOCKER_LAB=unix:///path/docker.sock"))
struct LabTests {
    @Test func connectsToTheLabManagerAtAPI141() async throws {
        let client = try await DockerClient.connect(to: try Lab.endpoint())
        #expect(client.apiVersion == APIVersion(major: 1, minor: 41))
        #expect(client.swarm.controlAvailable)
        let nodes = try await client.nodes()
        #expect(nodes.map(\.id) == [try #require(client.swarm.nodeID)])
    }

    @Test func snapshotMatchesDockerNodeLsServiceLsAndServicePs() async throws {
        let name = "t1"
        try Lab.docker("service", "create", "--detach", "--name", name, "busybox", "sleep", "1d")
        defer { _ = try? Lab.docker("service", "rm", name) }
        let running = try await Lab.wait(seconds: 30) {
            try Lab.docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", name).hasPrefix("Running")
        }
        try #require(running, "the lab did not start \(name) within 30 s")

        let snapshot = try SwarmtopProcess.run(["snapshot", "--docker", try #require(Lab.address)])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let tables = snapshot.stdout.components(separatedBy: "\n\n")
        try #require(tables.count == 3, "three tables: \(snapshot.stdout)")

        // Nodes: the whole table, byte for byte.
        #expect(tables[0] + "\n" == (try Lab.docker("node", "ls")))
        // Services: the header and the service's row, cell by cell (other services may be there).
        let serviceLs = try Lab.docker("service", "ls")
        #expect(cells(tables[1], header: true) == cells(serviceLs, header: true))
        #expect(rows(tables[1], named: name) == rows(serviceLs, named: name))
        #expect(rows(tables[1], named: name).count == 1)
        // Tasks: the header and the service's rows, cell by cell, CURRENT STATE without its "… ago".
        let servicePs = try Lab.docker("service", "ps", name)
        #expect(cells(tables[2], header: true) == cells(servicePs, header: true))
        let ours = rows(tables[2], named: name + ".").map(withoutAge)
        #expect(!ours.isEmpty)
        #expect(ours == rows(servicePs, named: name + ".").map(withoutAge))
    }

    // MARK: - Reading tables

    /// The header's cells.
    func cells(_ table: String, header: Bool) -> [String] {
        split(table.split(separator: "\n").first.map(String.init) ?? "")
    }

    /// The cells of the rows whose NAME (second column, history prefix dropped) starts with `prefix`.
    func rows(_ table: String, named prefix: String) -> [[String]] {
        table.split(separator: "\n").dropFirst().map { split(String($0)) }.filter { row in
            row.count > 1 && (row[1] == prefix || (prefix.hasSuffix(".") && row[1].replacingOccurrences(of: "\\_ ", with: "").hasPrefix(prefix)))
        }
    }

    /// A table line's cells: separated by two spaces or more.
    func split(_ line: String) -> [String] {
        line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A task row with "Running 5 seconds ago" cut to "Running" (the two were read moments apart).
    func withoutAge(_ row: [String]) -> [String] {
        row.map { cell in
            guard cell.hasSuffix(" ago"), let space = cell.firstIndex(of: " ") else { return cell }
            return String(cell[..<space])
        }
    }
}
