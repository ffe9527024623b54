import Foundation
import SwarmModel
import Testing

@testable import DockerSource

/// The daemon's own answers decode into SwarmModel's values with what the dashboard shows intact.
@Suite struct DecodingTests {
    @Test func nodesDecodeWithRoleAvailabilityAndLeader() throws {
        let nodes = try Fixture.decode([Node].self, "nodes")
        #expect(nodes.count == 1)
        let node = try #require(nodes.first)
        #expect(node.id == NodeID("rj2zyomv5zesjua611mwm1eyd"))
        #expect(node.hostname == "vm")
        #expect(node.role == .manager)
        #expect(node.availability == .active)
        #expect(node.state == .ready)
        #expect(node.isLeader)
        #expect(node.managerStatus?.reachability == .reachable)
        #expect(node.description.engine.engineVersion == "20.10.24+dfsg1")
        #expect(node.version.index > 0)
    }

    @Test func servicesDecodeWithModeImageAndCounts() throws {
        let services = try Fixture.decode([Service].self, "services")
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        #expect(byName.keys.sorted() == ["bad", "glob", "t1"])
        #expect(byName["t1"]?.mode == .replicated(replicas: 1))
        #expect(byName["t1"]?.spec.taskTemplate.image == "busybox:latest")
        #expect(byName["t1"]?.serviceStatus?.runningTasks == 1)
        #expect(byName["bad"]?.mode == .replicated(replicas: 2))
        #expect(byName["bad"]?.serviceStatus?.runningTasks == 0)
        #expect(byName["bad"]?.serviceStatus?.desiredTasks == 2)
        #expect(byName["glob"]?.mode == .global)
    }

    @Test func tasksDecodeWithSlotsStatesAndErrors() throws {
        let tasks = try Fixture.decode([Task].self, "tasks")
        #expect(tasks.count == 10)
        let running = try #require(tasks.first { $0.id == TaskID("zrqdqikp7gowt8ksjgp0azy0j") })
        #expect(running.slot == 1)
        #expect(running.state == .running)
        #expect(running.desiredState == .running)
        #expect(running.nodeID == NodeID("rj2zyomv5zesjua611mwm1eyd"))
        #expect(running.status.containerStatus?.pid ?? 0 > 0)
        let global = try #require(tasks.first { $0.id == TaskID("hfp1u4dr2t53i9jm4kzyeg24z") })
        #expect(global.slot == nil)
        let rejected = tasks.filter { $0.state == .rejected }
        #expect(rejected.count == 6)
        #expect(rejected.allSatisfy { $0.status.err == "No such image: nosuch:1" && $0.desiredState == .shutdown })
        // Docker has no state history; the model starts it empty and the backend fills it as it watches.
        #expect(tasks.allSatisfy { $0.stateHistory.isEmpty })
    }

    @Test func infoSaysThisDaemonIsTheManagerOfAnActiveSwarm() throws {
        let info = try Fixture.decode(InfoAnswer.self, "info")
        #expect(info.swarm.localNodeState == "active")
        #expect(info.swarm.controlAvailable)
        #expect(info.swarm.nodeID == NodeID("rj2zyomv5zesjua611mwm1eyd"))
        #expect(info.systemTime.flatMap { Timestamp(rfc3339: $0) } != nil)
    }

    @Test func versionGivesTheAPIVersion() throws {
        let version = try Fixture.decode(VersionAnswer.self, "version")
        #expect(APIVersion(version.apiVersion) == DockerClient.supportedVersion)
    }
}

/// A service with `--env PASSWORD=hunter2`, a secret and a config, as the lab's daemon answered
/// for it: its environment values are in the answer, and in nothing swarmtop keeps, shows or
/// records (the API carries only the names of secrets and configs; swarmtop keeps neither).
@Suite struct SecretDecodingTests {
    @Test func theDaemonsAnswerHoldsTheValue() throws {
        for fixture in ["services-with-secrets", "tasks-with-secrets"] {
            #expect(String(decoding: try Fixture.data(fixture), as: UTF8.self).contains("PASSWORD=hunter2"), "\(fixture)")
        }
    }

    @Test func aServiceAndItsTaskAreKeptWithoutEnvironmentSecretsOrConfigs() throws {
        let services = try Fixture.decode([Service].self, "services-with-secrets")
        let tasks = try Fixture.decode([Task].self, "tasks-with-secrets")
        #expect(services.map(\.name) == ["envy"])
        #expect(!tasks.isEmpty)
        // What a recording or `snapshot --format json` writes of them: the model's JSON.
        let encoder = JSONEncoder()
        for text in [String(decoding: try encoder.encode(services), as: UTF8.self), String(decoding: try encoder.encode(tasks), as: UTF8.self)] {
            #expect(text.contains("busybox:latest"))
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("db-password") && !text.contains("app-config"))
        }
    }
}
