import Foundation
import SwarmModel
import Testing

@testable import DockerSource

/// Connecting: what is wrong is said before anything is shown.
@Suite struct DockerClientTests {
    @Test func missingSocketIsNamedWithWhatToDo() async {
        let error = await #expect(throws: DockerError.self) {
            try await DockerClient.connect(to: .unix(path: "/nonexistent/docker.sock"))
        }
        #expect(error == .socketMissing(path: "/nonexistent/docker.sock"))
        #expect(error?.description == "no Docker socket at /nonexistent/docker.sock: start dockerd, or point --docker or DOCKER_HOST at the daemon's socket")
    }

    @Test func aSocketNobodyListensOnIsUnreachable() async throws {
        // A leftover socket file of a daemon that is gone.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-dead-\(getpid()).sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            path.utf8CString.withUnsafeBytes { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(raw.count))) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        defer { unlink(path) }
        try #require(bound == 0)
        let error = await #expect(throws: DockerError.self) { try await DockerClient.connect(to: .unix(path: path)) }
        guard case .unreachable(let address, _) = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(address == "unix://" + path)
    }

    @Test func nothingListeningOnTCPIsUnreachable() async {
        let error = await #expect(throws: DockerError.self) { try await DockerClient.connect(to: .tcp(host: "127.0.0.1", port: 1)) }
        #expect(error?.description.hasPrefix("cannot reach the Docker daemon at tcp://127.0.0.1:1") == true)
    }
}
