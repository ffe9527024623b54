import SwarmModel

/// A small swarm built by hand: a leader and a second manager, a drained worker, a down worker,
/// a replicated service with history in slot 1 and a per-node limit, a global service with a
/// rejected task, a service scaled to zero, and a pending task the scheduler cannot place.
enum Fixture {
    static let now = Timestamp(rfc3339: "2026-01-10T12:00:00Z")!

    static let manager1: NodeID = "ujzde8gxd6ncf10epf91dhodz"
    static let manager2: NodeID = "doc9is0j8ht9lgmxg9edn581u"
    static let worker1: NodeID = "33xtplpft75v2seh60kvj50ce"
    static let worker2: NodeID = "9uvw53efr4edt2sywb3wkh5dn"
    static let worker10: NodeID = "sipzz5fk2z9ri19r0wyojfljo"

    static let web: ServiceID = "oa5lqsaj08xui6d39zzzzg4zd"
    static let api: ServiceID = "men2khvdgaj8gxbenyjqwx4hh"
    static let monitor: ServiceID = "5344tfjgvq4k7bn7xj8b7tfq7"
    static let tools: ServiceID = "xkwo886vompzom75wbbr4qmw2"

    static let nginxDigest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
    static let oomError = "task: non-zero exit (137): container killed by the OOM killer"
    static let noNodeError = "no suitable node (max replicas per node limit exceed; 1 node not available for new tasks)"

    /// `now` minus a duration.
    static func ago(_ d: Duration) -> Timestamp { Timestamp(nanoseconds: now.nanoseconds - d.nanoseconds) }

    static func node(
        _ id: NodeID, _ hostname: String, role: NodeRole = .worker, availability: NodeAvailability = .active,
        state: NodeState = .ready, manager: ManagerStatus? = nil, engine: String = "24.0.7"
    ) -> Node {
        Node(
            id: id, createdAt: ago(.seconds(86_400 * 30)), updatedAt: ago(.seconds(60)),
            spec: NodeSpec(role: role, availability: availability),
            description: NodeDescription(hostname: hostname, engine: EngineDescription(engineVersion: engine)),
            status: NodeStatus(state: state, addr: "10.0.0.1"), managerStatus: manager)
    }

    static func service(_ id: ServiceID, _ name: String, image: String, mode: ServiceMode, maxReplicas: Int = 0) -> Service {
        let placement = maxReplicas > 0 ? Placement(maxReplicas: maxReplicas) : nil
        return Service(
            id: id, createdAt: ago(.seconds(86_400 * 4)), updatedAt: ago(.seconds(86_400 * 4)),
            spec: ServiceSpec(name: name, taskTemplate: TaskSpec(image: image, placement: placement), mode: mode))
    }

    static func task(
        _ id: TaskID, _ service: ServiceID, slot: Int?, node: NodeID?, image: String, created: Duration,
        state: TaskState, since: Duration, desired: TaskState = .running, err: String? = nil
    ) -> Task {
        var t = Task(id: id, createdAt: ago(created), spec: TaskSpec(image: image), serviceID: service, slot: slot, nodeID: node, desiredState: desired)
        t.status = TaskStatus(timestamp: ago(since), state: state, message: state.name, err: err)
        t.updatedAt = ago(since)
        return t
    }

    static func cluster() -> Cluster {
        var c = Cluster()
        c.upsert(node(manager1, "manager1", role: .manager, manager: ManagerStatus(leader: true, reachability: .reachable)))
        c.upsert(node(worker10, "worker10"))
        c.upsert(node(worker2, "worker2", state: .down, engine: "23.0.1"))
        c.upsert(node(manager2, "manager2", role: .manager, manager: ManagerStatus(leader: false, reachability: .reachable)))
        c.upsert(node(worker1, "worker1", availability: .drain))

        let nginx = "nginx:1.25@" + nginxDigest
        let agent = "registry.example.com:5000/ops/agent:v2"
        c.upsert(service(web, "web", image: nginx, mode: .replicated(replicas: 3), maxReplicas: 2))
        c.upsert(service(api, "api", image: "docker.io/library/redis:7", mode: .replicated(replicas: 2)))
        c.upsert(service(monitor, "monitor", image: agent, mode: .global))
        c.upsert(service(tools, "tools", image: "busybox", mode: .replicated(replicas: 0)))

        // web.1: live on manager1, after a failure on worker2 and a shutdown on worker1.
        c.upsert(task("ns6puq80idw3706i8j76b2laj", web, slot: 1, node: worker1, image: "nginx:1.24", created: .seconds(86_400 * 2),
                      state: .shutdown, since: .seconds(3 * 3600 + 600), desired: .shutdown))
        c.upsert(task("zfkkibj3j4wj99ibag7i1mnbq", web, slot: 1, node: worker2, image: nginx, created: .seconds(3 * 3600),
                      state: .failed, since: .seconds(65), desired: .shutdown, err: oomError))
        c.upsert(task("wxfogo4mvn4a4wfhym4l1vfz3", web, slot: 1, node: manager1, image: nginx, created: .seconds(64),
                      state: .running, since: .milliseconds(44_500)))
        c.upsert(task("lj4h9du7794g9dpmrcg629be2", web, slot: 2, node: worker10, image: nginx, created: .seconds(3 * 86_400 + 10),
                      state: .running, since: .seconds(3 * 86_400)))
        c.upsert(task("u66mr26846p7q9m2i0hz2uep1", web, slot: 3, node: nil, image: nginx, created: .milliseconds(200),
                      state: .pending, since: .milliseconds(200), err: noNodeError))

        // api.2 moved from the drained worker1 to worker10.
        c.upsert(task("enthjxjqi3ogz5kok16zv0mwu", api, slot: 1, node: manager2, image: "docker.io/library/redis:7", created: .seconds(200),
                      state: .running, since: .seconds(190)))
        c.upsert(task("fxbv932byv7s6ehogfqrclri1", api, slot: 2, node: worker1, image: "docker.io/library/redis:7", created: .seconds(7200),
                      state: .shutdown, since: .seconds(150), desired: .shutdown))
        c.upsert(task("qzj865ufrdl1erbfqfoeqh3av", api, slot: 2, node: worker10, image: "docker.io/library/redis:7", created: .seconds(3610),
                      state: .running, since: .milliseconds(3_600_500)))

        // monitor: one task per node it could go on.
        c.upsert(task("90ric7phkqdlmtt7ns26lrwbq", monitor, slot: nil, node: manager1, image: agent, created: .seconds(5 * 3600 + 60),
                      state: .running, since: .seconds(5 * 3600)))
        c.upsert(task("cab69m64p2g158z6tnovmizwd", monitor, slot: nil, node: worker2, image: agent, created: .seconds(2 * 3600 + 60),
                      state: .running, since: .seconds(2 * 3600)))
        c.upsert(task("iaeq1kdfy6spsc3lkr2aqxv9u", monitor, slot: nil, node: worker10, image: agent, created: .seconds(20),
                      state: .rejected, since: .milliseconds(10_500), err: "No such image: " + agent))
        return c
    }
}

/// Corner cases checked against the docker CLI: wide and emoji hostnames, a node shown by its
/// spec name, natural ordering, image references, errors at and past 30 columns, a task on a
/// node that is gone and one of a service that is gone.
enum EdgeFixture {
    static func cluster() -> Cluster {
        var c = Cluster()
        typealias F = Fixture
        c.upsert(F.node("n0000000000000000000000a1", "ノード-1", role: .manager, manager: ManagerStatus(leader: true)))
        c.upsert(F.node("n0000000000000000000000a2", "emoji-🐳", availability: .pause, state: .unknown))
        c.upsert(F.node("n0000000000000000000000a3", "cafe\u{301}", state: .disconnected))
        var named = F.node("n0000000000000000000000a4", "host-x", role: .manager, manager: ManagerStatus(leader: false, reachability: .unreachable))
        named.spec.name = "named-node"
        c.upsert(named)
        c.upsert(F.node("n0000000000000000000000a5", "node10"))
        c.upsert(F.node("n0000000000000000000000a6", "node2"))
        c.upsert(F.node("n0000000000000000000000a7", "node02"))
        c.upsert(F.node("n0000000000000000000000a8", "Node3", manager: ManagerStatus(leader: false, reachability: .unknown)))
        let d = F.nginxDigest
        let images = [
            ("s01", "svc10", "busybox"), ("s02", "svc9", "busybox@" + d), ("s03", "svc-a", "docker.io/foo/bar:1"),
            ("s04", "svc.b", "localhost:5000/x/y:dev@" + d), ("s05", "Svc-up", "Upper/Case:1"), ("s06", "svc_c", "index.docker.io/library/alpine:3"),
            ("s07", "svc-d", "gcr.io/proj/img:tag@sha256:bad"), ("s08", "svc-e", "docker.io/library/nginx"), ("s09", "svc-f", "nginx:latest"),
        ]
        for (id, name, image) in images {
            c.upsert(F.service(ServiceID(id + "aaaaaaaaaaaaaaaaaaaaaa"), name, image: image, mode: .replicated(replicas: 1)))
        }
        let s9 = ServiceID("s02aaaaaaaaaaaaaaaaaaaaaa")
        for (i, slot) in [2, 10, 1].enumerated() {
            c.upsert(F.task(TaskID("t0\(i)aaaaaaaaaaaaaaaaaaaaaa"), s9, slot: slot, node: "n0000000000000000000000a1", image: "busybox@" + d,
                            created: .seconds(100), state: .running, since: .seconds(59)))
        }
        let s10 = ServiceID("s01aaaaaaaaaaaaaaaaaaaaaa")
        c.upsert(F.task("t10aaaaaaaaaaaaaaaaaaaaaa", s10, slot: 1, node: "n0000000000000000000000a4", image: "busybox", created: .seconds(10),
                        state: .failed, since: .seconds(1), desired: .shutdown, err: "エラー：イメージが見つかりません。ノードを確認してください"))
        c.upsert(F.task("t11aaaaaaaaaaaaaaaaaaaaaa", s10, slot: 1, node: "gone0000000000000000000000", image: "busybox", created: .seconds(20),
                        state: .failed, since: .seconds(5400), desired: .shutdown, err: String(repeating: "x", count: 30)))
        c.upsert(F.task("t12aaaaaaaaaaaaaaaaaaaaaa", s10, slot: 1, node: "n0000000000000000000000a2", image: "busybox", created: .seconds(30),
                        state: .failed, since: .seconds(5399), desired: .shutdown, err: String(repeating: "y", count: 31)))
        c.upsert(F.task("t13aaaaaaaaaaaaaaaaaaaaaa", "deletedservice00000000000", slot: 4, node: "n0000000000000000000000a3", image: "ubuntu:22.04",
                        created: .seconds(30), state: .complete, since: .seconds(86400 * 20), desired: .shutdown))
        c.upsert(F.task("t14aaaaaaaaaaaaaaaaaaaaaa", ServiceID("s03aaaaaaaaaaaaaaaaaaaaaa"), slot: 1, node: "n0000000000000000000000a3", image: "docker.io/foo/bar:1",
                        created: .seconds(30), state: .running, since: .seconds(86400 * 400), desired: .running, err: "café 🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳"))
        return c
    }
}

/// The lines joined as a table prints them: each ended by "\n". Written one literal per line so
/// that the padding at the end of a line stays visible in the test.
func lines(_ l: String...) -> String {
    l.map { $0 + "\n" }.joined()
}
