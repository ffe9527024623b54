import Foundation
import SwarmEngine
import SwarmModel
import Testing
@testable import SwarmScenario

/// The stack fixtures in `Fixtures/stacks/`, parsed under their bare names so errors read
/// `shop.yml:LINE: …` and the stacks are named `shop`, `monitoring`.
private func stack(_ name: String, environment: [String: String] = [:]) throws -> Stack {
    try StackLoader.parse(fixtureText("stacks/\(name)"), file: name, environment: environment)
}

/// The one-line error a stack text gives, or nil when it parses.
private func stackError(_ text: String, file: String = "stack.yml", environment: [String: String] = [:]) -> String? {
    do {
        _ = try StackLoader.parse(text, file: file, environment: environment)
        return nil
    } catch {
        return error.description
    }
}

/// The one-line error a fixture in `stacks/invalid/` gives.
private func invalidFixtureError(_ name: String) throws -> String? {
    stackError(try fixtureText("stacks/invalid/\(name)"), file: name)
}

private func spec(_ stack: Stack, _ name: String) throws -> ServiceSpec {
    try #require(stack.services.first { $0.spec.name == name }).spec
}

/// The engine after running a set-up for `duration`.
private func run(_ setup: EngineSetup, for duration: Duration) -> Engine {
    var engine = Engine(setup: setup)
    engine.retainsEvents = false
    engine.advance(by: duration)
    return engine
}

/// The running tasks of a service that are meant to run, with the hostnames they run on.
private func running(_ engine: Engine, _ service: String) throws -> [(task: Task, host: String)] {
    let id = try #require(engine.cluster.service(named: service)).id
    return engine.cluster.tasks(ofService: id)
        .filter { $0.state == .running && $0.desiredState == .running }
        .compactMap { task in task.nodeID.flatMap { engine.cluster.nodes[$0] }.map { (task, $0.hostname) } }
}

@Suite struct StackLoaderTests {
    // MARK: The web shop stack

    @Test func servicesAreNamedAfterTheStackInFileOrder() throws {
        let shop = try stack("shop.yml")
        #expect(shop.name == "shop")
        #expect(shop.services.map(\.spec.name) == ["shop_web", "shop_api", "shop_worker", "shop_db"])
    }

    @Test func deployKeysBecomeTheServiceSpec() throws {
        let web = try spec(stack("shop.yml"), "shop_web")
        #expect(web.taskTemplate.image == "nginx:1.25-alpine")
        #expect(web.mode == .replicated(replicas: 4))
        #expect(web.taskTemplate.placement == Placement(
            constraints: ["node.role == worker"], preferences: [PlacementPreference(spread: "node.labels.zone")], maxReplicas: 1))
        #expect(web.taskTemplate.resources == ResourceRequirements(
            limits: Resources(nanoCPUs: 500_000_000, memoryBytes: 256 << 20),
            reservations: Resources(nanoCPUs: 250_000_000, memoryBytes: 128 << 20)))
        #expect(web.taskTemplate.restartPolicy == RestartPolicy(condition: .onFailure, delay: .seconds(5), maxAttempts: 3, window: .seconds(120)))
        #expect(web.updateConfig == UpdateConfig(
            parallelism: 2, delay: .seconds(10), failureAction: .rollback, monitor: .seconds(30), maxFailureRatio: 0.25, order: .startFirst))
        #expect(web.rollbackConfig == UpdateConfig(parallelism: 0, failureAction: .pause))
    }

    @Test func anchorsAndMergeKeysShareDeploySettings() throws {
        let api = try spec(stack("shop.yml"), "shop_api")
        #expect(api.taskTemplate.restartPolicy == RestartPolicy(condition: .onFailure, delay: .seconds(5), maxAttempts: 3, window: .seconds(120)))
        // `<<: *rolling` with parallelism written over it.
        #expect(api.updateConfig == UpdateConfig(
            parallelism: 1, delay: .seconds(10), failureAction: .rollback, monitor: .seconds(30), maxFailureRatio: 0.25, order: .startFirst))
    }

    @Test func numbersAndStringsAreBothCPUsAndMemoryTakesDockerUnits() throws {
        let shop = try stack("shop.yml")
        #expect(try spec(shop, "shop_api").taskTemplate.resources == ResourceRequirements(
            limits: Resources(nanoCPUs: 1_000_000_000, memoryBytes: 1 << 30),
            reservations: Resources(nanoCPUs: 500_000_000, memoryBytes: 512 << 20)))
        #expect(try spec(shop, "shop_worker").taskTemplate.resources == ResourceRequirements(
            reservations: Resources(nanoCPUs: 1_000_000_000, memoryBytes: 1 << 30)))
    }

    @Test func leftOutKeysGetDockersDefaults() throws {
        let db = try spec(stack("shop.yml"), "shop_db")
        #expect(db.mode == .replicated(replicas: 1))
        #expect(db.updateConfig == UpdateConfig())
        #expect(db.rollbackConfig == UpdateConfig())
        #expect(db.taskTemplate.restartPolicy == RestartPolicy(condition: .onFailure))
        let worker = try spec(stack("shop.yml"), "shop_worker")
        #expect(worker.updateConfig == UpdateConfig(parallelism: 1, delay: .seconds(90)))
        #expect(worker.taskTemplate.placement?.maxReplicas == 0)
    }

    @Test func deployLabelsAndDockersStackLabelsAreServiceLabels() throws {
        let api = try spec(stack("shop.yml"), "shop_api")
        #expect(api.labels == [
            "com.example.tier": "backend",
            "com.docker.stack.namespace": "shop",
            "com.docker.stack.image": "registry.example.com/shop/api:2.3.1",
        ])
    }

    @Test func variablesAreSubstitutedFromTheEnvironment() throws {
        #expect(try spec(stack("shop.yml"), "shop_api").taskTemplate.image == "registry.example.com/shop/api:2.3.1")
        let pinned = try stack("shop.yml", environment: ["API_TAG": "2.4.0-rc1"])
        #expect(try spec(pinned, "shop_api").taskTemplate.image == "registry.example.com/shop/api:2.4.0-rc1")
    }

    @Test func keysThatAreNotSimulatedAreListedOnceInTheOrderWritten() throws {
        let shop = try stack("shop.yml")
        #expect(shop.ignoredKeys == [
            "ports", "networks", "configs", "healthcheck", "deploy.endpoint_mode", "environment", "secrets", "depends_on",
            "command", "volumes", "stop_grace_period",
        ])
        #expect(shop.ignoredNotice == "shop.yml: ignored (not simulated): ports, networks, configs, healthcheck, deploy.endpoint_mode, environment, secrets, depends_on, command, volumes, stop_grace_period")
    }

    @Test func aStackWithOnlySimulatedKeysHasNoNotice() throws {
        let s = try StackLoader.parse("services:\n  web:\n    image: nginx\n    deploy: {replicas: 2}\n", file: "plain.yml")
        #expect(s.ignoredKeys.isEmpty)
        #expect(s.ignoredNotice == nil)
    }

    @Test func theWebStackRunsOnAGeneratedClusterWithinItsConstraints() throws {
        let setup = try stack("shop.yml").deployed(on: ClusterShape(managers: 3, workers: 7))
        #expect(setup.clusterName == "shop")
        #expect(setup.nodes.count == 10)
        let engine = run(setup, for: .seconds(120))

        let web = try running(engine, "shop_web")
        #expect(web.count == 4)
        #expect(web.allSatisfy { $0.host.hasPrefix("worker-") }, "node.role == worker")
        #expect(Set(web.map(\.host)).count == 4, "max_replicas_per_node: 1")
        let api = try running(engine, "shop_api")
        #expect(api.count == 3)
        #expect(api.allSatisfy { $0.host.hasPrefix("worker-") })
        let worker = try running(engine, "shop_worker")
        #expect(worker.count == 2)
        #expect(worker.allSatisfy { !$0.host.hasPrefix("manager-") }, "node.role != manager")
    }

    @Test func aConstraintNoGeneratedNodeMeetsLeavesTheTaskPendingWithTheReason() throws {
        let engine = run(try stack("shop.yml").deployed(on: ClusterShape(managers: 3, workers: 7)), for: .seconds(120))
        #expect(try running(engine, "shop_db").isEmpty)
        let db = try #require(engine.cluster.service(named: "shop_db"))
        let task = try #require(engine.cluster.tasks(ofService: db.id).first)
        #expect(task.state == .pending)
        #expect(task.status.err?.contains("no suitable node") == true, "\(task.status)")
    }

    // MARK: The monitoring stack

    @Test func globalAgentsRunOncePerNode() throws {
        let monitoring = try stack("monitoring.yml")
        #expect(try spec(monitoring, "monitoring_node-exporter").mode == .global)
        #expect(try spec(monitoring, "monitoring_cadvisor").mode == .global)
        let engine = run(try monitoring.deployed(on: ClusterShape(managers: 3, workers: 7)), for: .seconds(120))
        for agent in ["monitoring_node-exporter", "monitoring_cadvisor"] {
            let tasks = try running(engine, agent)
            #expect(tasks.count == 10, "\(agent)")
            #expect(Set(tasks.map(\.host)).count == 10, "\(agent) runs once on every node")
        }
    }

    @Test func managerOnlyServicesRunOnManagers() throws {
        let engine = run(try stack("monitoring.yml").deployed(on: ClusterShape(managers: 3, workers: 7)), for: .seconds(120))
        for service in ["monitoring_prometheus", "monitoring_grafana", "monitoring_alertmanager"] {
            let tasks = try running(engine, service)
            #expect(!tasks.isEmpty, "\(service)")
            #expect(tasks.allSatisfy { $0.host.hasPrefix("manager-") }, "\(service): \(tasks.map(\.host))")
        }
        let alertmanager = try running(engine, "monitoring_alertmanager")
        #expect(alertmanager.count == 2)
        #expect(Set(alertmanager.map(\.host)).count == 2)
    }

    @Test func mergedAnchorsKeepTheirResourcesAndAddPlacement() throws {
        let cadvisor = try spec(stack("monitoring.yml"), "monitoring_cadvisor")
        #expect(cadvisor.taskTemplate.placement?.constraints == ["node.platform.os == linux"])
        #expect(cadvisor.taskTemplate.resources?.reservations == Resources(nanoCPUs: 50_000_000, memoryBytes: 32 << 20))
        let grafana = try spec(stack("monitoring.yml"), "monitoring_grafana")
        #expect(grafana.taskTemplate.restartPolicy == RestartPolicy(condition: .onFailure, maxAttempts: 5, window: .seconds(120)))
    }

    // MARK: On a scenario's cluster

    @Test func onAScenarioTheStackIsAddedToItsServicesAndKeepsItsTimeline() throws {
        let scenario = try ScenarioLoader.parse(fixtureText("stacks/zones.yaml"), file: "zones.yaml")
        let setup = try stack("shop.yml").deployed(on: scenario)
        #expect(setup.clusterName == "zones")
        #expect(setup.seed == 7)
        #expect(setup.nodes == scenario.setup.nodes)
        #expect(setup.services.map(\.spec.name) == ["watcher", "shop_web", "shop_api", "shop_worker", "shop_db"])
        #expect(setup.timeline == scenario.setup.timeline)
        #expect(setup.images["postgres:16"] == ImageBehavior(pullTime: .seconds(4), startTime: .seconds(3)))
    }

    @Test func onAScenarioLabelConstraintsFindTheirNodesAndSurviveANodeFailure() throws {
        let scenario = try ScenarioLoader.parse(fixtureText("stacks/zones.yaml"), file: "zones.yaml")
        let engine = run(try stack("shop.yml").deployed(on: scenario), for: .seconds(180))
        #expect(try running(engine, "shop_db").map(\.host) == ["worker-5"], "node.labels.storage == ssd")
        // worker-1 went down at 90 s; web (one per node) and api moved to the four others.
        let web = try running(engine, "shop_web")
        #expect(web.count == 4)
        #expect(!web.contains { $0.host == "worker-1" })
        #expect(try running(engine, "shop_api").count == 3)
    }

    @Test func aStackServiceNamedLikeAScenarioServiceIsAnError() throws {
        let scenario = try ScenarioLoader.parse(
            "name: s\nnodes: [{hostname: m, role: manager}]\nservices:\n  - {name: shop_web, image: nginx}\n", file: "s.yaml")
        #expect(throws: ScenarioError(file: "shop.yml", line: 20, message: "service 'shop_web' is also in the scenario s.yaml; rename one of them")) {
            try stack("shop.yml").deployed(on: scenario)
        }
    }

    // MARK: The demo stacks

    static var demoStacks: [String] {
        let folder = repositoryRoot.appendingPathComponent("demo/stacks").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereIsADemoStack() {
        #expect(Self.demoStacks.contains("shop.yml"))
    }

    @Test(arguments: demoStacks)
    func demoStacksPlaceEveryTaskOnTheStandardClusterAndTheDefaultScenario(_ name: String) throws {
        let demoStack = try StackLoader.load(path: repositoryRoot.appendingPathComponent("demo/stacks/\(name)").path)
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("demo/default.yaml").path)
        for setup in [try demoStack.deployed(on: ClusterShape.standard), try demoStack.deployed(on: scenario)] {
            let engine = run(setup, for: .seconds(120))
            for service in demoStack.services {
                let id = try #require(engine.cluster.service(named: service.spec.name)).id
                let pending = engine.cluster.tasks(ofService: id).filter { $0.state == .pending }
                #expect(pending.isEmpty, "\(name) on \(setup.clusterName): \(service.spec.name) has unplaced tasks: \(pending.map(\.status.err))")
                #expect(engine.cluster.runningCount(ofService: id) > 0, "\(name) on \(setup.clusterName): \(service.spec.name) runs nothing")
            }
        }
    }

    // MARK: Restart, x-simulate, names

    @Test(arguments: [
        ("no", RestartPolicy()), ("always", RestartPolicy()), ("unless-stopped", RestartPolicy()),
        ("on-failure", RestartPolicy(condition: .onFailure)), ("on-failure:3", RestartPolicy(condition: .onFailure, maxAttempts: 3)),
    ] as [(String, RestartPolicy)])
    func composeRestartIsReadAsDockerStackDeployReadsIt(restart: String, policy: RestartPolicy) throws {
        let s = try StackLoader.parse("services:\n  web:\n    image: nginx\n    restart: \(restart)\n", file: "r.yml")
        #expect(s.services[0].spec.taskTemplate.restartPolicy == policy)
        #expect(s.ignoredKeys.isEmpty)
    }

    @Test func restartPolicyWinsOverRestartWhichIsThenIgnored() throws {
        let s = try StackLoader.parse(
            "services:\n  web:\n    image: nginx\n    restart: always\n    deploy:\n      restart_policy: {condition: none}\n", file: "r.yml")
        #expect(s.services[0].spec.taskTemplate.restartPolicy == RestartPolicy(condition: .none))
        #expect(s.ignoredKeys == ["restart"])
    }

    @Test func xSimulateDescribesHowTheImageBehaves() throws {
        let s = try StackLoader.parse("""
            services:
              api:
                image: api:2
                x-simulate: {crash_rate: 6, start: 2s}
              x-notes: not a service
            x-anything: {ignored: true}
            """, file: "sim.yml")
        #expect(s.services.map(\.spec.name) == ["sim_api"])
        let setup = try s.deployed(on: ClusterShape.standard)
        #expect(setup.images == ["api:2": ImageBehavior(startTime: .seconds(2), crashRate: 6)])
    }

    @Test func xSimulateMissingOnMustNameANodeOfTheCluster() throws {
        let s = try StackLoader.parse("services:\n  api:\n    image: api:2\n    x-simulate: {missing_on: [worker-9]}\n", file: "sim.yml")
        #expect(throws: ScenarioError(file: "sim.yml", line: 4, message: "missing_on names unknown node 'worker-9' (did you mean 'worker-1'?)")) {
            try s.deployed(on: ClusterShape(managers: 1, workers: 3))
        }
    }

    @Test func theTopLevelNameNamesTheStack() throws {
        let s = try StackLoader.parse("name: shop\nservices:\n  web: {image: nginx}\n", file: "docker-compose.yml")
        #expect(s.services.map(\.spec.name) == ["shop_web"])
    }

    @Test(arguments: [
        ("shop.yml", "shop"), ("demo/stacks/Shop.Prod.yaml", "shopprod"), ("/srv/myapp/docker-compose.yml", "myapp"),
        ("/srv/my app/compose.yaml", "myapp"), ("_.yml", "stack"),
    ])
    func stackNamesAreMadeFromTheFileName(file: String, name: String) {
        #expect(StackLoader.defaultName(file: file) == name)
    }

    // MARK: Errors, from fixtures

    @Test func invalidYAML() throws {
        #expect(try invalidFixtureError("invalid-yaml.yml") == "invalid-yaml.yml:7: invalid YAML: did not find expected key")
    }

    @Test func replicasThatIsNotANumber() throws {
        #expect(try invalidFixtureError("replicas-many.yml") == "replicas-many.yml:7: replicas must be a whole number ≥ 0, got 'many'")
    }

    @Test func unknownDeployKeySuggestsTheClosest() throws {
        #expect(try invalidFixtureError("unknown-deploy-key.yml") == "unknown-deploy-key.yml:7: unknown key 'replica' in deploy of service 'web' (did you mean 'replicas'?)")
    }

    @Test func badMode() throws {
        #expect(try invalidFixtureError("bad-mode.yml") == "bad-mode.yml:5: mode must be one of replicated, global; got 'daemonset'")
    }

    @Test func badDuration() throws {
        #expect(try invalidFixtureError("bad-duration.yml") == "bad-duration.yml:7: 'delay' is not a duration: '5 minutes' (write e.g. 90s, 1m30s, 500ms)")
    }

    @Test func badMemory() throws {
        #expect(try invalidFixtureError("bad-memory.yml") == "bad-memory.yml:8: 'memory' is not a size: '2 gigs' (write e.g. 512M, 1G, 256MiB)")
    }

    @Test func serviceWithoutImage() throws {
        #expect(try invalidFixtureError("no-image.yml") == "no-image.yml:5: service 'api' has no image (docker stack deploy does not build images; add image:)")
        #expect(stackError("services:\n  web:\n    ports: [\"80:80\"]\n") == "stack.yml:2: service 'web' has no image")
        #expect(stackError("services:\n  web:\n") == "stack.yml:2: service 'web' has no image")
    }

    @Test func globalWithReplicas() throws {
        #expect(try invalidFixtureError("global-replicas.yml") == "global-replicas.yml:6: replicas is not allowed with mode: global (a global service runs one task per node)")
    }

    // MARK: Errors, inline

    @Test func aDeployKeyAtServiceLevelPointsUnderDeploy() {
        #expect(stackError("services:\n  web:\n    image: nginx\n    replicas: 3\n") == "stack.yml:4: unknown key 'replicas' in service 'web' (did you mean 'deploy.replicas'?)")
    }

    @Test func unknownServiceKeySuggestsTheClosest() {
        #expect(stackError("services:\n  web:\n    imag: nginx\n") == "stack.yml:3: unknown key 'imag' in service 'web' (did you mean 'image'?)")
    }

    @Test func unknownKeysInPlacementResourcesAndPolicies() {
        let head = "services:\n  web:\n    image: nginx\n    deploy:\n"
        #expect(stackError(head + "      placement: {constraint: [node.role==worker]}\n") == "stack.yml:5: unknown key 'constraint' in placement of service 'web' (did you mean 'constraints'?)")
        #expect(stackError(head + "      resources: {reservation: {cpus: 1}}\n") == "stack.yml:5: unknown key 'reservation' in resources of service 'web' (did you mean 'reservations'?)")
        #expect(stackError(head + "      restart_policy: {max_attempt: 3}\n") == "stack.yml:5: unknown key 'max_attempt' in restart_policy of service 'web' (did you mean 'max_attempts'?)")
        #expect(stackError(head + "      update_config:\n        paralelism: 2\n") == "stack.yml:6: unknown key 'paralelism' in update_config of service 'web' (did you mean 'parallelism'?)")
    }

    @Test func durationsNeedAUnitAsInCompose() {
        let head = "services:\n  web:\n    image: nginx\n    deploy:\n"
        #expect(stackError(head + "      update_config: {delay: 10}\n") == "stack.yml:5: 'delay' is not a duration: '10' (compose durations need a unit: 5s, 1m30s, 500ms)")
        #expect(stackError(head + "      update_config: {delay: 0, monitor: 1m30s}\n") == nil)
    }

    @Test func wrongTypes() {
        let head = "services:\n  web:\n    image: nginx\n    deploy:\n"
        #expect(stackError(head + "      placement: {constraints: node.role==worker}\n") == "stack.yml:5: constraints must be a list, got 'node.role==worker'")
        #expect(stackError(head + "      resources: {limits: {cpus: lots}}\n") == "stack.yml:5: cpus must be a number ≥ 0, got 'lots'")
        #expect(stackError(head + "      update_config: {max_failure_ratio: 2}\n") == "stack.yml:5: max_failure_ratio must be a number from 0 to 1, got '2'")
        #expect(stackError(head + "      placement: {max_replicas_per_node: -1}\n") == "stack.yml:5: max_replicas_per_node must be a whole number ≥ 0, got '-1'")
        #expect(stackError("services:\n  web:\n    image: [nginx]\n") == "stack.yml:3: image must be an image name, got a list")
        #expect(stackError("services:\n  web: nginx\n") == "stack.yml:2: service 'web' must be a mapping (image: nginx, deploy: …), got 'nginx'")
    }

    @Test func badValuesInPolicies() {
        let head = "services:\n  web:\n    image: nginx\n    deploy:\n"
        #expect(stackError(head + "      restart_policy: {condition: always}\n") == "stack.yml:5: condition must be one of none, on-failure, any; got 'always'")
        #expect(stackError(head + "      update_config: {order: parallel}\n") == "stack.yml:5: order must be one of stop-first, start-first; got 'parallel'")
        #expect(stackError(head + "      rollback_config: {failure_action: rollback}\n") == "stack.yml:5: failure_action must be one of pause, continue; got 'rollback'")
        #expect(stackError("services:\n  web:\n    image: nginx\n    restart: sometimes\n") == "stack.yml:4: restart must be no, always, unless-stopped or on-failure[:N]; got 'sometimes'")
    }

    @Test func badPlacement() {
        let head = "services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n"
        #expect(stackError(head + "        constraints: [node.rol == worker]\n") == "stack.yml:6: constraint 'node.rol == worker' has unknown key 'node.rol' (did you mean 'node.role'?)")
        #expect(stackError(head + "        preferences: [node.labels.zone]\n") == "stack.yml:6: each entry of preferences must be a mapping (spread: node.labels.zone), got 'node.labels.zone'")
        #expect(stackError(head + "        preferences: [{spread: zone}]\n") == "stack.yml:6: spread 'zone' must be node.labels.NAME or engine.labels.NAME (e.g. node.labels.zone)")
    }

    @Test func jobModesAreNotSimulated() {
        #expect(stackError("services:\n  migrate:\n    image: api\n    deploy: {mode: replicated-job}\n") == "stack.yml:4: mode 'replicated-job' is not simulated (jobs are not modelled); use replicated or global")
    }

    @Test func topLevelProblems() {
        #expect(stackError("") == "stack.yml:1: the stack is empty")
        #expect(stackError("- web\n") == "stack.yml:1: the stack must be a mapping with services: …; got a list")
        #expect(stackError("version: '3.8'\n") == "stack.yml:1: the stack has no services (write services: with one entry per service, e.g. web: {image: nginx})")
        #expect(stackError("service:\n  web: {image: nginx}\n") == "stack.yml:1: unknown key 'service' at the top level (did you mean 'services'?)")
        #expect(stackError("services:\n  - name: web\n") == "stack.yml:1: services must be a mapping of service names to services (e.g. web: {image: nginx}), got a list")
        #expect(stackError("name: Shop\nservices:\n  web: {image: nginx}\n") == "stack.yml:1: name 'Shop' is not a valid stack name: use lowercase letters, digits, '-' and '_', starting with a letter or digit")
        #expect(stackError("services:\n  web: {image: nginx}\n  web: {image: httpd}\n") == "stack.yml:3: duplicate key 'web' (also on line 2)")
    }

    @Test func aScenarioGivenAsAStackSaysSo() {
        #expect(stackError("name: demo\nnodes:\n  - hostname: m1\n") == "stack.yml:2: unknown key 'nodes' at the top level (this looks like a scenario file: give it with --scenario)")
    }

    @Test func invalidServiceNames() {
        #expect(stackError("services:\n  web.v2: {image: nginx}\n") == "stack.yml:2: service name 'web.v2' is not valid: use letters, digits, '-' and '_', starting and ending with a letter or digit (with the stack's name, 'stack_web.v2', at most 63)")
    }

    @Test func aRequiredVariableThatIsUnsetIsAnErrorOnItsLine() {
        let text = "services:\n  web:\n    image: nginx:${TAG:?set TAG to the release}\n"
        #expect(stackError(text) == "stack.yml:3: variable TAG is not set: set TAG to the release")
        #expect(stackError(text, environment: ["TAG": "1.25"]) == nil)
        #expect(stackError("services:\n  web:\n    image: nginx:${TAG\n") == "stack.yml:3: '${' is not closed with '}' (write ${NAME} or ${NAME:-default}; $$ is a literal $)")
        #expect(stackError("services:\n  web:\n    image: nginx\n    command: echo ${1}\n") == "stack.yml:4: '${' starts no substitution (write ${NAME}, ${NAME:-default} or ${NAME:?message}; $$ is a literal $)")
    }

    @Test func replicasMayComeFromAVariable() throws {
        let text = "services:\n  web:\n    image: nginx\n    deploy: {replicas: ${WEB_REPLICAS:-2}}\n"
        #expect(try StackLoader.parse(text, file: "v.yml").services[0].spec.mode == .replicated(replicas: 2))
        #expect(try StackLoader.parse(text, file: "v.yml", environment: ["WEB_REPLICAS": "5"]).services[0].spec.mode == .replicated(replicas: 5))
    }

    @Test func missingFileIsReportedWithoutALine() {
        #expect(throws: ScenarioError(file: "/nonexistent/stack.yml", line: nil, message: "no such file")) {
            try StackLoader.load(path: "/nonexistent/stack.yml")
        }
    }
}
