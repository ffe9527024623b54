import Foundation
import TestSupport
import Testing

/// `swarmtop replay` on recordings made by the real binary's format, good and bad.
@Suite struct ReplayCommandTests {
    static func temporaryFile(_ content: [UInt8], name: String = "rec.jsonl") throws -> String {
        let folder = try TestSupport.temporaryFolder(prefix: "swarmtop-cli")
        let path = folder.appendingPathComponent(name).path
        try Data(content).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let header = #"{"format":"swarmtop-recording","version":"1.0","clock":{"controllable":true,"now":"2026-01-01T00:00:00Z","paused":false,"speed":1,"start":"2026-01-01T00:00:00Z"},"readOnly":false,"sequence":0,"source":{"cluster":"empty","kind":"embedded"},"started":"2026-01-01T00:00:00Z","swarmtop":"0.1.0","terminal":{"height":24,"width":80},"theme":"default"}"#

    static func run(_ content: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String, path: String) {
        let path = try temporaryFile(Array(content.utf8))
        let result = try SwarmtopProcess.run(["replay", path, "--headless"] + extra)
        return (result.status, result.stdout, result.stderr, path)
    }

    @Test func aGoodRecordingPrintsItsFinalScreen() throws {
        let r = try Self.run(Self.header + "\n" + #"{"t":1,"kind":"key","key":"2"}"# + "\n" + #"{"t":2,"kind":"end"}"# + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 24)
        #expect(r.stdout.hasPrefix(" empty │ 00:00:0"))
        #expect(r.stderr.isEmpty)
    }

    @Test(arguments: [
        ("", ":1: the file is empty: not a swarmtop recording"),
        ("\u{7F}ELF\u{0}\u{1}\n", ":1: binary data, not text: not a swarmtop recording"),
        (#"{"format":"swarmtop-recording","version":"7.2"}"# + "\n", ":1: recording format 7.2 is newer than this swarmtop reads (3.x): update swarmtop to replay it"),
        (header + "\n" + #"{"t":1,"kind":"key""# + "\n" + "{}\n", ":2: not valid JSON"),
        (header + "\n" + #"{"t":3,"kind":"end"}"# + "\n" + #"{"t":2,"kind":"end"}"# + "\n", ":3: time goes backwards (t=2 after t=3)"),
    ])
    func badRecordingsAreOneLineAndExitCode2(content: String, message: String) throws {
        let r = try Self.run(content)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("swarmtop: \(r.path)\(message)"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func aCutOffLastLineWarnsAndReplaysTheRest() throws {
        let r = try Self.run(Self.header + "\n" + #"{"t":1,"kind":"key","key":"2"}"# + "\n" + #"{"t":2,"kind":"ma"#)
        #expect(r.status == 0)
        #expect(r.stderr == "swarmtop: \(r.path):3: line is cut off (the recording ended mid-write); replayed up to line 2\n")
        #expect(r.stdout.hasPrefix(" empty │ 00:00:0"))
    }

    @Test func verifyRefusesARecordingWithoutAScenario() throws {
        let r = try Self.run(Self.header + "\n", ["--verify"])
        #expect(r.status == 2)
        #expect(r.stderr == "swarmtop: \(r.path): cannot verify: no scenario in the header\n")
    }

    @Test func aTimeAfterTheEndIsExitCode2() throws {
        let r = try Self.run(Self.header + "\n" + #"{"t":2,"kind":"end"}"# + "\n", ["--screen", "--at", "5m"])
        #expect(r.status == 2)
        #expect(r.stderr == "swarmtop: \(r.path): --at 5m is after the end of the recording (2s)\n")
    }
}
