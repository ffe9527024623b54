import Foundation
import SwarmModel
import Testing

@testable import DockerSource

/// Listings become the engine's events: created, updated with what was before, removed.
@Suite struct ClusterDiffTests {
    func listing() throws -> DockerListing {
        DockerListing(
            nodes: try Fixture.decode([Node].self, "nodes"), services: try Fixture.decode([Service].self, "services"),
            tasks: try Fixture.decode([Task].self, "tasks"), time: Timestamp(nanoseconds: 0), selfID: nil)
    }

    func applied(_ changes: [ClusterEvent.Change], to cluster: Cluster = Cluster()) -> Cluster {
        var cluster = cluster
        for (i, change) in changes.enumerated() { cluster.apply(ClusterEvent(sequence: UInt64(i + 1), time: .zero, change: change)) }
        return cluster
    }

    @Test func aFirstListingIsNodesThenServicesThenTasksCreated() throws {
        let changes = ClusterDiff.changes(from: Cluster(), to: try listing())
        let types = changes.map { ClusterEvent(sequence: 1, time: .zero, change: $0).type }
        #expect(types == ["node.created"] + Array(repeating: "service.created", count: 3) + Array(repeating: "task.created", count: 10))
        let cluster = applied(changes)
        #expect(cluster.tasks.count == 10)
        #expect(cluster.runningCount(ofService: ServiceID("ib1y6o4zoo2y2bgg7ulhnbcpn")) == 1)
        // Each task starts its history with the state it was seen in.
        #expect(cluster.tasks.values.allSatisfy { $0.stateHistory.map(\.state) == [$0.state] })
    }

    @Test func theSameListingAgainChangesNothing() throws {
        let cluster = applied(ClusterDiff.changes(from: Cluster(), to: try listing()))
        #expect(ClusterDiff.changes(from: cluster, to: try listing()).isEmpty)
    }

    @Test func aTaskThatMovedOnIsUpdatedWithItsStateBeforeAndItsHistoryKept() throws {
        var listing = try listing()
        let cluster = applied(ClusterDiff.changes(from: Cluster(), to: listing))
        let index = try #require(listing.tasks.firstIndex { $0.id == TaskID("zrqdqikp7gowt8ksjgp0azy0j") })
        listing.tasks[index].version.index += 5
        listing.tasks[index].desiredState = .shutdown
        listing.tasks[index].status.state = .shutdown
        listing.tasks[index].status.timestamp = listing.tasks[index].status.timestamp + .seconds(3)
        let changes = ClusterDiff.taskChanges(from: cluster, to: listing.tasks)
        #expect(changes.count == 1)
        guard case .taskUpdated(let task, let previousState, let previousDesired) = changes.first else {
            Issue.record("expected taskUpdated, got \(changes)")
            return
        }
        #expect(previousState == .running && previousDesired == .running)
        #expect(task.stateHistory.map(\.state) == [.running, .shutdown])
    }

    @Test func tasksNodesAndServicesThatAreGoneAreRemovedTasksFirst() throws {
        var listing = try listing()
        let cluster = applied(ClusterDiff.changes(from: Cluster(), to: listing))
        let bad = ServiceID("kd5d5n8j14v71bxju7pain9ri")
        listing.services.removeAll { $0.id == bad }
        listing.tasks.removeAll { $0.serviceID == bad }
        let types = ClusterDiff.changes(from: cluster, to: listing).map { ClusterEvent(sequence: 1, time: .zero, change: $0).type }
        #expect(types == Array(repeating: "task.removed", count: 8) + ["service.removed"])
    }

    @Test func anOlderAnswerDoesNotUndoANewerOne() throws {
        var listing = try listing()
        let cluster = applied(ClusterDiff.changes(from: Cluster(), to: listing))
        listing.nodes[0].version.index -= 1
        listing.nodes[0].spec.availability = .drain
        #expect(ClusterDiff.nodeChanges(from: cluster, to: listing.nodes).isEmpty)
        listing.nodes[0].version.index += 2
        let changes = ClusterDiff.nodeChanges(from: cluster, to: listing.nodes)
        guard case .nodeUpdated(let node, let previous) = changes.first else {
            Issue.record("expected nodeUpdated, got \(changes)")
            return
        }
        #expect(node.availability == .drain && previous.availability == .active)
    }
}
