import Dashboard
import Foundation
import SwarmModel
@testable import SwarmRecording
import Testing

@Suite struct RecordingReaderTests {
    // MARK: What goes in comes out

    @Test func everyKindOfEntryRoundTripsThroughALine() throws {
        let (engine, events) = Sample.engineEvents()
        let node = try #require(engine.cluster.orderedNodes.first)
        let service = try #require(engine.cluster.orderedServices.first)
        let task = try #require(engine.cluster.tasks.values.sorted { $0.id.rawValue < $1.id.rawValue }.first)
        let entries: [RecordingEntry] = [
            .snapshot(.node(node)), .snapshot(.service(service)), .snapshot(.task(task)),
            .cluster(events[events.count - 1]),
            .input(.key(.character("j"))), .input(.key(.character("<"))), .input(.key(.up)), .input(.key(.control("c"))),
            .input(.key(.function(5))), .input(.key(.backTab)), .input(.key(.character("é"))),
            .input(.mouse(MouseEvent(x: 3, y: 7, kind: .wheelDown))), .input(.resize(width: 100, height: 30)), .input(.terminate),
            .action(RecordedAction(action: .setAvailability(node: "worker-1", .drain), outcome: .accepted, appliedAt: Sample.start, answerSequence: 99)),
            .action(RecordedAction(action: .demote(node: "manager-1"), outcome: .refused("attempting to demote the last manager of the swarm"))),
            .clock(RecordedClock(start: Sample.start, now: Sample.start + .seconds(5), speed: 4, paused: true, controllable: true)),
            .marker("before the drain"),
            .end,
        ]
        var header = Sample.header
        header.sequence = 0
        let text = Sample.text(header: header, entries.enumerated().map { Sample.line($1, at: Double($0) * 0.25) })
        let (readHeader, lines, warnings) = try Sample.read(text)
        #expect(readHeader == header)
        #expect(lines.map(\.entry) == entries)
        #expect(lines.map(\.line) == Array(2...(entries.count + 1)))
        #expect(lines.last?.time == .milliseconds(250 * (entries.count - 1)))
        #expect(warnings.isEmpty)
    }

    @Test func linesStartWithTheTimeAndTheKind() {
        let line = Sample.line(.marker("deploy"), at: 12.5)
        #expect(line == #"{"t":12.5,"kind":"marker","name":"deploy"}"#)
        #expect(Sample.line(.input(.key(.enter)), at: 0.001) == #"{"t":0.001,"kind":"key","key":"<enter>"}"#)
        #expect(Sample.line(.end, at: 3) == #"{"t":3,"kind":"end"}"#)
    }

    @Test func theHeaderStartsWithTheFormatAndVersion() throws {
        let text = try RecordingLineCodec().line(Sample.header)
        #expect(text.hasPrefix(#"{"format":"swarmtop-recording","version":"3.0","#))
        #expect(text.hasSuffix("}\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
    }

    @Test func keysAreWrittenAsTextAndReadBack() {
        let keys: [Key] = [.character("q"), .character(" "), .character(">"), .up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
                           .enter, .escape, .tab, .backTab, .backspace, .delete, .control("c"), .function(12)]
        for key in keys { #expect(KeyText.key(KeyText.text(key)) == key) }
        #expect(KeyText.key("<nonsense>") == nil)
        #expect(KeyText.key("") == nil)
        #expect(KeyText.key("ab") == nil)
    }

    // MARK: Damaged and foreign files

    @Test func aCutOffLastLineIsAWarningAndTheRestIsReplayed() throws {
        let whole = Sample.line(.cluster(Sample.event(4)), at: 1)
        let text = Sample.text([whole]) + String(Sample.line(.cluster(Sample.event(5)), at: 2).prefix(40))
        let (_, lines, warnings) = try Sample.read(text)
        #expect(lines.count == 1)
        #expect(warnings.map(\.description) == ["rec.jsonl:3: line is cut off (the recording ended mid-write); replayed up to line 2"])
    }

    @Test func aWholeLastLineWithoutANewlineIsKept() throws {
        let text = Sample.text([]) + Sample.line(.marker("m"), at: 1)
        let (_, lines, warnings) = try Sample.read(text)
        #expect(lines.map(\.entry) == [.marker("m")])
        #expect(warnings.isEmpty)
    }

    @Test func invalidJSONNamesTheLine() {
        let message = Sample.message(Sample.text([Sample.line(.marker("a"), at: 1), "{\"t\":2,"]) + "\n")
        #expect(message?.hasPrefix("rec.jsonl:3: not valid JSON") == true, "\(message ?? "")")
    }

    @Test func aLineMissingAFieldSaysWhichField() {
        let message = Sample.message(Sample.text([#"{"t":1,"kind":"resize","width":80}"#]))
        #expect(message == "rec.jsonl:2: 'resize' line: missing field 'height'")
        let cluster = Sample.message(Sample.text([#"{"t":1,"kind":"cluster","event":{"seq":9,"time":"2026-01-01T00:00:00Z"}}"#]))
        #expect(cluster == "rec.jsonl:2: 'cluster' line: missing field 'event.type'")
    }

    @Test func anUnknownKindIsAnErrorInTheVersionThatHasNoSuchKind() {
        let message = Sample.message(Sample.text([#"{"t":1,"kind":"telepathy"}"#]))
        #expect(message == "rec.jsonl:2: unknown event kind 'telepathy' in a version 3.0 recording")
        // Format 3's own kinds are unknown to a format 2 file.
        var two = Sample.header
        two.version = "2.0"
        let update = #"{"t":1,"kind":"update","id":"x","state":"running","time":"2026-01-01T00:00:00Z"}"#
        #expect(Sample.message(Sample.text(header: two, [update])) == "rec.jsonl:2: unknown event kind 'update' in a version 2.0 recording")
        var old = Sample.header
        old.version = "1.0"
        #expect(Sample.message(Sample.text(header: old, [#"{"t":1,"kind":"telepathy"}"#])) == "rec.jsonl:2: unknown event kind 'telepathy' in a version 1.0 recording")
    }

    @Test func anUnknownKindFromANewerMinorVersionIsSkippedWithAWarning() throws {
        var header = Sample.header
        header.version = "1.4"
        let (readHeader, lines, warnings) = try Sample.read(Sample.text(header: header, [#"{"t":1,"kind":"telepathy","x":1}"#, Sample.line(.marker("m"), at: 2)]))
        #expect(readHeader.version == "1.4")
        #expect(lines.map(\.entry) == [.marker("m")])
        #expect(warnings.map(\.description) == ["rec.jsonl:2: unknown event kind 'telepathy' (from format 1.4, newer than 1.0): skipped"])
    }

    @Test func aNewerMajorVersionIsRefusedWithAClearMessage() {
        var header = Sample.header
        header.version = "4.0"
        #expect(Sample.message(Sample.text(header: header, [])) == "rec.jsonl:1: recording format 4.0 is newer than this swarmtop reads (3.x): update swarmtop to replay it")
    }

    @Test func aVersionThatIsNotMajorDotMinorIsRefused() {
        var header = Sample.header
        header.version = "one"
        #expect(Sample.message(Sample.text(header: header, [])) == #"rec.jsonl:1: version 'one' is not MAJOR.MINOR, e.g. "3.0""#)
    }

    @Test func timeGoingBackwardsIsRefused() {
        let message = Sample.message(Sample.text([Sample.line(.marker("a"), at: 5), Sample.line(.marker("b"), at: 4.5)]))
        #expect(message == "rec.jsonl:3: time goes backwards (t=4.5 after t=5)")
    }

    @Test func clusterEventsNumberedDownwardsAreRefused() {
        let message = Sample.message(Sample.text([Sample.line(.cluster(Sample.event(7)), at: 1), Sample.line(.cluster(Sample.event(6)), at: 1)]))
        #expect(message == "rec.jsonl:3: cluster event 6 after event 7: sequence numbers must increase")
        let first = Sample.message(Sample.text([Sample.line(.cluster(Sample.event(3)), at: 1)]))
        #expect(first == "rec.jsonl:2: cluster event 3 after event 3: sequence numbers must increase")
    }

    @Test func aMissingHeaderIsNamed() {
        #expect(Sample.message(Sample.line(.marker("a"), at: 1) + "\n")?.hasPrefix(#"rec.jsonl:1: not a swarmtop recording: the header is missing (no "format" field)"#) == true)
        #expect(Sample.message(#"{"format":"asciicast","version":"2.0"}"# + "\n")?.hasPrefix("rec.jsonl:1: not a swarmtop recording: the format is 'asciicast'") == true)
        #expect(Sample.message("hello\n")?.hasPrefix("rec.jsonl:1: not a swarmtop recording: the first line is not a JSON object") == true)
    }

    @Test func anEmptyFileIsNamed() {
        #expect(Sample.message("") == "rec.jsonl:1: the file is empty: not a swarmtop recording")
    }

    @Test func aBinaryFileIsNamed() {
        #expect(Sample.message(bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 0xFF, 0x0A]) == "rec.jsonl:1: binary data, not text: not a swarmtop recording")
        // Not the last line: a last line with NUL bytes is one cut off mid-write.
        let text = Array(Sample.text([Sample.line(.marker("a"), at: 1)]).utf8) + [0xC3, 0x28, 0x00, 0x0A]
            + Array(Sample.line(.marker("b"), at: 2).utf8) + [0x0A]
        #expect(Sample.message(bytes: text) == "rec.jsonl:3: binary data, not text: not a swarmtop recording")
    }

    @Test func aHugeLineIsRefusedWithoutReadingItAll() {
        let text = Array(Sample.text([Sample.line(.marker(String(repeating: "x", count: 5000)), at: 1)]).utf8)
        #expect(Sample.message(bytes: text, lineLimit: 4096) == "rec.jsonl:2: line is longer than 4096 bytes: not a swarmtop recording, or a damaged one")
    }

    @Test func snapshotLinesAfterEventsAreRefused() throws {
        let (engine, _) = Sample.engineEvents()
        let node = try #require(engine.cluster.orderedNodes.first)
        let message = Sample.message(Sample.text([Sample.line(.marker("a"), at: 1), Sample.line(.snapshot(.node(node)), at: 1)]))
        #expect(message == "rec.jsonl:3: a snapshot line after other events: snapshot lines come right after the header")
    }

    @Test func aNegativeTimeIsRefused() {
        #expect(Sample.message(Sample.text([#"{"t":-1,"kind":"end"}"#])) == "rec.jsonl:2: t must be the seconds since the recording started (a number ≥ 0)")
    }
}
