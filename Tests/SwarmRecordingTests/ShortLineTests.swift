import Foundation
import SwarmModel
@testable import SwarmRecording
import Testing

/// Short lines (format 3's `update` and `remove`): task changes written against the tasks,
/// and the event before them.
@Suite struct ShortLineTests {
    @Test func everyEntryOfABusySessionReadsBackAsWritten() throws {
        let (path, entries) = try Sample.churnRecording()
        var reader = try RecordingReader(path: path)
        var read: [RecordingEntry] = []
        while let line = try reader.next() { read.append(line.entry) }
        #expect(reader.warnings.isEmpty)
        #expect(read.count == entries.count)
        // Whole entries, compared field by field (a task's spec included).
        for (i, (a, b)) in zip(read, entries).enumerated() where a != b {
            Issue.record("entry \(i) differs: read \(a), written \(b)")
            break
        }
        // The session has every kind of task change the short form has fields for.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for field in [#""container":{"#, #""desired":"shutdown""#, #""err":""#, #""node":""#, #""state":"failed""#, #""state":"rejected""#, #""kind":"remove""#, #""seq":"#, #""version":"#, #""dt":"#, #""type":"service.updated""#, #""type":"node.updated""#] {
            #expect(text.contains(field), "no line has \(field)")
        }
    }

    @Test func aStateChangeIsOneShortLine() throws {
        let (path, entries) = try Sample.churnRecording(seconds: 5)
        let lines = try Sample.lines(path)
        // The first event after the snapshot: an agent's step of a task, assigned → accepted.
        let snapshot = entries.prefix { if case .snapshot = $0 { true } else { false } }.count
        guard case .cluster(let event) = entries[snapshot], case .taskUpdated(let task, .assigned, .running) = event.change else {
            Issue.record("the first event is \(entries[snapshot])")
            return
        }
        #expect(task.state == .accepted)
        let t = RecordingLineCodec.seconds(event.time - Sample.start)
        // The first event: its time whole, its number (the header's next) and version (its
        // number) left out.
        #expect(task.version.index == event.sequence)
        #expect(lines[snapshot + 1] == #"{"t":\#(t),"kind":"update","id":"\#(task.id)","message":"accepted","state":"accepted","time":"\#(event.time)"}"#)
        // The next one's time counts from it.
        guard case .cluster(let next) = entries[snapshot + 1], case .taskUpdated(let nextTask, _, _) = next.change else {
            Issue.record("the second event is \(entries[snapshot + 1])")
            return
        }
        let dt = next.time.nanoseconds - event.time.nanoseconds
        #expect(lines[snapshot + 2].hasPrefix(#"{"t":\#(RecordingLineCodec.seconds(next.time - Sample.start)),"kind":"update","id":"\#(nextTask.id)","#))
        #expect(lines[snapshot + 2].contains(#","dt":\#(dt)"#))
        #expect(!lines[snapshot + 2].contains(#""time":"#))
    }

    /// A short line leaves out its event's number when it is one more than the last event's
    /// (whatever line had it), and its version when it is that number; its time counts from
    /// the last event's, backwards too.
    @Test func numbersAndTimesCountFromTheEventBefore() throws {
        let (writer, path, a, b) = try Sample.writerOfTwoTasks(shortForms: .byComparing)
        let t0 = a.updatedAt + .seconds(1)
        func step(_ task: Task, to message: String, version: UInt64, at time: Timestamp) -> Task {
            var changed = task
            changed.status.message = message
            changed.version.index = version
            changed.updatedAt = time
            return changed
        }
        let a1 = step(a, to: "one", version: 101, at: t0)
        let b1 = step(b, to: "two", version: 7, at: t0 + .nanoseconds(5))
        let a2 = step(a1, to: "three", version: 109, at: Timestamp(nanoseconds: t0.nanoseconds - 2))
        let events = [
            ClusterEvent(sequence: 101, time: t0, change: .taskUpdated(a1, previousState: a.state, previousDesiredState: a.desiredState)),
            ClusterEvent(sequence: 102, time: t0 + .nanoseconds(5), change: .taskUpdated(b1, previousState: b.state, previousDesiredState: b.desiredState)),
            ClusterEvent(sequence: 109, time: Timestamp(nanoseconds: t0.nanoseconds - 2), change: .taskUpdated(a2, previousState: a.state, previousDesiredState: a.desiredState)),
            ClusterEvent(sequence: 110, time: Timestamp(nanoseconds: t0.nanoseconds - 2), change: .taskRemoved(b1)),
        ]
        for event in events { writer.record(.cluster(event), at: .seconds(1)) }
        writer.finish(at: .seconds(2))
        let lines = try Sample.lines(path)
        let (ia, ib) = (a.id.rawValue, b.id.rawValue)
        #expect(Array(lines[3...6]) == [
            #"{"t":1,"kind":"update","id":"\#(ia)","message":"one","time":"\#(t0)"}"#,
            #"{"t":1,"kind":"update","id":"\#(ib)","dt":5,"message":"two","version":7}"#,
            #"{"t":1,"kind":"update","id":"\#(ia)","dt":-7,"message":"three","seq":109}"#,
            #"{"t":1,"kind":"remove","id":"\#(ib)","dt":0}"#,
        ])
        let read = try Sample.clusterEvents(inFile: path)
        #expect(read == events)
        // The same lines in another order of keys are read by Foundation, to the same events.
        let shuffled = lines.enumerated().map { i, line in
            (3...6).contains(i) ? line.replacing(/^\{"t":1,"kind":("[a-z]+"),/) { #"{"kind":\#($0.1),"t":1,"#} : line
        }
        let reread = try Sample.clusterEvents(shuffled.joined(separator: "\n") + "\n")
        #expect(reread == events)
    }

    /// A writer that takes each change from the engine's notes keeps no tasks, and writes
    /// the same file as one that compares each task with the one it wrote last (the engine's
    /// notes are exact); it reads back to the same entries.
    @Test func aWriterFromNotesWritesWhatAComparingOneWrites() throws {
        let (comparing, entries) = try Sample.churnRecording(seconds: 120, shortForms: .byComparing)
        let (noting, notedEntries) = try Sample.churnRecording(seconds: 120, shortForms: .fromNotes)
        #expect(notedEntries == entries)
        let (a, b) = (try Sample.lines(comparing), try Sample.lines(noting))
        #expect(a.count == b.count)
        for (i, (x, y)) in zip(a, b).enumerated() where x != y {
            Issue.record("line \(i + 1) differs:\n\(x)\n\(y)")
            break
        }
        #expect(a.count { $0.contains(#""kind":"update""#) } > 1_000)
        var reader = try RecordingReader(path: noting)
        var read: [RecordingEntry] = []
        while let line = try reader.next() { read.append(line.entry) }
        #expect(read == entries)
    }

    /// A writer from notes writes a change whole when its note is missing; a field a note
    /// names but that did not change is written (and read) as it is; a removal is short when
    /// its note says the task is as the events before left it. Once an event is missing (its
    /// number is not one more than the last one's), no note is trusted again: the task the
    /// missing event changed is not the one the lines show, and the writer does not know
    /// which task that was.
    @Test func aWriterFromNotesTrustsNotesOnlyWhileItSawEveryEvent() throws {
        let (writer, path, a, b) = try Sample.writerOfTwoTasks(shortForms: .fromNotes)
        let t0 = a.updatedAt + .seconds(1)
        func step(_ task: Task, to message: String, version: UInt64) -> Task {
            var changed = task
            changed.status.message = message
            changed.version.index = version
            changed.updatedAt = t0
            return changed
        }
        let (a1, a2) = (step(a, to: "one", version: 101), step(a, to: "two", version: 102))
        // b1 also sets an error, which b2's note does not name: a short b2 would read back
        // without it.
        var b1 = step(b, to: "three", version: 104)
        b1.status.err = "lost"
        let b2 = step(b1, to: "four", version: 105)
        func updated(_ task: Task, from old: Task, _ sequence: UInt64, _ note: TaskChangeNote?) -> ClusterEvent {
            ClusterEvent(
                sequence: sequence, time: t0, change: .taskUpdated(task, previousState: old.state, previousDesiredState: old.desiredState), note: note)
        }
        let events = [
            // No note: whole.
            updated(a1, from: a, 101, nil),
            // Naming the message and the status time, which did not change: short, with both.
            updated(a2, from: a1, 102, TaskChangeNote(previousVersion: 101, fields: [.message, .statusTime])),
            // Removed, as the events before left it: short.
            ClusterEvent(sequence: 103, time: t0, change: .taskRemoved(a2), note: .unchanged(a2)),
            // Event 104 (b1) never reaches the writer. The next change of b is noted against
            // b1, which the lines do not show: whole, with its number, and its error.
            updated(b2, from: b1, 105, TaskChangeNote(previousVersion: 104, fields: .message)),
            // After a gap, even a removal noted as unchanged is written whole.
            ClusterEvent(sequence: 106, time: t0, change: .taskRemoved(b2), note: .unchanged(b2)),
        ]
        for event in events { writer.record(.cluster(event), at: .seconds(1)) }
        writer.finish(at: .seconds(2))
        let lines = Array(try Sample.lines(path)[3...7])
        #expect(lines[0].contains(#""kind":"cluster""#) && lines[0].contains(#""type":"task.updated""#))
        #expect(lines[1] == #"{"t":1,"kind":"update","id":"\#(a.id)","dt":0,"message":"two","statusTime":"\#(a.status.timestamp)"}"#)
        #expect(lines[2] == #"{"t":1,"kind":"remove","id":"\#(a.id)","dt":0}"#)
        #expect(lines[3].contains(#""kind":"cluster""#) && lines[3].contains(#""type":"task.updated""#) && lines[3].contains(#""seq":105"#))
        #expect(lines[4].contains(#""kind":"cluster""#) && lines[4].contains(#""type":"task.removed""#))
        // Read against the lines before: the events as they were given.
        let read = try Sample.clusterEvents(inFile: path)
        #expect(read == events)
    }

    /// A removal is short only when its note says the task is exactly as the events before
    /// left it: a note that names a field, or counts from another version than the task's
    /// own, is not enough.
    @Test func aRemovalIsShortOnlyWhenItsTaskIsAsWrittenLast() throws {
        let (writer, path, a, b) = try Sample.writerOfTwoTasks(shortForms: .fromNotes)
        var b2 = b
        b2.version.index = 200
        let t0 = a.updatedAt + .seconds(1)
        let events = [
            ClusterEvent(sequence: 101, time: t0, change: .taskRemoved(a), note: TaskChangeNote(previousVersion: a.version.index, fields: .message)),
            ClusterEvent(sequence: 102, time: t0, change: .taskRemoved(b2), note: TaskChangeNote(previousVersion: b.version.index, fields: [])),
        ]
        for event in events { writer.record(.cluster(event), at: .seconds(1)) }
        writer.finish(at: .seconds(2))
        let lines = Array(try Sample.lines(path)[3...4])
        #expect(lines.allSatisfy { $0.contains(#""kind":"cluster""#) && $0.contains(#""type":"task.removed""#) })
        let read = try Sample.clusterEvents(inFile: path)
        #expect(read == events)
    }

    /// A writer from notes counts from the header's number: a first event numbered other
    /// than the one after it follows events the lines do not show, and even its exact note
    /// is not trusted.
    @Test func aWriterFromNotesTrustsNothingBeforeTheEventAfterTheHeaders() throws {
        let (writer, path, a, _) = try Sample.writerOfTwoTasks(shortForms: .fromNotes)
        var a1 = a
        a1.status.message = "one"
        a1.version.index = 102
        a1.updatedAt = a.updatedAt + .seconds(1)
        // The header's number is 100.
        let event = ClusterEvent(
            sequence: 102, time: a1.updatedAt, change: .taskUpdated(a1, previousState: a.state, previousDesiredState: a.desiredState),
            note: TaskChangeNote(previousVersion: a.version.index, fields: .message))
        writer.record(.cluster(event), at: .seconds(1))
        writer.finish(at: .seconds(2))
        let line = try Sample.lines(path)[3]
        #expect(line.contains(#""kind":"cluster""#) && line.contains(#""type":"task.updated""#))
    }

    /// `- 5` is not JSON: the fast reader leaves it to Foundation, which says so.
    @Test func aSignApartFromItsDigitsIsNotANumber() {
        for (text, value) in [("-5", -5 as Int?), ("- 5", nil), ("-", nil), ("-0", nil), ("7", 7)] {
            let bytes = Array(text.utf8)
            let read = bytes.withUnsafeBufferPointer { buffer -> Int? in
                var scanner = JSONScanner(buffer)
                return scanner.integer()
            }
            #expect(read == value, "\(text)")
        }
    }

    @Test func aShortLineNeedsATimeToCountFrom() {
        let noTime = #"{"t":1,"kind":"update","id":"x","dt":5,"state":"running"}"#
        #expect(Sample.message(Sample.text([noTime])) == "rec.jsonl:2: 'update' line: dt with no event before it to count from (give time instead)")
        let both = #"{"t":1,"kind":"remove","id":"x","dt":5,"time":"2026-01-01T00:00:00Z"}"#
        #expect(Sample.message(Sample.text([both])) == "rec.jsonl:2: 'remove' line: field 'dt': given with time: give one of them")
        let neither = #"{"t":1,"kind":"remove","id":"x"}"#
        #expect(Sample.message(Sample.text([neither])) == "rec.jsonl:2: 'remove' line: field 'dt': missing, and no time either: give one of them")
    }

    @Test func tasksOfAServiceLeaveOutTheSpecTheyShareWithIt() throws {
        let (path, _) = try Sample.churnRecording(seconds: 30)
        let lines = try Sample.lines(path)
        let tasks = lines.filter { $0.contains(#""kind":"snapshot","task""#) || $0.contains(#""type":"task.created""#) }
        #expect(tasks.count > 20)
        #expect(tasks.allSatisfy { !$0.contains(#""Spec""#) })
        // The service lines have it.
        #expect(lines.contains { $0.contains(#""kind":"snapshot","service""#) && $0.contains(#""Image":"crash:1""#) })
    }

    @Test func withoutTheLinesBeforeItAShortLineCannotBeRead() throws {
        let (path, _) = try Sample.churnRecording(seconds: 5)
        var lines = try Sample.lines(path)
        let short = try #require(lines.firstIndex { $0.contains(#""kind":"update""#) })
        let id = try #require(lines[short].firstMatch(of: /"id":"([a-z0-9]+)"/)?.output.1)
        // Drop the snapshot line of the task the short line names.
        lines.removeAll { $0.contains(#""kind":"snapshot","task""#) && $0.contains(#""ID":"\#(id)""#) }
        let message = Sample.message(lines.joined(separator: "\n") + "\n")
        #expect(message == "rec.jsonl:\(short): 'update' line: task.updated of task \(id), which no line before shows (no snapshot or task.created line has it)")
    }

    @Test func aTaskWithoutSpecNeedsItsServiceBeforeIt() throws {
        let (path, _) = try Sample.churnRecording(seconds: 1)
        var lines = try Sample.lines(path)
        let service = try #require(lines.firstIndex { $0.contains(#""kind":"snapshot","service""#) && $0.contains(#""Name":"web""#) })
        let serviceID = try #require(lines[service].firstMatch(of: /"ID":"([a-z0-9]+)"/)?.output.1)
        lines.remove(at: service)
        let task = try #require(lines.firstIndex { $0.contains(#""ServiceID":"\#(serviceID)""#) })
        let taskID = try #require(lines[task].firstMatch(of: /"ID":"([a-z0-9]+)"/)?.output.1)
        let message = Sample.message(lines.joined(separator: "\n") + "\n")
        #expect(message == "rec.jsonl:\(task + 1): 'snapshot' line: task \(taskID) has no Spec, and no line before shows its service \(serviceID) to take it from")
    }

    @Test func aShortLineWithAWrongFieldSaysWhich() {
        let line = #"{"t":1,"kind":"cluster","event":{"id":"x","seq":9,"state":"sleeping","time":"2026-01-01T00:00:00Z","type":"task.updated"}}"#
        #expect(Sample.message(Sample.text([line])) == "rec.jsonl:2: 'cluster' line: field 'event.state': unknown task state 'sleeping'")
    }

    @Test func aFormatOneFileHasNoShortLines() {
        var header = Sample.header
        header.version = "1.0"
        let line = #"{"t":1,"kind":"cluster","event":{"id":"x","seq":9,"state":"running","time":"2026-01-01T00:00:00Z","type":"task.updated"}}"#
        #expect(Sample.message(Sample.text(header: header, [line])) == "rec.jsonl:2: 'cluster' line: missing field 'event.task'")
    }

    @Test func aChangeTheShortFormCannotSayIsWrittenWhole() throws {
        let (engine, events) = Sample.engineEvents(seconds: 5)
        let task = try #require(engine.cluster.tasks.values.first)
        var ledger = TaskLedger()
        ledger.note(.snapshot(.task(task)))
        var moved = task
        moved.slot = (task.slot ?? 0) + 100
        moved.version.index += 1
        #expect(TaskDelta(from: task, to: moved, at: moved.updatedAt) == nil)
        var respecced = task
        respecced.spec = TaskSpec(image: "other:1")
        #expect(TaskDelta(from: task, to: respecced, at: task.updatedAt) == nil)
        var stepped = task
        stepped.status = TaskStatus(timestamp: task.updatedAt + .seconds(1), state: .shutdown, message: "stopped")
        stepped.updatedAt = task.updatedAt + .seconds(1)
        // A state change whose history entry is not the new state at UpdatedAt.
        #expect(TaskDelta(from: task, to: stepped, at: stepped.updatedAt) == nil)
        stepped.stateHistory.append(StateEntry(state: .shutdown, time: stepped.updatedAt))
        let delta = try #require(TaskDelta(from: task, to: stepped, at: stepped.updatedAt))
        #expect(delta.applied(to: task, at: stepped.updatedAt) == stepped)
        #expect(!events.isEmpty)
    }
}

extension TaskDelta {
    /// The short form of the change from `old` to `new` at event time `time`, as the writer
    /// works it out (`TaskChanges`) and the reader reads it; nil when it cannot say it.
    ///
    /// Every field of a task is either compared there or carried by a field of the change, so
    /// `applied(to: old, at: time) == new` whenever this gives a change.
    /// - Complexity: O(1) for state histories in state order.
    init?(from old: borrowing Task, to new: borrowing Task, at time: Timestamp) {
        guard let changes = TaskChanges(from: old, to: new, at: time) else { return nil }
        self.init(id: new.id)
        if changes.contains(.version) { version = new.version.index }
        if changes.contains(.updatedAt) { updatedAt = new.updatedAt }
        if changes.contains(.state) { state = new.status.state }
        if changes.contains(.statusTime) { statusTime = new.status.timestamp }
        if changes.contains(.message) { message = new.status.message }
        if changes.contains(.err) { err = .some(new.status.err) }
        if changes.contains(.container) { container = .some(new.status.containerStatus) }
        if changes.contains(.desired) { desired = new.desiredState }
        if changes.contains(.node) { node = .some(new.nodeID) }
        assert(applied(to: copy old, at: time) == copy new, "a task field the short form does not carry")
    }
}
