import Foundation
import SwarmModel
import Testing

@testable import SwarmFormat

@Test func snapshotListsNodesInJoinOrder() {
    let doc = snapshotDocument(cluster: Fixture.cluster(), eventCount: 0, elapsed: .zero)
    #expect(doc.nodes.map(\.hostname) == ["manager1", "worker10", "worker2", "manager2", "worker1"])
}

@Test func snapshotListsServicesInCreationOrderWithStatus() {
    let doc = snapshotDocument(cluster: Fixture.cluster(), eventCount: 0, elapsed: .zero)
    #expect(doc.services.map(\.name) == ["web", "api", "monitor", "tools"])
    #expect(doc.services.map(\.serviceStatus) == [
        ServiceStatus(runningTasks: 2, desiredTasks: 3), ServiceStatus(runningTasks: 2, desiredTasks: 2),
        ServiceStatus(runningTasks: 2, desiredTasks: 3), ServiceStatus(runningTasks: 0, desiredTasks: 0),
    ])
}

@Test func snapshotSortsTasksBySlotOrder() {
    let c = Fixture.cluster()
    let doc = snapshotDocument(cluster: c, eventCount: 0, elapsed: .zero)
    #expect(doc.tasks.map(\.id) == c.tasks.values.sorted(by: Cluster.slotOrder).map(\.id))
    #expect(doc.tasks.count == 11)
}

@Test func snapshotCarriesEventCountAndTime() {
    let doc = snapshotDocument(cluster: Cluster(), eventCount: 42, elapsed: .seconds(90))
    #expect(doc.events == 42)
    #expect(doc.time == "90s")
}

@Test(arguments: [
    (Duration.zero, "0s"), (.seconds(90), "90s"), (.milliseconds(250), "0.25s"), (.seconds(3600), "3600s"),
    (.milliseconds(1001), "1.001s"), (.microseconds(1500), "0.002s"), (.microseconds(1499), "0.001s"),
    (.nanoseconds(400_000), "0s"), (.milliseconds(-1500), "-1.5s"), (.milliseconds(10_100), "10.1s"),
])
func secondsTextKeepsUpToThreeDecimals(d: Duration, text: String) {
    #expect(secondsText(d) == text)
}

@Test func snapshotDocumentUsesItsFiveKeys() throws {
    let doc = snapshotDocument(cluster: Cluster(), eventCount: 1, elapsed: .seconds(2))
    let enc = JSONEncoder()
    enc.outputFormatting = .sortedKeys
    let json = String(decoding: try enc.encode(doc), as: UTF8.self)
    #expect(json == #"{"events":1,"nodes":[],"services":[],"tasks":[],"time":"2s"}"#)
}

@Test func snapshotDocumentRoundTripsThroughJSON() throws {
    let doc = snapshotDocument(cluster: Fixture.cluster(), eventCount: 7, elapsed: .milliseconds(12_340))
    let enc = JSONEncoder()
    enc.outputFormatting = .sortedKeys
    let data = try enc.encode(doc)
    #expect(try JSONDecoder().decode(SnapshotDocument.self, from: data) == doc)
}

@Test func snapshotJSONUsesDockerAPIFieldNames() throws {
    let doc = snapshotDocument(cluster: Fixture.cluster(), eventCount: 7, elapsed: .seconds(1))
    let enc = JSONEncoder()
    enc.outputFormatting = .sortedKeys
    let json = String(decoding: try enc.encode(doc), as: UTF8.self)
    for field in [#""Spec":"#, #""Status":"#, #""DesiredState":"running""#, #""ManagerStatus":{"Leader":true,"Reachability":"reachable"}"#,
                  #""ServiceStatus":{"CompletedTasks":0,"DesiredTasks":3,"RunningTasks":2}"#, #""Hostname":"manager1""#,
                  #""Err":"task: non-zero exit (137): container killed by the OOM killer""#, #""Replicated":{"Replicas":3}"#,
                  #""Global":{}"#, #""Timestamp":"2026-01-10T11:59:15.5Z""#] {
        #expect(json.contains(field), "missing \(field)")
    }
}
