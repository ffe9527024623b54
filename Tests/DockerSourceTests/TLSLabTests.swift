import Foundation
import TestSupport
import Testing

/// `swarmtop snapshot --docker tcp://…` over TLS to a real dockerd: a lab of the test's own
/// started with `scripts/swarm-lab start --tls` (a throwaway CA, a server certificate for
/// 127.0.0.1, a client certificate; dockerd with `--tlsverify`), with the environment the docker
/// CLI reads (`DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`).
// Run where labs can run: SWARMTOP_DOCKER_LAB is set by .ci/run (or by hand) once a lab started there.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(
        if: !(ProcessInfo.processInfo.environment["SWARMTOP_DOCKER_LAB"] ?? "").isEmpty
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
        "no lab swarm here (or no /usr/bin/openssl): set SWARMTOP_DOCKER_LAB (scripts/swarm-lab prints it; .ci/run does) — this test starts a TLS lab of its own"
    ))
struct TLSLabTests {
    @Test func snapshotOverTLSWorksWithTheLabsCertificatesAndFailsClearlyWithoutThem() async throws {
        try await OwnLab.with(name: "tls", basePort: 5000, options: ["--tls"]) { lab in
            let host = try #require(lab.printed["DOCKER_TLS_HOST"], "start --tls printed \(lab.printed)")
            let certificates = try #require(lab.printed["DOCKER_CERT_PATH"], "start --tls printed \(lab.printed)")
            #expect(lab.printed["DOCKER_HOST"] == lab.address)
            #expect(host == "tcp://127.0.0.1:\(lab.port + 2)")
            let keyLines = try TLSKeyMaterialTests.Certificates.base64Lines(certificates + "/key.pem")
            try #require(!keyLines.isEmpty)
            func leaksKey(_ text: String) -> Bool { keyLines.contains { text.contains($0.prefix(16)) } }
            let hostname = try await lab.docker("node", "ls", "--format", "{{.Hostname}}").trimmingCharacters(in: .whitespacesAndNewlines)

            // (a) The lab's certificates: the swarm, its one node listed.
            let good = try await snapshot(host, tls: certificates)
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout.contains(#""Hostname" : "\#(hostname)""#), "\(good.stdout.prefix(2000))")

            // (b) A ca.pem of another CA (the lab's own client certificate and key beside it): the
            // daemon's certificate is not trusted — exit 2, one line that says so, nothing of the key.
            let other = try TLSKeyMaterialTests.Certificates()
            defer { other.remove() }
            for file in ["cert.pem", "key.pem"] {
                try FileManager.default.removeItem(atPath: other.folder + "/" + file)
                try FileManager.default.copyItem(atPath: certificates + "/" + file, toPath: other.folder + "/" + file)
            }
            let foreign = try await snapshot(host, tls: other.folder)
            #expect(foreign.status == 2, "\(foreign.stderr)")
            #expect(foreign.stderr.split(separator: "\n").count == 1, "one line: \(foreign.stderr)")
            #expect(
                foreign.stderr.hasPrefix("swarmtop: the Docker daemon at \(host) (TLS) has a certificate that the CA in \(other.folder)/ca.pem does not trust"),
                "\(foreign.stderr)")
            #expect(foreign.stdout.isEmpty)
            #expect(!leaksKey(foreign.stderr) && !other.leaks(foreign.stderr), "\(foreign.stderr)")

            // (c) No TLS environment against the TLS port: plain HTTP, which the daemon refuses.
            let plain = try await snapshot(host, tls: nil)
            #expect(plain.status == 2, "\(plain.stderr)")
            #expect(plain.stderr.split(separator: "\n").count == 1, "one line: \(plain.stderr)")
            #expect(
                plain.stderr.hasPrefix("swarmtop: the Docker daemon at \(host) speaks TLS only: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH"),
                "\(plain.stderr)")
            #expect(plain.stdout.isEmpty)
        }
    }

    /// `swarmtop snapshot --docker HOST --format json` with `DOCKER_TLS_VERIFY=1` and
    /// `DOCKER_CERT_PATH=tls`, or with neither (nor `DOCKER_HOST`) when `tls` is nil.
    func snapshot(_ host: String, tls: String?) async throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        for name in ["DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"] { environment[name] = nil }
        if let tls {
            environment["DOCKER_TLS_VERIFY"] = "1"
            environment["DOCKER_CERT_PATH"] = tls
        }
        return try await SwarmtopProcess.run(["snapshot", "--docker", host, "--format", "json"], environment: environment)
    }
}
