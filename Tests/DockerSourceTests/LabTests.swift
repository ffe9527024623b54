import Foundation
import SwarmModel
import TestSupport
import Testing

@testable import DockerSource

/// Against a real swarm (scripts/swarm-lab; `.ci/run` starts one). One suite, run in series:
/// the tests change the same daemon, and each compares against what `docker` says of it.
// Skipped without a lab: there is no daemon to compare with.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: Lab.isRunning, "no lab swarm: run scripts/swarm-lab or set SWARMTOP_DOCKER_LAB=unix:///path/docker.sock"))
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
        try await Lab.docker("service", "create", "--detach", "--name", name, "busybox", "sleep", "1d")
        defer { _ = try? Lab.dockerBlocking("service", "rm", name) }
        let running = try await Lab.wait(seconds: 30) {
            try await Lab.docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", name).hasPrefix("Running")
        }
        try #require(running, "the lab did not start \(name) within 30 s")

        let snapshot = try await SwarmtopProcess.run(["snapshot", "--docker", try #require(Lab.address)])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let tables = snapshot.stdout.components(separatedBy: "\n\n")
        try #require(tables.count == 3, "three tables: \(snapshot.stdout)")

        // Nodes: the whole table, byte for byte.
        #expect(tables[0] + "\n" == (try await Lab.docker("node", "ls")))
        // Services: the header and the service's row, cell by cell (other services may be there).
        let serviceLs = try await Lab.docker("service", "ls")
        #expect(cells(tables[1], header: true) == cells(serviceLs, header: true))
        #expect(rows(tables[1], named: name) == rows(serviceLs, named: name))
        #expect(rows(tables[1], named: name).count == 1)
        // Tasks: the header and the service's rows, cell by cell, CURRENT STATE without its "… ago".
        let servicePs = try await Lab.docker("service", "ps", name)
        #expect(cells(tables[2], header: true) == cells(servicePs, header: true))
        let ours = rows(tables[2], named: name + ".").map(withoutAge)
        #expect(!ours.isEmpty)
        #expect(ours == rows(servicePs, named: name + ".").map(withoutAge))
    }

    // MARK: - Following the swarm

    /// A mirror of the lab, started; stop it when done.
    func startedMirror(_ endpoint: DockerEndpoint? = nil) async throws -> DockerMirror {
        let client = try await DockerClient.connect(to: try endpoint ?? Lab.endpoint())
        let mirror = DockerMirror(client: client, pollInterval: .milliseconds(300))
        await mirror.start()
        return mirror
    }

    /// The running tasks the mirror holds for a service.
    func running(_ name: String, in mirror: DockerMirror) async -> Int {
        let cluster = await mirror.cluster
        guard let service = cluster.service(named: name) else { return 0 }
        return cluster.runningCount(ofService: service.id)
    }

    @Test func theMirrorStartsWithTheWholeSwarmAsCreatedEvents() async throws {
        let mirror = try await startedMirror()
        defer { _Concurrency.Task { await mirror.stop() } }
        let (cluster, sequence, _) = await mirror.attach()
        let nodes = try await Lab.docker("node", "ls", "-q").split(separator: "\n").count
        #expect(cluster.nodes.count == nodes)
        #expect(sequence >= UInt64(nodes))
    }

    @Test func aServiceCreatedWithTheCLIAppearsWithItsTaskRunning() async throws {
        let mirror = try await startedMirror()
        defer { _Concurrency.Task { await mirror.stop() } }
        let (_, _, events) = await mirror.attach()
        try await Lab.docker("service", "create", "--detach", "--name", "t2", "busybox", "sleep", "1d")
        defer { _ = try? Lab.dockerBlocking("service", "rm", "t2") }
        let seen = try await Lab.wait(seconds: 30) { await running("t2", in: mirror) == 1 }
        #expect(seen, "t2 did not show a running task in the mirror within 30 s")
        await mirror.stop()
        var types: [String] = []
        for await batch in events { types += batch.map(\.type) }
        #expect(types.contains("service.created"))
        #expect(types.contains("task.created"))
    }

    @Test func scalingOneToThreeGivesThreeRunningTasks() async throws {
        try await Lab.docker("service", "create", "--detach", "--name", "t3", "busybox", "sleep", "1d")
        defer { _ = try? Lab.dockerBlocking("service", "rm", "t3") }
        let mirror = try await startedMirror()
        defer { _Concurrency.Task { await mirror.stop() } }
        try #require(try await Lab.wait(seconds: 30) { await running("t3", in: mirror) == 1 })
        let outcome = await mirror.apply(.scale(service: "t3", replicas: 3))
        #expect(outcome == .accepted)
        let three = try await Lab.wait(seconds: 30) { await running("t3", in: mirror) == 3 }
        #expect(three, "the mirror did not see three running tasks within 30 s")
        let states = try await Lab.docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", "t3")
        #expect(states.split(separator: "\n").filter { $0.hasPrefix("Running") }.count == 3)
    }

    @Test func demotingTheLastManagerIsRefusedInDockersWords() async throws {
        let mirror = try await startedMirror()
        defer { _Concurrency.Task { await mirror.stop() } }
        let (_, _, events) = await mirror.attach()
        let manager = try #require(await mirror.cluster.orderedNodes.first { $0.role == .manager })
        let outcome = await mirror.apply(.demote(node: manager.hostname))
        #expect(outcome.reason?.contains("attempting to demote the last manager of the swarm") == true, "\(outcome)")
        await mirror.stop()
        var answered: [ClusterEvent.Change] = []
        for await batch in events {
            for event in batch { if case .actionAnswered = event.change { answered.append(event.change) } }
        }
        #expect(answered == [.actionAnswered(.demote(node: manager.hostname), outcome)])
        #expect(try await Lab.docker("node", "inspect", "--format", "{{.Spec.Role}}", manager.id.rawValue) == "manager\n")
    }

    @Test func drainAndActivateChangeTheNodeAndTheMirrorSeesIt() async throws {
        let mirror = try await startedMirror()
        defer { _Concurrency.Task { await mirror.stop() } }
        let node = try #require(await mirror.cluster.orderedNodes.first)
        defer { _ = try? Lab.dockerBlocking("node", "update", "--availability", "active", node.id.rawValue) }
        #expect(await mirror.apply(.setAvailability(node: node.hostname, .drain)) == .accepted)
        #expect(try await Lab.docker("node", "inspect", "--format", "{{.Spec.Availability}}", node.id.rawValue) == "drain\n")
        #expect(try await Lab.wait(seconds: 60) { await mirror.cluster.nodes[node.id]?.availability == .drain })
        #expect(await mirror.apply(.setAvailability(node: node.hostname, .active)) == .accepted)
        #expect(try await Lab.wait(seconds: 60) { await mirror.cluster.nodes[node.id]?.availability == .active })
    }

    @Test func aLostDaemonIsShownAndTheMirrorResynchronisesWhenItIsBack() async throws {
        // A lab of its own: its daemon is stopped and started again.
        try await OwnLab.with(name: "own", basePort: 14500) { own in
            let mirror = try await startedMirror(try DockerEndpoint.resolve(option: own.address, environment: [:]))
            defer { _Concurrency.Task { await mirror.stop() } }
            #expect(await mirror.connectionProblem == nil)
            try await own.run("daemon-stop")
            let lost = try await Lab.wait(seconds: 20) { await mirror.connectionProblem == DockerMirror.disconnectedText }
            #expect(lost, "the mirror did not notice the daemon was gone")
            try await own.run("daemon-start")
            let back = try await Lab.wait(seconds: 30) { await mirror.connectionProblem == nil }
            #expect(back, "the mirror did not reconnect within 30 s")
            // What happens after reconnecting reaches the mirror: a service made now.
            try await own.docker("service", "create", "--detach", "--name", "after", "busybox", "sleep", "1d")
            let seen = try await Lab.wait(seconds: 30) { await mirror.cluster.service(named: "after") != nil }
            #expect(seen)
            await mirror.stop()
        }
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
