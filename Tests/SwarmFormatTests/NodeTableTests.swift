import SwarmModel
import Testing

@testable import SwarmFormat

// The expected tables were printed by the docker CLI 28.2.2 (`docker node ls`) against an Engine
// API stub serving the same nodes.

@Test func nodeTableMatchesDockerNodeLs() {
    #expect(NodeTable.render(Fixture.cluster(), self: Fixture.manager1) == lines(
        "ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION",
        "ujzde8gxd6ncf10epf91dhodz *   manager1   Ready     Active         Leader           24.0.7",
        "doc9is0j8ht9lgmxg9edn581u     manager2   Ready     Active         Reachable        24.0.7",
        "33xtplpft75v2seh60kvj50ce     worker1    Ready     Drain                           24.0.7",
        "9uvw53efr4edt2sywb3wkh5dn     worker2    Down      Active                          23.0.1",
        "sipzz5fk2z9ri19r0wyojfljo     worker10   Ready     Active                          24.0.7"))
}

@Test func nodeTableAlignsWideHostnamesAndSortsNaturallyLikeDocker() {
    #expect(NodeTable.render(EdgeFixture.cluster(), self: "n0000000000000000000000a2") == lines(
        "ID                            HOSTNAME   STATUS         AVAILABILITY   MANAGER STATUS   ENGINE VERSION",
        "n0000000000000000000000a8     Node3      Ready          Active         Unknown          24.0.7",
        "n0000000000000000000000a3     cafe\u{301}       Disconnected   Active                          24.0.7",
        "n0000000000000000000000a2 *   emoji-🐳   Unknown        Pause                           24.0.7",
        "n0000000000000000000000a4     host-x     Ready          Active         Unreachable      24.0.7",
        "n0000000000000000000000a6     node2      Ready          Active                          24.0.7",
        "n0000000000000000000000a7     node02     Ready          Active                          24.0.7",
        "n0000000000000000000000a5     node10     Ready          Active                          24.0.7",
        "n0000000000000000000000a1     ノード-1   Ready          Active         Leader           24.0.7"))
}

@Test func nodeTableMarksNoNodeWithoutSelf() {
    #expect(!NodeTable.render(Fixture.cluster()).contains("*"))
}

@Test func nodeTableOfEmptyClusterIsHeaderOnly() {
    #expect(NodeTable.render(Cluster()) == lines("ID        HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION"))
}

@Test func nodeHostnameCannotInjectEscapeSequences() {
    var c = Cluster()
    c.upsert(Fixture.node("n1", "evil\u{1B}[2J\u{1B}]0;owned\u{07}\nhost"))
    #expect(NodeTable.render(c) == lines(
        "ID        HOSTNAME    STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION",
        "n1        evil host   Ready     Active                          24.0.7"))
}

@Test func managerStatusOfWorkerIsEmpty() {
    #expect(NodeTable.managerStatus(of: Fixture.node("w", "w")) == "")
}
