import Foundation
import SwarmEngine
import SwarmModel
import Testing
@testable import SwarmScenario

@Suite struct ScenarioLoaderTests {
    @Test func fullExampleParsesClusterKeys() throws {
        let s = try parseFixture("full.yaml")
        #expect(s.file == "full.yaml")
        #expect(s.description == "A steady cluster with every key in it")
        #expect(s.setup.clusterName == "demo")
        #expect(s.setup.seed == 42)
        #expect(s.setup.start == Timestamp(rfc3339: "2026-03-01T12:00:00Z"))
    }

    @Test func fullExampleParsesNodes() throws {
        let nodes = try parseFixture("full.yaml").setup.nodes
        #expect(nodes.count == 13)
        #expect(nodes[0] == NodeTemplate(
            hostname: "manager-1", role: .manager, labels: ["zone": "a"], engineLabels: [:],
            resources: Resources(nanoCPUs: 4_000_000_000, memoryBytes: 8 << 30), availability: .active))
        #expect(nodes.map(\.hostname) == ["manager-1", "manager-2", "manager-3"] + (1...9).map { "worker-0\($0)" } + ["worker-10"])
        #expect(nodes[12] == NodeTemplate(
            hostname: "worker-10", role: .worker, labels: ["zone": "b", "disk": "ssd"], engineLabels: ["storage": "fast"],
            resources: Resources(nanoCPUs: 2_500_000_000, memoryBytes: 512_000_000), availability: .pause))
    }

    @Test func fullExampleParsesServiceSpec() throws {
        let services = try parseFixture("full.yaml").setup.services
        #expect(services.map(\.spec.name) == ["web", "agent"])
        let web = services[0].spec
        #expect(web.labels == ["tier": "front"])
        #expect(web.mode == .replicated(replicas: 3))
        #expect(web.taskTemplate.image == "nginx:1.25")
        #expect(web.taskTemplate.placement == Placement(
            constraints: ["node.role==worker", "node.labels.zone!=b"], preferences: [PlacementPreference(spread: "node.labels.zone")], maxReplicas: 2))
        #expect(web.taskTemplate.resources == ResourceRequirements(
            limits: Resources(nanoCPUs: 1_000_000_000, memoryBytes: 512 << 20),
            reservations: Resources(nanoCPUs: 500_000_000, memoryBytes: 256 << 20)))
        #expect(web.taskTemplate.restartPolicy == RestartPolicy(condition: .onFailure, delay: .seconds(10), maxAttempts: 3, window: .seconds(120)))
        #expect(web.updateConfig == UpdateConfig(
            parallelism: 2, delay: .seconds(1), failureAction: .rollback, monitor: .seconds(30), maxFailureRatio: 0.25, order: .startFirst))
        #expect(web.rollbackConfig == UpdateConfig(
            parallelism: 0, delay: .zero, failureAction: .continue, monitor: .seconds(60), maxFailureRatio: 1, order: .stopFirst))
        #expect(services[1].spec.mode == .global)
    }

    @Test func fullExampleParsesImageBehaviours() throws {
        let images = try parseFixture("full.yaml").setup.images
        #expect(images == [
            "nginx:1.25": ImageBehavior(
                pullTime: .seconds(2), startTime: .milliseconds(800), stopTime: .milliseconds(1500), crashRate: 0.5, exitCode: 2,
                runFor: .seconds(3723), missingOn: ["worker-07"], missingEverywhere: false),
            "api:2": ImageBehavior(crashRate: 60, missingEverywhere: true),
        ])
    }

    @Test func fullExampleParsesEveryTimelineVerbInTimeOrder() throws {
        let timeline = try parseFixture("full.yaml").setup.timeline
        var batch = ServiceSpec(name: "batch", taskTemplate: TaskSpec(image: "busybox"), mode: .replicated(replicas: 2))
        batch.taskTemplate.placement = Placement()
        batch.taskTemplate.restartPolicy = RestartPolicy(condition: RestartCondition.none)
        batch.updateConfig = UpdateConfig()
        batch.rollbackConfig = UpdateConfig()
        let expected: [(Duration, ClusterAction, Int)] = [
            (.seconds(30), .setAvailability(node: "worker-03", .drain), 43),
            (.seconds(30), .setAvailability(node: "worker-04", .pause), 45),
            (.seconds(40), .setAvailability(node: "worker-04", .active), 47),
            (.seconds(50), .promote(node: "worker-01"), 49),
            (.seconds(55), .demote(node: "worker-01"), 51),
            (.seconds(60), .scale(service: "web", replicas: 10), 53),
            (.seconds(70), .scale(service: "web", replicas: 4), 55),
            (.seconds(120), .updateImage(service: "web", image: "nginx:1.26"), 57),
            (.seconds(150), .updateImage(service: "web", image: "api:2"), 59),
            (.seconds(180), .killTask(task: "web.1"), 61),
            (.seconds(210), .nodeDown(node: "worker-05"), 63),
            (.seconds(225), .nodeUp(node: "worker-05"), 65),
            (.seconds(240), .addNode(NodeTemplate(
                hostname: "worker-11", labels: ["zone": "b"], resources: Resources(nanoCPUs: 2_000_000_000, memoryBytes: 4 << 30))), 67),
            (.seconds(300), .removeNode(node: "worker-11", force: false), 69),
            (.seconds(330), .removeNode(node: "worker-10", force: true), 71),
            (.seconds(360), .createService(batch), 73),
            (.seconds(420), .removeService(service: "batch"), 41),
        ]
        #expect(timeline == expected.map { TimedAction(at: $0.0, action: $0.1, source: "full.yaml:\($0.2)") })
    }

    @Test func leftOutKeysTakeTheModelDefaults() throws {
        let s = try ScenarioLoader.parse("""
            name: d
            nodes:
              - hostname: m
                role: manager
            services:
              - name: web
                image: nginx
            """, file: "d.yaml")
        #expect(s.description == nil)
        #expect(s.setup.seed == 1)
        #expect(s.setup.start == EngineSetup.defaultStart)
        #expect(s.setup.nodes == [NodeTemplate(hostname: "m", role: .manager)])
        #expect(s.setup.nodes[0].resources == Resources(nanoCPUs: 4_000_000_000, memoryBytes: 8 << 30))
        let web = s.setup.services[0].spec
        #expect(web.mode == .replicated(replicas: 1))
        #expect(web.labels.isEmpty)
        #expect(web.taskTemplate.restartPolicy == RestartPolicy())
        #expect(web.taskTemplate.placement == Placement())
        #expect(web.taskTemplate.resources == nil)
        #expect(web.updateConfig == UpdateConfig())
        #expect(web.rollbackConfig == UpdateConfig())
        #expect(s.setup.images.isEmpty)
        #expect(s.setup.timeline.isEmpty)
    }

    @Test func simulateWithNoKeysIsTheDefaultBehaviour() throws {
        let s = try ScenarioLoader.parse(minimal + "images:\n  busybox: {}\n", file: "s.yaml")
        #expect(s.setup.images == ["busybox": ImageBehavior()])
    }

    @Test func partialSubMappingsKeepTheOtherDefaults() throws {
        let s = try ScenarioLoader.parse("""
            name: d
            nodes: [{hostname: m, role: manager}]
            services:
              - name: web
                image: nginx
                restart: {delay: 1s}
                update: {order: start-first}
                reserve: {memory: 1G}
            """, file: "d.yaml")
        let web = s.setup.services[0].spec
        #expect(web.taskTemplate.restartPolicy == RestartPolicy(delay: .seconds(1)))
        #expect(web.updateConfig == UpdateConfig(order: .startFirst))
        #expect(web.taskTemplate.resources == ResourceRequirements(reservations: Resources(memoryBytes: 1 << 30)))
    }

    @Test func mergeKeysShareSettingsBetweenServices() throws {
        let s = try ScenarioLoader.parse("""
            name: d
            nodes: [{hostname: m, role: manager}]
            services:
              - &base {name: web, image: nginx, replicas: 3, restart: {delay: 1s}}
              - <<: *base
                name: web2
            """, file: "d.yaml")
        #expect(s.setup.services[1].spec.name == "web2")
        #expect(s.setup.services[1].spec.mode == .replicated(replicas: 3))
        #expect(s.setup.services[1].spec.taskTemplate.restartPolicy == RestartPolicy(delay: .seconds(1)))
    }

    @Test func defaultDemoParses() throws {
        let path = repositoryRoot.appendingPathComponent("demo/default.yaml").path
        let s = try ScenarioLoader.load(path: path)
        #expect(s.description?.isEmpty == false)
        #expect(s.setup.nodes.count == 10)
        #expect(s.setup.nodes.filter { $0.role == .manager }.count == 3)
        #expect(Set(s.setup.nodes.compactMap { $0.labels["zone"] }) == ["a", "b"])
        #expect(s.setup.services.count == 6)
        #expect(s.setup.services.contains { $0.spec.mode == .global })
        #expect(s.setup.images.values.contains { $0.crashRate > 0 })
        #expect(!s.setup.timeline.isEmpty)
        #expect(s.setup.timeline.allSatisfy { $0.source?.hasPrefix(path + ":") == true })
    }

    @Test func documentedExampleParses() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)
        let example = try #require(doc.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let s = try ScenarioLoader.parse(example, file: "doc.yaml")
        #expect(s.setup.nodes.map(\.hostname) == ["manager-1", "manager-2", "manager-3", "worker-01", "worker-02", "worker-03", "worker-04"])
        #expect(s.setup.images.keys.sorted() == ["nginx:1.25", "nginx:1.26"])
        #expect(s.setup.timeline.count == 3)
    }

    @Test func loadNamesTheFileInSources() throws {
        let path = fixtureURL("full.yaml").path
        let s = try ScenarioLoader.load(path: path)
        #expect(s.file == path)
        #expect(s.setup.timeline.first?.source == "\(path):43")
    }
}
