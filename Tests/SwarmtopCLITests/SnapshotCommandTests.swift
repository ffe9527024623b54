import Foundation
import TestSupport
import Testing

@Suite struct SnapshotCommandTests {
    @Test func tablesShowTheDefaultScenarioLikeTheDockerCLI() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--scenario", "demo/default.yaml", "--at", "90s"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("ID ") == true)
        #expect(lines.first?.contains("HOSTNAME") == true && lines.first?.contains("MANAGER STATUS") == true)
        #expect(lines.contains { $0.contains("Leader") })
        #expect(lines.contains { $0.hasPrefix("ID ") && $0.contains("MODE") && $0.contains("REPLICAS") })
        #expect(lines.contains { $0.hasPrefix("ID ") && $0.contains("DESIRED STATE") && $0.contains("CURRENT STATE") })
        #expect(lines.contains { $0.contains("Running") && $0.contains(" ago") })
    }

    @Test func jsonHoldsEngineAPIObjectsTheEventCountAndTheTime() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--scenario", "demo/default.yaml", "--at", "90s", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["time"] as? String == "90s")
        #expect((object?["events"] as? Int ?? 0) > 100)
        let nodes = object?["nodes"] as? [[String: Any]] ?? []
        #expect(nodes.count == 10)
        #expect(nodes.contains { ($0["ManagerStatus"] as? [String: Any])?["Leader"] as? Bool == true })
        let tasks = object?["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.contains { ($0["Status"] as? [String: Any])?["State"] as? String == "running" && $0["DesiredState"] as? String == "running" })
    }

    @Test func theSameSeedGivesTheSameSnapshotAndAnotherSeedAnother() throws {
        let a = try SwarmtopProcess.run(["snapshot", "--scenario", "demo/default.yaml", "--at", "3m", "--format", "json", "--seed", "5"])
        let b = try SwarmtopProcess.run(["snapshot", "--scenario", "demo/default.yaml", "--at", "3m", "--format", "json", "--seed", "5"])
        let c = try SwarmtopProcess.run(["snapshot", "--scenario", "demo/default.yaml", "--at", "3m", "--format", "json", "--seed", "6"])
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
    }

    @Test func aBrokenScenarioIsOneLineNamingFileAndLineWithExitCode2() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try "name: bad\nnodes:\n  - hostname: m1\n    role: manager\nservices:\n  - name: web\n    image: nginx\n    replica: 3\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try SwarmtopProcess.run(["snapshot", "--scenario", file.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\(file.path):8: unknown key 'replica'") == true, "\(result.stderr)")
    }

    @Test func aMissingScenarioFileIsAClearErrorWithExitCode2() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--scenario", "no/such/file.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no/such/file.yaml"))
    }

    @Test func aBadTimeIsRefusedBeforeRunning() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--scenario", "demo/default.yaml", "--at", "soon"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--at"))
    }
}

@Suite struct RecordOptionTests {
    @Test func aRecordingInAMissingFolderIsRefusedBeforeTheTerminalIsTouched() throws {
        let result = try SwarmtopProcess.run(["--scenario", "demo/default.yaml", "--record", "/nonexistent-swarmtop/session.jsonl"])
        #expect(result.status == 2)
        #expect(result.stderr == "swarmtop: /nonexistent-swarmtop/session.jsonl: cannot write the recording: the folder /nonexistent-swarmtop does not exist\n")
        #expect(result.stdout.isEmpty)
    }
}
