import Foundation
import TestSupport
import Testing

/// Each bundled scenario shows what its description claims, seen through `swarmtop snapshot`
/// as a script would see it.
@Suite struct DemoScenarioClaimsTests {
    /// The snapshot of `scenario` at `at`, as JSON objects.
    struct Snapshot {
        var nodes: [[String: Any]]
        var services: [[String: Any]]
        var tasks: [[String: Any]]

        init(_ scenario: String, at: String) throws {
            let result = try SwarmtopProcess.run(["snapshot", "--scenario", scenario, "--at", at, "--format", "json"])
            try #require(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            nodes = object["nodes"] as? [[String: Any]] ?? []
            services = object["services"] as? [[String: Any]] ?? []
            tasks = object["tasks"] as? [[String: Any]] ?? []
        }

        func node(_ hostname: String) -> [String: Any]? {
            nodes.first { ($0["Description"] as? [String: Any])?["Hostname"] as? String == hostname }
        }
        func nodeState(_ hostname: String) -> String? { (node(hostname)?["Status"] as? [String: Any])?["State"] as? String }
        var leader: String? {
            nodes.first { (($0["ManagerStatus"] as? [String: Any])?["Leader"] as? Bool) == true }
                .flatMap { ($0["Description"] as? [String: Any])?["Hostname"] as? String }
        }
        func serviceID(_ name: String) -> String? {
            services.first { ($0["Spec"] as? [String: Any])?["Name"] as? String == name }?["ID"] as? String
        }
        func updateState(_ name: String) -> String? {
            (services.first { ($0["Spec"] as? [String: Any])?["Name"] as? String == name }?["UpdateStatus"] as? [String: Any])?["State"] as? String
        }
        func tasks(of service: String) -> [[String: Any]] {
            let id = serviceID(service)
            return tasks.filter { $0["ServiceID"] as? String == id }
        }
        func state(_ task: [String: Any]) -> String { (task["Status"] as? [String: Any])?["State"] as? String ?? "" }
        func err(_ task: [String: Any]) -> String { (task["Status"] as? [String: Any])?["Err"] as? String ?? "" }
        func running(_ service: String) -> Int {
            tasks(of: service).filter { state($0) == "running" && $0["DesiredState"] as? String == "running" }.count
        }
        /// Tasks on the node the orchestrator still means to run there.
        func meantToRunOn(_ hostname: String) -> Int {
            let id = node(hostname)?["ID"] as? String
            return tasks.filter { $0["NodeID"] as? String == id && $0["DesiredState"] as? String == "running" }.count
        }
    }

    @Test func defaultIsASteadyClusterWithALittleChurn() throws {
        let s = try Snapshot("default", at: "7m")
        // Scaled at 2m, updated at 4m, worker-3 drained at 6m.
        #expect(s.running("web") == 9)
        #expect(s.running("api") == 4)
        #expect(s.updateState("api") == "completed")
        #expect((s.node("worker-3")?["Spec"] as? [String: Any])?["Availability"] as? String == "drain")
        #expect(s.meantToRunOn("worker-3") == 0)
        #expect(s.tasks(of: "reports").contains { s.state($0) == "failed" })
        #expect(s.running("agent") == 9)
    }

    @Test func largeHoldsAThousandNodesAndTwentyThousandTasks() throws {
        let s = try Snapshot("large", at: "90s")
        #expect(s.nodes.count == 1_000)
        #expect(s.services.count == 12)
        // One live task per slot and per global node: meant to run, or a restart held at ready.
        let live = s.tasks.filter { ["running", "ready"].contains($0["DesiredState"] as? String ?? "") }.count
        #expect(live == 20_000)
        #expect(s.running("frontend") == 3_000)
        #expect(s.running("agent") == 1_000)
    }

    @Test func nodeFailureMovesTheTasksAndTheNodeComesBack() throws {
        let down = try Snapshot("node-failure", at: "3m")
        #expect(down.nodeState("worker-2") == "down")
        // Its tasks keep their last reported state (the managers cannot hear from it) but are
        // told to shut down, and replacements run elsewhere.
        #expect(down.meantToRunOn("worker-2") == 0)
        #expect(down.running("web") == 8)
        let back = try Snapshot("node-failure", at: "10m")
        #expect(back.nodeState("worker-2") == "ready")
        #expect(back.running("web") == 12)
        #expect(back.meantToRunOn("worker-2") > 0)
    }

    @Test func crashLoopKeepsHistoryAndGivesUpAfterMaxAttempts() throws {
        let s = try Snapshot("crash-loop", at: "10m")
        let failed = s.tasks(of: "billing").filter { s.state($0) == "failed" }
        #expect(!failed.isEmpty)
        #expect(failed.allSatisfy { s.err($0) == "task: non-zero exit (1)" })
        // History is capped at five tasks per slot.
        let slots = Dictionary(grouping: s.tasks(of: "billing"), by: { $0["Slot"] as? Int ?? 0 })
        #expect(slots.values.allSatisfy { $0.count <= 5 } && slots.values.contains { $0.count == 5 })
        // worker-flaky's policy allows three restarts a minute: each slot holds the first task and
        // three restarts, all failed, and the supervisor gives up.
        let flaky = try Snapshot("crash-loop", at: "70s")
        #expect(flaky.running("worker-flaky") == 0)
        let flakySlots = Dictionary(grouping: flaky.tasks(of: "worker-flaky"), by: { $0["Slot"] as? Int ?? 0 })
        #expect(flakySlots.count == 2 && flakySlots.values.allSatisfy { $0.count == 4 }, "\(flakySlots.mapValues(\.count))")
    }

    @Test func rollingUpdatePausesOneServiceAndRollsBackTheOther() throws {
        let s = try Snapshot("rolling-update", at: "5m")
        #expect(s.updateState("shop") == "paused")
        #expect(s.updateState("search") == "rollback_completed")
        let searchImages = Set(s.tasks(of: "search").filter { $0["DesiredState"] as? String == "running" }
            .compactMap { (($0["Spec"] as? [String: Any])?["ContainerSpec"] as? [String: Any])?["Image"] as? String })
        #expect(searchImages == ["search:7.1"])
    }

    @Test func quorumLossRefusesChangesUntilAManagerReturns() throws {
        let lost = try Snapshot("quorum-loss", at: "3m")
        #expect(lost.leader == nil)
        // The scale to 6 at 3m was refused; the four running tasks kept running.
        #expect(lost.running("web") == 4)
        #expect(lost.tasks(of: "web").count == 4)
        let back = try Snapshot("quorum-loss", at: "10m")
        #expect(back.leader != nil)
        #expect(back.running("web") == 6)
    }

    @Test func capacityLeavesTasksPendingWithTheSchedulersReason() throws {
        let s = try Snapshot("capacity", at: "1m")
        let pending = s.tasks.filter { s.state($0) == "pending" }
        #expect(!pending.isEmpty)
        #expect(pending.allSatisfy { s.err($0).hasPrefix("no suitable node (") })
        #expect(s.tasks(of: "db").allSatisfy { s.err($0).contains("scheduling constraints not satisfied") })
        #expect(s.tasks(of: "gpu-job").allSatisfy { s.err($0).contains("insufficient resources") })
        let later = try Snapshot("capacity", at: "10m")
        #expect(later.running("db") == 1)
    }

    @Test func scenariosListNamesEveryBundledScenario() throws {
        let result = try SwarmtopProcess.run(["scenarios", "list"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["default", "node-failure", "crash-loop", "rolling-update", "quorum-loss", "capacity", "large"] {
            #expect(result.stdout.contains("\n\(name) ") || result.stdout.hasPrefix("\(name) "), "\(name) missing:\n\(result.stdout)")
        }
    }
}
