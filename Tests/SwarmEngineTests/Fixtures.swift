import SwarmEngine
import SwarmModel
import Testing

/// Small clusters for the engine's tests.
enum Fixture {
    static func nodes(managers: Int, workers: Int, labels: (Int) -> [String: String] = { _ in [:] }) -> [NodeTemplate] {
        (1...max(1, managers)).prefix(managers).map { NodeTemplate(hostname: "manager-\($0)", role: .manager) }
            + (0..<workers).map { NodeTemplate(hostname: "worker-\($0 + 1)", role: .worker, labels: labels($0 + 1)) }
    }

    static func service(
        _ name: String, image: String = "nginx:1", replicas: Int? = 1, constraints: [String] = [], spread: [String] = [],
        maxReplicas: Int = 0, reserve: Resources? = nil, restart: RestartPolicy? = nil, update: UpdateConfig? = nil
    ) -> ServiceSetup {
        var template = TaskSpec(image: image)
        if !constraints.isEmpty || !spread.isEmpty || maxReplicas > 0 {
            template.placement = Placement(constraints: constraints, preferences: spread.map { PlacementPreference(spread: $0) }, maxReplicas: maxReplicas)
        }
        if let reserve { template.resources = ResourceRequirements(reservations: reserve) }
        template.restartPolicy = restart
        return ServiceSetup(spec: ServiceSpec(name: name, taskTemplate: template, mode: replicas.map { .replicated(replicas: $0) } ?? .global, updateConfig: update))
    }

    /// A busy five minutes and more on seven nodes in two zones: crashing tasks (errors, exit
    /// codes, restarts), a drain, a scale, workers and a manager going down and back, a
    /// rolling update to a crashing image.
    static func busySetup(seed: UInt64) -> EngineSetup {
        var setup = EngineSetup(
            clusterName: "busy", seed: seed, nodes: nodes(managers: 3, workers: 4, labels: { ["zone": $0 % 2 == 0 ? "a" : "b"] }),
            services: [
                service("web", replicas: 6, spread: ["node.labels.zone"]),
                service("flaky", image: "flaky:1", replicas: 3, restart: RestartPolicy(delay: .seconds(2))),
                service("agent", replicas: nil),
            ],
            images: ["flaky:1": ImageBehavior(crashRate: 4), "web:2": ImageBehavior(crashRate: 1)])
        setup.timeline = [
            TimedAction(at: .seconds(20), action: .setAvailability(node: "worker-1", .drain)),
            TimedAction(at: .seconds(40), action: .scale(service: "web", replicas: 9)),
            TimedAction(at: .seconds(60), action: .nodeDown(node: "worker-2")),
            TimedAction(at: .seconds(70), action: .updateImage(service: "web", image: "web:2")),
            TimedAction(at: .seconds(90), action: .nodeDown(node: "manager-1")),
            TimedAction(at: .seconds(150), action: .nodeUp(node: "worker-2")),
        ]
        return setup
    }

    static func engine(
        managers: Int = 3, workers: Int = 3, services: [ServiceSetup] = [], images: [String: ImageBehavior] = [:],
        seed: UInt64 = 7, labels: (Int) -> [String: String] = { _ in [:] }
    ) -> Engine {
        Engine(setup: EngineSetup(clusterName: "test", seed: seed, nodes: nodes(managers: managers, workers: workers, labels: labels), services: services, images: images))
    }
}

extension Engine {
    func node(_ hostname: String) -> Node {
        guard let n = cluster.node(named: hostname) else { fatalError("no node \(hostname)") }
        return n
    }

    func service(_ name: String) -> Service {
        guard let s = cluster.service(named: name) else { fatalError("no service \(name)") }
        return s
    }

    /// The service's tasks that are meant to run (desired running) and do.
    func running(_ service: String) -> [Task] {
        cluster.tasks(ofService: self.service(service).id).filter { $0.state == .running && $0.desiredState == .running }
    }

    /// Hostnames of the nodes running the service's tasks, one entry per task.
    func hosts(of service: String) -> [String] {
        running(service).compactMap { $0.nodeID.flatMap { cluster.nodes[$0]?.description.hostname } }.sorted()
    }

    func tasks(on hostname: String) -> [Task] { cluster.tasks(onNode: node(hostname).id) }
}
