import Foundation
import TestSupport
import Testing

/// `swarmtop snapshot --docker` on a daemon it cannot use: one line saying why, exit code 2.
@Suite struct SnapshotDockerErrorTests {
    @Test func aMissingSocketIsOneLineAndExitCode2() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--docker", "unix:///nonexistent/docker.sock"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "swarmtop: no Docker socket at /nonexistent/docker.sock: start dockerd, or point --docker or DOCKER_HOST at the daemon's socket\n")
    }

    @Test func bareDockerUsesDockerHost() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = "unix:///nonexistent/other.sock"
        let result = try SwarmtopProcess.run(["snapshot", "--docker", "--format", "json"], environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/other.sock"))
    }

    @Test func anAddressThatIsNoDockerAddressIsRefused() throws {
        let result = try SwarmtopProcess.run(["snapshot", "--docker", "ssh://me@host"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a Docker address"))
    }
}

/// `swarmtop --docker` with options that belong to the embedded engine: refused before anything starts.
@Suite struct RunDockerOptionTests {
    @Test func recordingADaemonThatCannotBeUsedCreatesNoFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-never-\(getpid()).jsonl").path
        let result = try SwarmtopProcess.run(["--docker", "unix:///nonexistent/docker.sock", "--record", file])
        #expect(result.status == 2)
        #expect(result.stderr == "swarmtop: no Docker socket at /nonexistent/docker.sock: start dockerd, or point --docker or DOCKER_HOST at the daemon's socket\n")
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func anErrorQuotingEscapeSequencesReachesStderrWithoutThem() throws {
        // What an error quotes (here the address given; a daemon's refusal likewise) is sanitised.
        let address = "unix:///nonexistent/\u{1b}]0;title\u{07}\u{1b}[31mred/docker.sock"
        for arguments in [["--docker", address], ["snapshot", "--docker", address]] {
            let result = try SwarmtopProcess.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr == "swarmtop: no Docker socket at /nonexistent/red/docker.sock: start dockerd, or point --docker or DOCKER_HOST at the daemon's socket\n", "\(arguments)")
        }
    }

    @Test func aScenarioWithDockerIsRefusedClearly() throws {
        let result = try SwarmtopProcess.run(["--docker", "--scenario", "default"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--scenario and --stack are for the embedded engine"))
    }

    @Test func anUnusableDaemonIsOneLineAndExitCode2WithoutATerminal() throws {
        let result = try SwarmtopProcess.run(["--docker", "unix:///nonexistent/docker.sock"])
        #expect(result.status == 2)
        #expect(result.stderr == "swarmtop: no Docker socket at /nonexistent/docker.sock: start dockerd, or point --docker or DOCKER_HOST at the daemon's socket\n")
        #expect(result.stdout.isEmpty)
    }
}
