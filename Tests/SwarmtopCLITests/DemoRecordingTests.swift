import Foundation
import TestSupport
import Testing

/// The recordings in demo/recordings, made with the real binary in tmux (record.sh): replayed
/// headless, verified against the engine, and their final screens compared with the golden
/// files beside them (SWARMTOP_UPDATE_GOLDEN=1 rewrites those).
@Suite struct DemoRecordingTests {
    static let folder = SwarmtopProcess.repoRoot.appendingPathComponent("demo/recordings")

    @Test(arguments: ["drain", "rolling-update"])
    func replaysVerifiedWithItsGoldenFinalScreen(name: String) throws {
        let recording = "demo/recordings/\(name).jsonl"
        let result = try SwarmtopProcess.run(["replay", recording, "--headless", "--verify", "--screen"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("swarmtop: \(recording): identical: "), "\(result.stderr)")
        let golden = Self.folder.appendingPathComponent("\(name).screen.txt")
        if ProcessInfo.processInfo.environment["SWARMTOP_UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.stdout == expected)
    }

    @Test func theDrainRecordingShowsWorker3BeforeAndAfterItsMarkers() throws {
        let before = try SwarmtopProcess.run(["replay", "demo/recordings/drain.jsonl", "--headless", "--at-marker", "before-drain"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.range(of: #"worker-3\s+worker\s+Active"#, options: .regularExpression) != nil, "\(before.stdout)")
        let after = try SwarmtopProcess.run(["replay", "demo/recordings/drain.jsonl", "--headless", "--at-marker", "drained"])
        #expect(after.stdout.range(of: #"worker-3\s+worker\s+Drain\s+Ready\s+0/0"#, options: .regularExpression) != nil, "\(after.stdout)")
    }

    @Test func theDrainSummaryHasTheOperatorsActionAndItsAnswer() throws {
        let result = try SwarmtopProcess.run(["replay", "demo/recordings/drain.jsonl", "--headless", "--summary"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let actions = summary["actions"] as? [[String: Any]] ?? []
        #expect(actions.map { $0["action"] as? String } == ["drain worker-3"])
        #expect(actions.map { $0["outcome"] as? String } == ["accepted"])
        let markers = (summary["markers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(markers == ["before-drain", "drained"])
        #expect((summary["final"] as? [String: Any])?["nodes"] as? Int == 10)
        #expect(summary["complete"] as? Bool == true)
    }

    @Test func theRollingUpdateRecordingShowsTheFailedUpdate() throws {
        let result = try SwarmtopProcess.run(["replay", "demo/recordings/rolling-update.jsonl", "--headless", "--summary"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let byType = summary["clusterEvents"] as? [String: Int] ?? [:]
        #expect(byType["action.accepted"] == 2, "the timeline's two updates")
        let final = summary["final"] as? [String: Any] ?? [:]
        #expect(((final["tasksByState"] as? [String: Int])?["failed"] ?? 0) > 0)
    }
}

@Suite struct ReplayExportCommandTests {
    @Test func exportCastAndFramesWriteFiles() throws {
        let folder = try TestSupport.temporaryFolder(prefix: "swarmtop-export")
        let cast = folder.appendingPathComponent("drain.cast").path
        let frames = folder.appendingPathComponent("frames").path
        let result = try SwarmtopProcess.run(["replay", "demo/recordings/drain.jsonl", "--export-cast", cast, "--frames", frames, "--every", "10s"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let castText = try String(contentsOfFile: cast, encoding: .utf8)
        #expect(castText.hasPrefix(#"{"version":2,"width":120,"height":40,"#))
        #expect(castText.contains(#", "m", "drained"]"#))
        let names = try FileManager.default.contentsOfDirectory(atPath: frames).sorted()
        #expect(names.contains("marker-01-before-drain.txt") && names.contains("marker-02-drained.txt") && names.contains("at-000010s.txt"))
    }
}
