import SwarmEngine
import SwarmModel
import Testing

/// The engine's notes of what each task change touched (`notesTaskChanges`), which a
/// recording's writer trusts to write task changes in short.
@Suite struct TaskChangeNoteTests {
    /// The engine on `Fixture.busySetup`, asked for notes or not.
    private func engine(notes: Bool) -> Engine {
        var engine = Engine(setup: Fixture.busySetup(seed: 7))
        engine.notesTaskChanges = notes
        return engine
    }

    /// Every `task.updated` carries a note, and the note is the change exactly: the task the
    /// events before left, with the version, times, states and the fields the note names
    /// taken from the new one, is the new task; and every field it names did change. Every
    /// `task.removed` is noted as unchanged since the last event about the task.
    @Test func everyNoteSaysExactlyWhatTheChangeTouched() {
        var engine = engine(notes: true)
        // The events of the engine's start were made before it was asked for notes: the
        // tasks as they left them are where a recording starts too (its snapshot).
        _ = engine.pollEvents()
        var known = Dictionary(uniqueKeysWithValues: engine.cluster.tasks.values.map { ($0.id, $0) })
        engine.advance(by: .seconds(300))
        var named: [TaskChangeNote.Fields: Int] = [:]
        var updates = 0
        for event in engine.pollEvents() {
            switch event.change {
            case .taskCreated(let task):
                #expect(event.note == nil)
                known[task.id] = task
            case .taskUpdated(let new, let from, let fromDesired):
                updates += 1
                guard let note = event.note, let old = known[new.id] else {
                    Issue.record("event \(event.sequence): note \(String(describing: event.note)), known \(known[new.id] != nil), \(from) -> \(new.state), \(new)")
                    return
                }
                #expect(note.previousVersion == old.version.index)
                #expect(old.state == from && old.desiredState == fromDesired)
                var expected = old
                expected.version = new.version
                expected.updatedAt = new.updatedAt
                if new.state != old.state {
                    expected.status.state = new.state
                    expected.stateHistory.append(StateEntry(state: new.state, time: new.updatedAt))
                }
                expected.desiredState = new.desiredState
                let fields: [(TaskChangeNote.Fields, Bool, (inout Task) -> Void)] = [
                    (.statusTime, old.status.timestamp != new.status.timestamp, { $0.status.timestamp = new.status.timestamp }),
                    (.message, old.status.message != new.status.message, { $0.status.message = new.status.message }),
                    (.err, old.status.err != new.status.err, { $0.status.err = new.status.err }),
                    (.container, old.status.containerStatus != new.status.containerStatus, { $0.status.containerStatus = new.status.containerStatus }),
                    (.node, old.nodeID != new.nodeID, { $0.nodeID = new.nodeID }),
                ]
                for (field, changed, copy) in fields where note.fields.contains(field) {
                    #expect(changed, "event \(event.sequence) names \(field) unchanged")
                    copy(&expected)
                    named[field, default: 0] += 1
                }
                #expect(expected == new, "event \(event.sequence): the note leaves out a change")
                known[new.id] = new
            case .taskRemoved(let task):
                #expect(event.note == TaskChangeNote(previousVersion: task.version.index, fields: []))
                #expect(known[task.id] == task)
                known[task.id] = nil
            default:
                #expect(event.note == nil)
            }
        }
        #expect(updates > 500)
        // Each field was named somewhere: the test saw every kind of change a note covers.
        for field in [TaskChangeNote.Fields.statusTime, .message, .err, .container, .node] {
            #expect(named[field, default: 0] > 0, "no note names \(field)")
        }
    }

    /// Without `notesTaskChanges`, no event has a note, and the events are the same.
    @Test func eventsHaveNotesOnlyWhenAskedFor() {
        var plain = engine(notes: false)
        var noted = engine(notes: true)
        plain.advance(by: .seconds(120))
        noted.advance(by: .seconds(120))
        let (a, b) = (plain.pollEvents(), noted.pollEvents())
        #expect(a.allSatisfy { $0.note == nil })
        #expect(b.contains { $0.note != nil })
        #expect(a.count > 300)
        // Equal: the note is not part of the change.
        #expect(a == b)
    }
}
