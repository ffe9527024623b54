import Foundation
import SwarmRecording
import SwarmReplay
import Testing

@Suite struct ExportTests {
    func export(_ path: String, size: (Int, Int)? = nil) throws -> [String] {
        var text = ""
        var options = HeadlessReplay.Options()
        options.size = size
        options.cast = { text += $0 }
        _ = try HeadlessReplay.run(path: path, name: "rec.jsonl", options: options)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func anAsciicastHasAHeaderAndTimedOutputResizeAndMarkerEvents() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 12, steps: [
            3: [.marker("start")],
            6: [.keys([.character("2")])],
        ])
        // A resize, as a terminal would report it.
        var lines = try RecordingFixture.lines(path)
        let end = lines.removeLast()
        lines.append(#"{"t":12,"kind":"resize","width":90,"height":25}"#)
        lines.append(end)
        let cast = try export(try RecordingFixture.write(lines))
        let header = try #require(try JSONSerialization.jsonObject(with: Data(cast[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 100 && header["height"] as? Int == 30)
        #expect(header["timestamp"] as? Int == 1_767_225_600)
        #expect(header["title"] as? String == "swarmtop replay rec.jsonl")
        let events = try cast.dropFirst().map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Any]) }
        let times = events.compactMap { $0[0] as? Double }
        #expect(times.count == events.count)
        #expect(times == times.sorted())
        #expect(events.allSatisfy { ["o", "r", "m"].contains($0[1] as? String) })
        #expect(events.filter { $0[1] as? String == "m" }.map { $0[2] as? String } == ["start"])
        #expect(events.filter { $0[1] as? String == "r" }.map { $0[2] as? String } == ["90x25"])
        let output = events.filter { $0[1] as? String == "o" }.compactMap { $0[2] as? String }
        #expect(output.first?.hasPrefix("\u{1B}[?25l\u{1B}[0m\u{1B}[2J") == true)
        #expect(output.joined().contains("00:00:07"), "the clock ticks each second")
        #expect(output.joined().contains("[2] Services"))
    }

    @Test func theSameRecordingGivesTheSameCast() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 10)
        #expect(try export(path) == export(path))
        #expect(try export(path, size: (80, 24))[0].contains(#""width":80,"height":24"#))
    }

    @Test func framesAtMarkersAndIntervals() throws {
        let path = RecordingFixture.temporaryPath()
        try RecordingFixture.record(to: path, seconds: 25, steps: [4: [.marker("first one")], 12: [.marker("second")]])
        var options = HeadlessReplay.Options()
        options.wantsFrames = true
        options.framesEvery = .seconds(10)
        let result = try HeadlessReplay.run(path: path, name: "rec.jsonl", options: options)
        #expect(result.frames.map(\.name) == ["at-000000s.txt", "marker-01-first_one.txt", "at-000010s.txt", "marker-02-second.txt", "at-000020s.txt"])
        #expect(result.frames[1].text.contains("00:00:04") && result.frames[1].text.contains("◆ marker first one"))
        #expect(result.frames[2].text.contains("00:00:10"))
    }
}
