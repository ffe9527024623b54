import SwarmModel
import Testing

@testable import DockerSource

/// When the mirror reads nodes without an event to tell it to.
@Suite struct DockerMirrorTests {
    func node(_ role: NodeRole, state: NodeState = .ready, manager: ManagerStatus?) -> Node {
        Node(
            id: NodeID("n1"), createdAt: .zero, updatedAt: .zero, spec: NodeSpec(role: role), description: NodeDescription(hostname: "node-2"),
            status: NodeStatus(state: state), managerStatus: manager)
    }

    @Test func aNodeBetweenRolesIsReadAgainUntilItsManagerStatusAgrees() {
        // Promoted: no raft membership yet, then a member not yet reachable.
        #expect(DockerMirror.isChangingRole(node(.manager, manager: nil)))
        #expect(DockerMirror.isChangingRole(node(.manager, manager: ManagerStatus(reachability: .unknown))))
        // Demoted: still in the raft group.
        #expect(DockerMirror.isChangingRole(node(.worker, manager: ManagerStatus(reachability: .reachable))))
    }

    @Test func settledNodesAndDownManagersAreNotReadAgain() {
        #expect(!DockerMirror.isChangingRole(node(.worker, manager: nil)))
        #expect(!DockerMirror.isChangingRole(node(.manager, manager: ManagerStatus(leader: true, reachability: .reachable))))
        // A manager that is down stays unreachable: its own node event says so, no polling.
        #expect(!DockerMirror.isChangingRole(node(.manager, state: .down, manager: ManagerStatus(reachability: .unreachable))))
    }
}
