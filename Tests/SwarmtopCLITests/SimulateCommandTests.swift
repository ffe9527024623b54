import Foundation
import TestSupport
import Testing

/// `swarmtop simulate`: a scenario run headless and recorded, replayable and verifiable.
@Suite struct SimulateCommandTests {
    static func temporaryPath(_ name: String = "sim.jsonl") -> String {
        TestSupport.temporaryPath(name, folderPrefix: "swarmtop-sim")
    }

    @Test func aSimulatedSessionReplaysAndTheEngineReproducesIt() throws {
        let path = Self.temporaryPath()
        let made = try SwarmtopProcess.run(["simulate", "--scenario", "default", "--for", "3m", "--record", path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("\(path): "), "\(made.stdout)")
        #expect(made.stdout.contains(" cluster events, 1 markers, "), "\(made.stdout)")
        let replayed = try SwarmtopProcess.run(["replay", path, "--headless", "--verify", "--screen"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stderr.contains(": identical: "), "\(replayed.stderr)")
        #expect(replayed.stdout.contains("replay sim.jsonl"), "the dashboard's header names the replay")
        // The timeline's scale-up at 2m is a marker.
        let atMarker = try SwarmtopProcess.run(["replay", path, "--headless", "--at-marker", "scale web 9"])
        #expect(atMarker.status == 0, "\(atMarker.stderr)")
    }

    @Test func theSameOptionsGiveTheSameFile() throws {
        let a = Self.temporaryPath(), b = Self.temporaryPath()
        for path in [a, b] {
            let made = try SwarmtopProcess.run(["simulate", "--scenario", "crash-loop", "--for", "90s", "--record", path])
            #expect(made.status == 0, "\(made.stderr)")
        }
        #expect(FileManager.default.contentsEqual(atPath: a, andPath: b))
        // Task changes are written in short (the engine notes them for the writer): whole
        // task.updated lines only for the odd change a note does not cover, if any.
        let text = try String(contentsOfFile: a, encoding: .utf8)
        let short = text.matches(of: #/"kind":"update"/#).count, whole = text.matches(of: #/"type":"task.updated"/#).count
        #expect(short > 200 && whole * 50 < short, "\(short) short and \(whole) whole task.updated lines")
        let other = Self.temporaryPath()
        _ = try SwarmtopProcess.run(["simulate", "--scenario", "crash-loop", "--seed", "12", "--for", "90s", "--record", other])
        #expect(!FileManager.default.contentsEqual(atPath: a, andPath: other))
    }

    @Test func badOptionsAreSaidInOneLine() throws {
        let path = Self.temporaryPath()
        let noTime = try SwarmtopProcess.run(["simulate", "--scenario", "default", "--for", "soon", "--record", path])
        #expect(noTime.status != 0)
        #expect(noTime.stderr.contains("--for must be a time such as 90s, 5m or 1h; got 'soon'"), "\(noTime.stderr)")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        let exists = try SwarmtopProcess.run(["simulate", "--scenario", "default", "--for", "1m", "--record", path])
        #expect(exists.status == 2)
        #expect(exists.stderr.contains("the file exists already"), "\(exists.stderr)")
    }

    /// A recorder killed mid-line leaves every line it finished: the file replays, with the
    /// last line reported cut off if it was being written, and no `end`.
    @Test func aKilledRecorderLeavesAFileThatReplays() throws {
        let path = Self.temporaryPath()
        // Megabytes: not left in the temporary folder.
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let process = Process()
        process.executableURL = SwarmtopProcess.binary
        process.arguments = ["simulate", "--scenario", "demo/churn-10k.yaml", "--for", "1h", "--record", path]
        process.currentDirectoryURL = SwarmtopProcess.repoRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Until a few megabytes are in (the snapshot is about five), then SIGKILL.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size > 8_000_000 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(process.isRunning, "it finished an hour before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let result = try SwarmtopProcess.run(["replay", path, "--headless", "--summary"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["complete"] as? Bool == false)
        #expect(((summary["events"] as? [String: Int])?["snapshot"] ?? 0) > 10_000)
        #expect(((summary["events"] as? [String: Int])?["cluster"] ?? 0) > 1000)
        #expect(result.stderr.isEmpty || result.stderr.contains("line is cut off (the recording ended mid-write)"), "\(result.stderr)")
    }
}
