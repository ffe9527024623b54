import SwarmEngine
import SwarmModel
import Testing
@testable import SwarmScenario

@Suite struct TimelineTests {
    @Test func entriesAreSortedStablyByTime() throws {
        let s = try ScenarioLoader.parse(minimal + """
            timeline:
              - {at: 2m, drain: w1}
              - {at: 30s, scale: web=2}
              - {at: 2m, pause: w2}
              - {at: 30s, activate: w1}
              - {at: 0, node_down: w2}
            """, file: "t.yaml")
        #expect(s.setup.timeline.map(\.action) == [
            .nodeDown(node: "w2"), .scale(service: "web", replicas: 2), .setAvailability(node: "w1", .active),
            .setAvailability(node: "w1", .drain), .setAvailability(node: "w2", .pause),
        ])
    }

    @Test func sourcesNameTheFileAndTheEntrysLine() throws {
        let s = try ScenarioLoader.parse(minimal + """
            timeline:
              - at: 1m
                drain: w1

              # a comment
              - scale: web=3
                at: 10s
            """, file: "t.yaml")
        #expect(s.setup.timeline.map(\.source) == ["t.yaml:13", "t.yaml:9"])
        #expect(s.setup.timeline.map(\.at) == [.seconds(10), .seconds(60)])
    }

    @Test func addNodeWithARangeAddsEveryNodeAtOnce() throws {
        let s = try ScenarioLoader.parse(minimal + """
            timeline:
              - at: 1m
                add_node: {hostname: "extra-{1..2}", cpus: 1}
              - {at: 2m, drain: extra-2}
            """, file: "t.yaml")
        #expect(s.setup.timeline.map(\.action) == [
            .addNode(NodeTemplate(hostname: "extra-1", resources: Resources(nanoCPUs: 1_000_000_000, memoryBytes: 8 << 30))),
            .addNode(NodeTemplate(hostname: "extra-2", resources: Resources(nanoCPUs: 1_000_000_000, memoryBytes: 8 << 30))),
            .setAvailability(node: "extra-2", .drain),
        ])
        #expect(s.setup.timeline.map(\.source) == ["t.yaml:9", "t.yaml:9", "t.yaml:11"])
    }

    @Test func createdServicesCanBeNamedAndTheirSimulateIsAnImageBehaviour() throws {
        let s = try ScenarioLoader.parse(minimal + """
            timeline:
              - at: 1m
                create_service: {name: batch, image: busybox, simulate: {run_for: 20s}}
              - {at: 2m, scale: batch=3}
              - {at: 3m, kill_task: batch.2}
              - {at: 4m, remove_service: batch}
            """, file: "t.yaml")
        #expect(s.setup.timeline.count == 4)
        #expect(s.setup.images == ["busybox": ImageBehavior(runFor: .seconds(20))])
    }

    @Test func aRemovedNodeMayBeAddedAgain() throws {
        let s = try ScenarioLoader.parse(minimal + """
            timeline:
              - {at: 1m, remove_node: {node: w2, force: yes}}
              - {at: 2m, add_node: {hostname: w2}}
            """, file: "t.yaml")
        #expect(s.setup.timeline.map(\.action) == [.removeNode(node: "w2", force: true), .addNode(NodeTemplate(hostname: "w2"))])
    }
}
