import Foundation
import SwarmModel
import SwarmRecording
import SwarmtopApp
import Testing

@testable import DockerSource

/// What comes from the daemon is someone else's text: it reaches the terminal sanitised, and
/// nothing secret of it reaches a recording. In the single-node lab suite (run in series with
/// the tests that drain its node).
extension LabTests {
    /// The lab's own node.
    func labNodeID() throws -> String {
        try #require(try Lab.docker("node", "ls", "-q").split(separator: "\n").first.map(String.init))
    }

    @Test func escapeSequencesInANodeLabelNeverReachTheTerminal() async throws {
        let node = try labNodeID()
        // Red, then a window title: what a hostile label would hold.
        let value = "\u{1b}[31mred\u{1b}]0;owned\u{07}"
        try Lab.docker("node", "update", "--label-add", "swarmtop.colour=\(value)", node)
        defer { _ = try? Lab.docker("node", "update", "--label-rm", "swarmtop.colour", node) }
        // The daemon keeps the bytes as given.
        #expect(try Lab.docker("node", "inspect", "--format", #"{{index .Spec.Labels "swarmtop.colour"}}"#, node) == value + "\n")

        let driver = try await DashboardDriver(endpoint: try Lab.endpoint(), width: 220, height: 40)
        defer { driver.press("q") }
        // The node pane's labels column: the visible text, without the sequences around it.
        // Waited for generously: on a loaded CI machine the first frame can take seconds.
        let shown = try await Lab.wait(seconds: 60) { driver.screen.contains("swarmtop.colour=red ") }
        #expect(shown, "the label as plain text in the node pane:\n\(driver.screen)")
        let frame = try #require(driver.frame)
        let controls = frame.text.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "control characters in the rendered cells: \(controls.map { String($0.value, radix: 16) })")
        #expect(!frame.text.contains("owned"), "the OSC title's text is dropped with its sequence")
        await driver.quit()

        // snapshot --docker: JSON carries the label escaped, the tables never a raw control byte.
        for format in ["json", "table"] {
            let snapshot = try SwarmtopProcess.run(["snapshot", "--docker", try #require(Lab.address), "--format", format])
            #expect(snapshot.status == 0, "\(snapshot.stderr)")
            #expect(!snapshot.stdout.utf8.contains { $0 == 0x1B || $0 == 0x07 }, "a raw ESC or BEL in snapshot --format \(format)")
            if format == "json" { #expect(snapshot.stdout.contains(#""swarmtop.colour" : "\u001b[31mred"#), "\(snapshot.stdout)") }
        }
    }

    @Test func aRecordingOfTheLabHoldsNoEnvironmentValueSecretOrConfigData() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-secret-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secretFile = folder.appendingPathComponent("secret").path, configFile = folder.appendingPathComponent("config").path
        try "hunter2 (the secret's data)".write(toFile: secretFile, atomically: true, encoding: .utf8)
        try "hunter2 (the config's data)".write(toFile: configFile, atomically: true, encoding: .utf8)
        let (service, secret, config) = ("t-secret", "t-secret-\(getpid())", "t-config-\(getpid())")
        try Lab.docker("secret", "create", secret, secretFile)
        defer { _ = try? Lab.docker("secret", "rm", secret) }
        try Lab.docker("config", "create", config, configFile)
        defer { _ = try? Lab.docker("config", "rm", config) }
        try Lab.docker(
            "service", "create", "--detach", "--name", service, "--env", "PASSWORD=hunter2", "--secret", secret,
            "--config", "source=\(config),target=/etc/t.conf", "busybox", "sleep", "1d")
        defer { _ = try? Lab.docker("service", "rm", service) }
        // The daemon holds the value (so the recording could have had it).
        #expect(try Lab.docker("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Env}}", service).contains("PASSWORD=hunter2"))

        // Recorded as `swarmtop --docker --record` records: the service in the snapshot, then
        // changes to its environment as events while recording.
        let file = folder.appendingPathComponent("session.jsonl").path
        let recorder = SessionRecorder(
            writer: try RecordingWriter(creating: file),
            source: RecordingHeader.Source(kind: .docker, cluster: "swarm", endpoint: try Lab.endpoint().description), theme: "default")
        let driver = try await DashboardDriver(endpoint: try Lab.endpoint(), recorder: recorder)
        defer { driver.press("q") }
        try Lab.docker("service", "update", "--detach", "--env-add", "TOKEN=hunter2-too", service)
        let updated = try await Lab.wait(seconds: 30) {
            let events = try String(contentsOfFile: file, encoding: .utf8)
            return events.split(separator: "\n").contains { $0.contains("service.updated") && $0.contains(service) }
        }
        #expect(updated, "the update of \(service) was recorded")
        await driver.quit()

        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(#""Name":"\#(service)""#), "the service is in the recording")
        #expect(!text.contains("hunter2"), "an environment value, a secret's or a config's data is in the recording")
    }
}
