import Foundation
import TestSupport
import Testing

/// `--stack` and `--nodes` on the real binary: a compose file simulated on a generated cluster
/// or on a scenario's, and every mistake a one-line error with exit code 2.
@Suite struct StackCommandTests {
    static let shop = "demo/stacks/shop.yml"

    /// A temporary folder with one file in it, removed by the caller.
    private func temporaryFile(_ name: String, _ text: String) throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-stack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    @Test func snapshotOfAStackShowsItsServicesOnTheGeneratedNodes() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--stack", Self.shop, "--nodes", "1m+3w", "--at", "60s"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let hosts = lines.compactMap { $0.firstMatch(#"\b((?:manager|worker)-[0-9]+)\b"#) }
        #expect(Set(hosts) == ["manager-1", "worker-1", "worker-2", "worker-3"])
        #expect(lines.contains { $0.contains("Leader") && $0.contains("manager-1") })
        for (service, replicas) in [("shop_proxy", "1/1"), ("shop_web", "4/4"), ("shop_api", "3/3"), ("shop_db", "1/1")] {
            #expect(lines.contains { $0.matches(#"\s\#(service)\s+(replicated|global)\s+\#(replicas)\b"#) }, "\(service) \(replicas)\n\(result.stdout)")
        }
        #expect(lines.contains { $0.matches(#"\sshop_web\.1\s+shop/web:1\.8\.2\s+worker-[1-3]\s+Running\s+Running"#) }, "\(result.stdout)")
    }

    @Test func theIgnoredKeysAreOneLineOnStderr() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--stack", Self.shop, "--nodes", "1m+3w", "--at", "10s"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == ["\(Self.shop): ignored (not simulated): ports, volumes, networks, healthcheck, environment, secrets, command"])
    }

    @Test func withoutNodesTheStackRunsOnThreeManagersAndFiveWorkers() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--stack", Self.shop, "--at", "30s", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let nodes = object?["nodes"] as? [[String: Any]] ?? []
        let roles = nodes.compactMap { ($0["Spec"] as? [String: Any])?["Role"] as? String }
        #expect(roles.filter { $0 == "manager" }.count == 3)
        #expect(roles.filter { $0 == "worker" }.count == 5)
    }

    @Test func onAScenarioTheStackRunsBesideTheScenariosServices() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--stack", Self.shop, "--scenario", "default", "--at", "60s"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.matches(#"\sshop_web\s+replicated\s+4/4\b"#) }, "\(result.stdout)")
        #expect(lines.contains { $0.matches(#"\sapi\s+replicated\s+4/4\b"#) }, "the scenario's own api")
        #expect(lines.contains { $0.contains("worker-7") }, "the scenario's nodes")
    }

    @Test func aBrokenStackIsOneLineWithFileAndLineAndExitCode2() throws {
        let (folder, file) = try temporaryFile("bad.yml", "version: '3.8'\nservices:\n  web:\n    image: nginx\n    ports: ['80:80']\n    deploy:\n      replica: 3\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try SwarmtopProcess.run(["snapshot", "--stack", file.path, "--nodes", "1m+3w"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "swarmtop: \(file.path):7: unknown key 'replica' in deploy of service 'web' (did you mean 'replicas'?)\n")
    }

    @Test func aStackWithoutAnImageNamesTheService() throws {
        let (folder, file) = try temporaryFile("noimage.yml", "services:\n  web:\n    image: nginx\n  api:\n    environment: [A=1]\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try SwarmtopProcess.run(["snapshot", "--stack", file.path])
        #expect(result.status == 2)
        #expect(result.stderr == "swarmtop: \(file.path):4: service 'api' has no image\n")
    }

    @Test func aMissingStackFileIsAnError() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--stack", "no/such/stack.yml"])
        #expect(result.status == 2)
        #expect(result.stderr == "swarmtop: no/such/stack.yml: no such file\n")
    }

    @Test(arguments: [
        (["--stack", shop, "--nodes", "3x"], "swarmtop: --nodes '3x': write MANAGERSm+WORKERSw, e.g. 3m+7w (3 managers and 7 workers)"),
        (["--stack", shop, "--nodes", "0m+4w"], "swarmtop: --nodes '0m+4w': the cluster needs at least one manager, e.g. 1m+3w"),
        (["--nodes", "3m+7w"], "swarmtop: --nodes needs --stack FILE (the stack to run on those nodes)"),
        (["--stack", shop, "--nodes", "3m", "--scenario", "default"], "swarmtop: --nodes and --scenario both give the cluster; use one"),
        ([], "swarmtop: give --scenario (a file, or a name from demo/) or --stack FILE"),
        (["--stack", shop, "--scenario", "nonesuch"], "swarmtop: no scenario 'nonesuch': give a file, or a name from demo/ (see swarmtop scenarios list)"),
    ])
    func badOptionsAreOneLineAndExitCode2(arguments: [String], message: String) throws {
        let result = try SwarmtopProcess.run(["snapshot"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == message + "\n")
    }

    @Test func theDashboardRefusesABadStackBeforeTouchingTheTerminal() throws {
        let result = try SwarmtopProcess.run(["--stack", Self.shop, "--nodes", "3x"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "nothing drawn")
        #expect(result.stderr == "swarmtop: --nodes '3x': write MANAGERSm+WORKERSw, e.g. 3m+7w (3 managers and 7 workers)\n")
    }

    @Test func environmentVariablesAreSubstituted() throws {
        let process = Process()
        process.executableURL = SwarmtopProcess.binary
        process.arguments = ["snapshot", "--stack", Self.shop, "--nodes", "1m+3w", "--at", "30s"]
        process.currentDirectoryURL = SwarmtopProcess.repoRoot
        process.environment = ["WEB_TAG": "1.9.0-rc1"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stdout.contains("shop/web:1.9.0-rc1"))
    }
}

/// The dashboard on a stack, and with no options at all, in tmux.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StackDashboardTests {
    @Test func theDashboardShowsTheStacksServicesOnTheGeneratedCluster() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--stack", StackCommandTests.shop, "--nodes", "1m+3w", "--speed", "4"], ready: "swarmtop shop (embedded)")
        try await tmux.waitFor("the stack's services at full strength") {
            $0.matches(#"\bshop_web\s+\S+\s+4/4\b"#) && $0.matches(#"\bshop_api\s+\S+\s+3/3\b"#)
        }
        try await tmux.quit(keys: ["q"])
    }

    @Test func withNoOptionsTheDefaultDemoRuns() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start([])
        try await tmux.waitFor("the demo's services") { $0.matches(#"\bweb\s+\S+\s+[0-9]+/6\b"#) }
        try await tmux.quit(keys: ["q"])
    }
}
