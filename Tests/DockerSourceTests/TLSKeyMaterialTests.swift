import Foundation
import Testing

@testable import DockerSource

/// The client's private key (`key.pem` in `DOCKER_CERT_PATH`) is used, never shown: not in an
/// error, not in what swarmtop prints, not in the TLS set-up's description (what a log line
/// interpolating it would write).
// A key and a certificate of the test's own are made with openssl.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "no /usr/bin/openssl to make a test key with"))
struct TLSKeyMaterialTests {
    /// A folder with ca.pem, cert.pem and key.pem (a new EC key and a self-signed certificate).
    struct Certificates {
        let folder: String
        /// The key's base64 lines: none of them may ever be printed.
        let keyLines: [String]

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-tls-\(getpid())-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            openssl.arguments = [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=swarmtop-test", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem",
            ]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw LabError(command: "openssl req", output: "exit status \(openssl.terminationStatus)") }
            try FileManager.default.copyItem(atPath: folder + "/cert.pem", toPath: folder + "/ca.pem")
            keyLines = try Self.base64Lines(folder + "/key.pem")
        }

        static func base64Lines(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 16 }
        }

        /// Whether `text` holds any of the key's lines (or a long enough piece of one).
        func leaks(_ text: String) -> Bool {
            keyLines.contains { line in text.contains(line) || text.contains(line.prefix(16)) }
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    @Test func theTLSSetUpsDescriptionHoldsNoKeyMaterial() throws {
        let certificates = try Certificates()
        defer { certificates.remove() }
        try #require(!certificates.keyLines.isEmpty)
        let endpoint = DockerEndpoint.tls(host: "127.0.0.1", port: 1, certificates: certificates.folder, verify: true)
        let tls = try #require(try DockerClient.tlsConfiguration(for: endpoint))
        #expect(!certificates.leaks(String(describing: tls)))
        #expect(!certificates.leaks(String(reflecting: tls)))
        #expect(!certificates.leaks(String(describing: endpoint)))
    }

    @Test func aConnectionThatFailsSaysNothingOfTheKey() async throws {
        let certificates = try Certificates()
        defer { certificates.remove() }
        let error = await #expect(throws: DockerError.self) {
            try await DockerClient.connect(to: .tls(host: "127.0.0.1", port: 1, certificates: certificates.folder, verify: true))
        }
        #expect(error?.description.hasPrefix("cannot reach the Docker daemon at tcp://127.0.0.1:1 (TLS)") == true, "\(String(describing: error))")
        #expect(!certificates.leaks(String(describing: error)))
    }

    @Test func aKeyThatCannotBeUsedIsNamedButNotShown() throws {
        let certificates = try Certificates()
        defer { certificates.remove() }
        // A key whose body is not a key: the error names the folder, not what is in the file.
        let body = Data("swarmtop test: this line is the secret body of a key that must never be printed".utf8).base64EncodedString()
        try "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\n".write(toFile: certificates.folder + "/key.pem", atomically: true, encoding: .utf8)
        let broken = try Certificates.base64Lines(certificates.folder + "/key.pem")
        let endpoint = DockerEndpoint.tls(host: "127.0.0.1", port: 1, certificates: certificates.folder, verify: true)
        let error = #expect(throws: DockerError.self) { try DockerClient.tlsConfiguration(for: endpoint) }
        guard case .certificates(let folder, _) = error else {
            Issue.record("expected a certificates error, got \(String(describing: error))")
            return
        }
        #expect(folder == certificates.folder)
        let text = String(describing: error)
        #expect(!broken.contains { text.contains($0.prefix(16)) }, "\(text)")

        // And the binary: one line on stderr, nothing of the key, exit code 2.
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_TLS_VERIFY"] = "1"
        environment["DOCKER_CERT_PATH"] = certificates.folder
        let result = try SwarmtopProcess.run(["snapshot", "--docker", "tcp://127.0.0.1:1"], environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("swarmtop: cannot use the TLS certificates in \(certificates.folder)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!broken.contains { result.stderr.contains($0.prefix(16)) || result.stdout.contains($0.prefix(16)) })
    }
}
