import Foundation
import TestSupport
import Testing

/// scripts/swarm-lab removes its folder on stop (and on start, what a lab left there): a folder
/// it did not make is refused, so pointing SWARM_LAB_DIR at one never removes it. The refusal
/// comes first, so these need no daemon and no root.
@Suite(.timeLimit(.minutes(1)))
struct SwarmLabScriptTests {
    @Test(arguments: ["start", "stop", "daemon-stop", "daemon-start"])
    func aFolderTheScriptDidNotMakeIsRefusedAndKept(command: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-not-a-lab-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let precious = folder.appendingPathComponent("precious.txt")
        try "someone's work".write(to: precious, atomically: true, encoding: .utf8)

        let result = try await Spawn.outcome(of: ["env", "SWARM_LAB_DIR=\(folder.path)", OwnLab.script, command], upTo: .seconds(30))

        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(result.stderr.contains("\(folder.path) is not empty and was not made by scripts/swarm-lab"), "\(result.stderr)")
        #expect(try String(contentsOf: precious, encoding: .utf8) == "someone's work")
    }

    @Test func aPathThatIsAFileIsRefusedAndKept() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-not-a-lab-\(getpid())-\(UUID().uuidString.prefix(8))")
        try "someone's work".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let result = try await Spawn.outcome(of: ["env", "SWARM_LAB_DIR=\(file.path)", OwnLab.script, "stop"], upTo: .seconds(30))

        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "someone's work")
    }

    @Test func stopRemovesAnEmptyFolderItWasGiven() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-empty-lab-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let result = try await Spawn.outcome(of: ["env", "SWARM_LAB_DIR=\(folder.path)", OwnLab.script, "stop"], upTo: .seconds(30))

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
