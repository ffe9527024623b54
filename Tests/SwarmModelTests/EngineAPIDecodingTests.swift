import Foundation
import SwarmModel
import Testing

/// The model decodes the Engine API's own answers (examples from the v1.41 reference, with the
/// fields swarmtop does not model left in) and encodes back to the same field names.
@Suite struct EngineAPIDecodingTests {
    static let node = """
        {"ID": "24ifsmvkjbyhk", "Version": {"Index": 373531},
         "CreatedAt": "2016-08-18T10:44:24.496525531Z", "UpdatedAt": "2017-08-09T07:09:37.632105588Z",
         "Spec": {"Availability": "active", "Name": "node-name", "Role": "manager", "Labels": {"foo": "bar"}},
         "Description": {"Hostname": "bf3067039e47", "Platform": {"Architecture": "x86_64", "OS": "linux"},
           "Resources": {"NanoCPUs": 4000000000, "MemoryBytes": 8272408576,
             "GenericResources": [{"DiscreteResourceSpec": {"Kind": "SSD", "Value": 3}}]},
           "Engine": {"EngineVersion": "17.06.0", "Labels": {"foo": "bar"}, "Plugins": [{"Type": "Log", "Name": "awslogs"}]},
           "TLSInfo": {"TrustRoot": "-----BEGIN CERTIFICATE-----", "CertIssuerSubject": "MBMxETAPBgNVBAMTCHN3YXJtLWNh"}},
         "Status": {"State": "ready", "Message": "", "Addr": "172.17.0.2"},
         "ManagerStatus": {"Leader": true, "Reachability": "reachable", "Addr": "10.0.0.46:2377"}}
        """

    static let service = """
        {"ID": "9mnpnzenvg8p8tdbtq4wvbkcz", "Version": {"Index": 19},
         "CreatedAt": "2016-06-07T21:05:51.880065305Z", "UpdatedAt": "2016-06-07T21:07:29.962229872Z",
         "Spec": {"Name": "hopeful_cori",
           "TaskTemplate": {"ContainerSpec": {"Image": "redis", "Env": ["SECRET=do-not-keep"]},
             "Resources": {"Limits": {}, "Reservations": {"NanoCPUs": 500000000}},
             "RestartPolicy": {"Condition": "on-failure", "Delay": 10000000000, "MaxAttempts": 10},
             "Placement": {"Constraints": ["node.role==worker"], "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.datacenter"}}],
               "MaxReplicas": 2, "Platforms": [{"Architecture": "x86_64", "OS": "linux"}]},
             "ForceUpdate": 0},
           "Mode": {"Replicated": {"Replicas": 7}},
           "UpdateConfig": {"Parallelism": 2, "Delay": 1000000000, "FailureAction": "rollback", "Monitor": 15000000000,
             "MaxFailureRatio": 0.15, "Order": "start-first"},
           "EndpointSpec": {"Mode": "vip", "Ports": [{"Protocol": "tcp", "TargetPort": 6379, "PublishedPort": 30001}]}},
         "Endpoint": {"Spec": {"Mode": "vip"}, "VirtualIPs": [{"NetworkID": "4qvuz4ko70xaltuqbt8956gd1", "Addr": "10.255.0.2/16"}]},
         "UpdateStatus": {"State": "paused", "StartedAt": "2016-06-07T21:07:31Z", "Message": "update paused due to failure or early termination of task 9p7ith557h8ndf0ui9s0q951b"},
         "ServiceStatus": {"RunningTasks": 7, "DesiredTasks": 7, "CompletedTasks": 0}}
        """

    static let task = """
        {"ID": "0kzzo1i0y4jz6027t0k7aezc7", "Version": {"Index": 71},
         "CreatedAt": "2016-06-07T21:07:31.171892745Z", "UpdatedAt": "2016-06-07T21:07:31.376370513Z",
         "Spec": {"ContainerSpec": {"Image": "redis"}, "Resources": {"Limits": {}, "Reservations": {}},
           "RestartPolicy": {"Condition": "any", "MaxAttempts": 0}, "Placement": {}},
         "ServiceID": "9mnpnzenvg8p8tdbtq4wvbkcz", "Slot": 1, "NodeID": "60gvrl6tm78dmak4yl7srz94v",
         "Status": {"Timestamp": "2016-06-07T21:07:31.290032978Z", "State": "running", "Message": "started",
           "ContainerStatus": {"ContainerID": "e5d62702a1b48d01c3e02ca1e0212a250801fa8d67caca0b6f35919ebc12f035", "PID": 677}},
         "DesiredState": "running",
         "NetworksAttachments": [{"Network": {"ID": "4qvuz4ko70xaltuqbt8956gd1"}, "Addresses": ["10.255.0.10/16"]}],
         "AssignedGenericResources": []}
        """

    @Test func aNodeFromTheAPIDecodesWithManagerStatus() throws {
        let node = try JSONDecoder().decode(Node.self, from: Data(Self.node.utf8))
        #expect(node.id == "24ifsmvkjbyhk")
        #expect(node.version.index == 373531)
        #expect(node.hostname == "bf3067039e47")
        #expect(node.role == .manager)
        #expect(node.availability == .active)
        #expect(node.state == .ready)
        #expect(node.isLeader)
        #expect(node.managerStatus?.reachability == .reachable)
        #expect(node.description.resources.memoryBytes == 8_272_408_576)
        #expect(node.spec.labels == ["foo": "bar"])
        #expect(node.createdAt.rfc3339 == "2016-08-18T10:44:24.496525531Z")
    }

    @Test func aServiceFromTheAPIDecodesItsSpecAndStatus() throws {
        let service = try JSONDecoder().decode(Service.self, from: Data(Self.service.utf8))
        #expect(service.name == "hopeful_cori")
        #expect(service.mode == .replicated(replicas: 7))
        let template = service.spec.taskTemplate
        #expect(template.image == "redis")
        #expect(template.reservations.nanoCPUs == 500_000_000)
        #expect(template.restartPolicy == RestartPolicy(condition: .onFailure, delay: .seconds(10), maxAttempts: 10))
        #expect(template.placement == Placement(constraints: ["node.role==worker"], preferences: [PlacementPreference(spread: "node.labels.datacenter")], maxReplicas: 2))
        #expect(service.spec.updateConfig == UpdateConfig(parallelism: 2, delay: .seconds(1), failureAction: .rollback, monitor: .seconds(15), maxFailureRatio: 0.15, order: .startFirst))
        #expect(service.updateStatus?.state == .paused)
        #expect(service.serviceStatus == ServiceStatus(runningTasks: 7, desiredTasks: 7, completedTasks: 0))
    }

    @Test func aGlobalServiceModeDecodes() throws {
        let json = #"{"ID": "x", "Spec": {"Name": "agent", "TaskTemplate": {"ContainerSpec": {"Image": "a"}}, "Mode": {"Global": {}}}}"#
        #expect(try JSONDecoder().decode(Service.self, from: Data(json.utf8)).mode == .global)
    }

    @Test func aTaskFromTheAPIDecodes() throws {
        let task = try JSONDecoder().decode(Task.self, from: Data(Self.task.utf8))
        #expect(task.id == "0kzzo1i0y4jz6027t0k7aezc7")
        #expect(task.slot == 1)
        #expect(task.nodeID == "60gvrl6tm78dmak4yl7srz94v")
        #expect(task.state == .running)
        #expect(task.desiredState == .running)
        #expect(task.status.message == "started")
        #expect(task.status.containerStatus?.pid == 677)
        #expect(task.stateHistory.isEmpty)
    }

    @Test func anUnassignedGlobalTaskHasNoSlotAndNoNode() throws {
        let json = #"{"ID": "t", "ServiceID": "s", "Slot": 0, "NodeID": "", "Status": {"State": "pending", "Err": "no suitable node (1 node not available for new tasks)"}, "DesiredState": "running"}"#
        let task = try JSONDecoder().decode(Task.self, from: Data(json.utf8))
        #expect(task.slot == nil)
        #expect(task.nodeID == nil)
        #expect(task.status.err == "no suitable node (1 node not available for new tasks)")
    }

    @Test func encodingKeepsTheAPIFieldNames() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let node = try JSONDecoder().decode(Node.self, from: Data(Self.node.utf8))
        let text = String(decoding: try encoder.encode(node), as: UTF8.self)
        for field in [#""ManagerStatus":{"Addr":"10.0.0.46:2377","Leader":true,"Reachability":"reachable"}"#, #""Role":"manager""#, #""Hostname":"bf3067039e47""#, #""Index":373531"#] {
            #expect(text.contains(field), "\(field) missing in \(text)")
        }
        let task = try JSONDecoder().decode(Task.self, from: Data(Self.task.utf8))
        let taskText = String(decoding: try encoder.encode(task), as: UTF8.self)
        #expect(taskText.contains(#""DesiredState":"running""#))
        #expect(taskText.contains(#""Status":{"ContainerStatus""#))
        #expect(try JSONDecoder().decode(Task.self, from: Data(taskText.utf8)) == task)
    }

    @Test func serviceSpecsNeverCarryEnvironmentValues() throws {
        let encoder = JSONEncoder()
        let service = try JSONDecoder().decode(Service.self, from: Data(Self.service.utf8))
        #expect(!String(decoding: try encoder.encode(service), as: UTF8.self).contains("do-not-keep"))
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-01-01T00:00:00Z", Int64(1_767_225_600_000_000_000)),
        ("1970-01-01T00:00:00Z", 0),
        ("2016-06-07T21:07:31.171892745Z", 1_465_333_651_171_892_745),
        ("2000-02-29T12:00:00.5Z", 951_825_600_500_000_000),
        ("1969-12-31T23:59:59.9Z", -100_000_000),
    ])
    func rfc3339RoundTrips(text: String, nanoseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.nanoseconds == nanoseconds)
        #expect(Timestamp(nanoseconds: nanoseconds).rfc3339 == text)
    }

    @Test func offsetsAndShortFractionsParse() {
        #expect(Timestamp(rfc3339: "2026-01-01T02:00:00+02:00") == Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
        #expect(Timestamp(rfc3339: "2026-01-01T00:00:00.1234567891Z")?.nanoseconds == 1_767_225_600_123_456_789)
    }

    @Test(arguments: ["", "2026-13-01T00:00:00Z", "2026-01-01 00:00", "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "yesterday"])
    func malformedTimesDoNotParse(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}

@Suite struct TaskStateTests {
    @Test func theFourteenStatesAreInSwarmkitsOrder() {
        #expect(TaskState.allCases.map(\.name) == [
            "new", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running",
            "complete", "shutdown", "failed", "rejected", "remove", "orphaned",
        ])
        #expect(TaskState.allCases == TaskState.allCases.sorted())
        #expect(TaskState.allCases.filter(\.isTerminal) == [.complete, .shutdown, .failed, .rejected, .remove, .orphaned])
    }

    @Test func apiNamesParseIncludingAllocated() {
        #expect(TaskState(name: "running") == .running)
        #expect(TaskState(name: "allocated") == .pending)
        #expect(TaskState(name: "bogus") == nil)
        #expect(TaskState.running.displayName == "Running")
    }
}

@Suite struct ClusterTests {
    private func task(_ id: String, service: String = "s1", slot: Int? = 1, node: String? = "n1", state: TaskState = .running, at t: Int64 = 0) -> Task {
        var task = Task(id: TaskID(id), createdAt: Timestamp(nanoseconds: t), spec: TaskSpec(image: "x"), serviceID: ServiceID(service), slot: slot, nodeID: node.map { NodeID($0) })
        task.status.state = state
        return task
    }

    @Test func tasksAreIndexedByServiceNodeAndSlot() {
        var cluster = Cluster()
        cluster.upsert(task("a", state: .failed, at: 1))
        cluster.upsert(task("b", at: 2))
        cluster.upsert(task("c", slot: 2, node: "n2"))
        #expect(cluster.taskIDs(ofService: "s1") == ["a", "b", "c"])
        #expect(cluster.taskIDs(onNode: "n1") == ["a", "b"])
        #expect(cluster.taskIDs(inSlot: .replicated("s1", 1)) == ["a", "b"])
        #expect(cluster.runningCount(ofService: "s1") == 2)
        #expect(cluster.count(of: .failed) == 1)

        // Moving a task to another node updates the node index and counters.
        cluster.modifyTask("b") { $0.nodeID = "n2"; $0.status.state = .shutdown }
        #expect(cluster.taskIDs(onNode: "n1") == ["a"])
        #expect(cluster.taskIDs(onNode: "n2") == ["b", "c"])
        #expect(cluster.runningCount(ofService: "s1") == 1)
        #expect(cluster.count(of: .shutdown) == 1)

        cluster.removeTask("a")
        #expect(cluster.taskIDs(inSlot: .replicated("s1", 1)) == ["b"])
        #expect(cluster.count(of: .failed) == 0)
    }

    /// A task replaced by a version on no node (a global task a source shows unbound) leaves
    /// the node's and the slot's indexes; its place, reused by another task, is then not
    /// reported under the old node.
    @Test func aTaskReplacedOffItsNodeLeavesTheNodesIndex() {
        var cluster = Cluster()
        cluster.upsert(task("g", slot: nil, node: "n1"))
        #expect(cluster.taskIDs(onNode: "n1") == ["g"])
        #expect(cluster.taskIDs(inSlot: .global("s1", "n1")) == ["g"])
        cluster.upsert(task("g", slot: nil, node: nil))
        #expect(cluster.taskIDs(onNode: "n1").isEmpty)
        #expect(cluster.taskCount(onNode: "n1") == 0)
        #expect(cluster.taskIDs(inSlot: .global("s1", "n1")).isEmpty)
        cluster.removeTask("g")
        cluster.upsert(task("h", slot: 1, node: "n2"))
        #expect(cluster.tasks(onNode: "n1").isEmpty)
        #expect(cluster.taskIDs(onNode: "n2") == ["h"])
        #expect(cluster.taskStates(onNode: "n2") == [.running])
    }

    /// A replacement that moves a task to another node, slot or service moves it in every index.
    @Test func aReplacementMovesTheTaskInEveryIndex() {
        var cluster = Cluster()
        cluster.upsert(task("a", slot: 1, node: "n1"))
        cluster.upsert(task("a", service: "s2", slot: 3, node: "n2"))
        #expect(cluster.taskIDs(onNode: "n1").isEmpty)
        #expect(cluster.taskIDs(onNode: "n2") == ["a"])
        #expect(cluster.taskIDs(ofService: "s1").isEmpty)
        #expect(cluster.taskIDs(ofService: "s2") == ["a"])
        #expect(cluster.taskIDs(inSlot: .replicated("s1", 1)).isEmpty)
        #expect(cluster.taskIDs(inSlot: .replicated("s2", 3)) == ["a"])
        #expect(cluster.runningCount(ofService: "s1") == 0)
        #expect(cluster.runningCount(ofService: "s2") == 1)
    }

    @Test func namesResolveLikeTheDockerCLI() {
        var cluster = Cluster()
        let node = Node(id: "abc123", createdAt: .zero, updatedAt: .zero, spec: NodeSpec(), description: NodeDescription(hostname: "worker-1"), status: NodeStatus(state: .ready))
        cluster.upsert(node)
        cluster.upsert(Service(id: "svc999", createdAt: .zero, updatedAt: .zero, spec: ServiceSpec(name: "web", taskTemplate: TaskSpec(image: "x"))))
        cluster.upsert(task("t1", service: "svc999", slot: 3))
        #expect(cluster.node(named: "worker-1")?.id == "abc123")
        #expect(cluster.node(named: "abc")?.id == "abc123")
        #expect(cluster.node(named: "nope") == nil)
        #expect(cluster.service(named: "web")?.id == "svc999")
        #expect(cluster.task(named: "web.3")?.id == "t1")
        #expect(cluster.task(named: "web.4") == nil)
    }
}
