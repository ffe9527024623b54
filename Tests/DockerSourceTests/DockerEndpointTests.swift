import Testing

@testable import DockerSource

/// The daemon's address is chosen as the docker CLI chooses it.
@Suite struct DockerEndpointTests {
    @Test func optionWinsOverDockerHost() throws {
        let endpoint = try DockerEndpoint.resolve(option: "unix:///tmp/a.sock", environment: ["DOCKER_HOST": "tcp://h:2375"])
        #expect(endpoint == .unix(path: "/tmp/a.sock"))
    }

    @Test func dockerHostIsUsedWithoutOption() throws {
        #expect(try DockerEndpoint.resolve(option: nil, environment: ["DOCKER_HOST": "tcp://h:2376"]) == .tcp(host: "h", port: 2376))
        #expect(try DockerEndpoint.resolve(option: "", environment: ["DOCKER_HOST": "unix:///x.sock"]) == .unix(path: "/x.sock"))
    }

    @Test func defaultIsTheSystemSocket() throws {
        #expect(try DockerEndpoint.resolve(option: nil, environment: [:]) == .unix(path: "/var/run/docker.sock"))
    }

    @Test func tlsFollowsDockerTLSVerifyAndCertPath() throws {
        let env = ["DOCKER_HOST": "tcp://10.0.0.1:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/certs"]
        #expect(try DockerEndpoint.resolve(option: nil, environment: env) == .tls(host: "10.0.0.1", port: 2376, certificates: "/certs", verify: true))
        let home = ["DOCKER_TLS_VERIFY": "1", "HOME": "/home/me"]
        #expect(try DockerEndpoint.resolve(option: "tcp://h:2376", environment: home) == .tls(host: "h", port: 2376, certificates: "/home/me/.docker", verify: true))
    }

    @Test func otherSchemesAreRefusedWithTheFormsThatWork() {
        #expect(throws: DockerError.badAddress("ssh://me@host")) { try DockerEndpoint.resolve(option: "ssh://me@host", environment: [:]) }
        #expect(DockerError.badAddress("ssh://me@host").description.contains("unix:///path/to/docker.sock or tcp://host:port"))
    }

    @Test func unixURLsPercentEncodeTheSocketPath() {
        #expect(DockerClient.url("/v1.41/nodes", endpoint: .unix(path: "/tmp/lab/docker.sock")) == "http+unix://%2Ftmp%2Flab%2Fdocker%2Esock/v1.41/nodes")
        #expect(DockerClient.url("/version", endpoint: .tcp(host: "h", port: 2375)) == "http://h:2375/version")
    }

    @Test func missingTLSCertificatesAreNamed() {
        #expect(throws: DockerError.certificates(folder: "/nonexistent", reason: "ca.pem is missing or unreadable")) {
            try DockerClient.tlsConfiguration(for: .tls(host: "h", port: 2376, certificates: "/nonexistent", verify: true))
        }
    }
}
