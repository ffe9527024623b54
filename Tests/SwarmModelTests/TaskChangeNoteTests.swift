import SwarmModel
import Testing

/// `TaskChangeNote(from:to:)`: what a change touched, or nil when a note cannot say it.
@Suite struct TaskChangeNoteModelTests {
    private let old: Task = {
        var task = Task(
            id: TaskID("t1"), version: ObjectVersion(index: 10), createdAt: Timestamp(nanoseconds: 1_000), spec: TaskSpec(image: "web:1"),
            serviceID: ServiceID("s1"), slot: 2, nodeID: nil)
        task.status.state = .pending
        task.stateHistory.append(StateEntry(state: .pending, time: Timestamp(nanoseconds: 1_000)))
        return task
    }()

    /// The new task as the engine makes one: a new version and `UpdatedAt`, and the state
    /// history gaining a new state at that time.
    private func step(_ body: (inout Task) -> Void) -> Task {
        var task = old
        body(&task)
        task.version = ObjectVersion(index: 11)
        task.updatedAt = Timestamp(nanoseconds: 2_000)
        if task.state != old.state { task.stateHistory.append(StateEntry(state: task.state, time: task.updatedAt)) }
        return task
    }

    @Test func namesTheFieldsThatChangedAndNoOthers() {
        let assigned = step {
            $0.status.state = .assigned
            $0.status.timestamp = Timestamp(nanoseconds: 2_000)
            $0.status.message = "scheduler assigned task to node"
            $0.nodeID = NodeID("n1")
        }
        #expect(TaskChangeNote(from: old, to: assigned) == TaskChangeNote(previousVersion: 10, fields: [.statusTime, .message, .node]))
        let failed = step {
            $0.status.err = "exit 1"
            $0.status.containerStatus = ContainerStatus(containerID: "c1", pid: 0, exitCode: 1)
            $0.desiredState = .shutdown
        }
        #expect(TaskChangeNote(from: old, to: failed) == TaskChangeNote(previousVersion: 10, fields: [.err, .container]))
        // Only the version and time: nothing named.
        #expect(TaskChangeNote(from: old, to: step { _ in }) == TaskChangeNote(previousVersion: 10, fields: []))
    }

    @Test func aChangeANoteCannotSayHasNone() {
        #expect(TaskChangeNote(from: old, to: step { $0.slot = 3 }) == nil)
        #expect(TaskChangeNote(from: old, to: step { $0.createdAt = Timestamp(nanoseconds: 5) }) == nil)
        #expect(TaskChangeNote(from: old, to: step { $0.serviceID = ServiceID("s2") }) == nil)
        #expect(TaskChangeNote(from: old, to: step { $0.spec = TaskSpec(image: "web:2") }) == nil)
        // An equal spec in another box is the same spec.
        #expect(TaskChangeNote(from: old, to: step { $0.spec = old.spec }) == TaskChangeNote(previousVersion: 10, fields: []))
        // A state history that did not just gain the new state at UpdatedAt.
        var rewritten = step { $0.status.state = .assigned }
        rewritten.stateHistory = [StateEntry(state: .new, time: .zero), StateEntry(state: .assigned, time: rewritten.updatedAt)]
        #expect(TaskChangeNote(from: old, to: rewritten) == nil)
        var grown = step { _ in }
        grown.stateHistory.append(StateEntry(state: .running, time: grown.updatedAt))
        #expect(TaskChangeNote(from: old, to: grown) == nil)
    }

    @Test func theNoteIsNotPartOfTheEvent() {
        let change = ClusterEvent.Change.taskUpdated(old, previousState: .new, previousDesiredState: .running)
        let plain = ClusterEvent(sequence: 1, time: .zero, change: change)
        let noted = ClusterEvent(sequence: 1, time: .zero, change: change, note: TaskChangeNote(previousVersion: 9, fields: [.message]))
        #expect(plain == noted)
        #expect(plain.hashValue == noted.hashValue)
    }
}
