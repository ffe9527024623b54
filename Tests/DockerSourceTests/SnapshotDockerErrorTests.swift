import Foundation
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
