import Foundation
import SwarmEngine
import SwarmModel
import SwarmScenario
import Testing

/// Every scenario in demo/ loads and runs ten simulated minutes without breaking the engine's
/// invariants. New scenarios are picked up from the folder.
@Suite struct DemoScenarioTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demo")

    static var scenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: demo.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreAtLeastSevenScenariosWithDescriptions() throws {
        let names = Self.scenarios
        #expect(names.count >= 7, "\(names)")
        for name in ["default", "node-failure", "crash-loop", "rolling-update", "quorum-loss", "capacity", "large"] {
            #expect(names.contains("\(name).yaml"))
        }
        for name in names {
            let scenario = try ScenarioLoader.load(path: Self.demo.appendingPathComponent(name).path)
            #expect(scenario.description?.isEmpty == false, "\(name) has no description")
        }
    }

    @Test(arguments: scenarios)
    func runsTenMinutesKeepingTheInvariants(_ name: String) throws {
        let scenario = try ScenarioLoader.load(path: Self.demo.appendingPathComponent(name).path)
        var engine = Engine(setup: scenario.setup)
        var lastState: [TaskID: TaskState] = [:]
        for _ in 0..<60 {
            engine.advance(by: .seconds(10))
            for event in engine.pollEvents() {
                switch event.change {
                case .taskUpdated(let task, let previous, _):
                    #expect(task.state >= previous, "\(name): \(task.id) went from \(previous) to \(task.state)")
                    if let seen = lastState[task.id] { #expect(task.state >= seen, "\(name): \(task.id) moved backwards") }
                    lastState[task.id] = task.state
                case .taskRemoved(let task):
                    lastState[task.id] = nil
                default:
                    break
                }
            }
            var perSlot: [SlotKey: Int] = [:]
            for task in engine.cluster.tasks.values { if let key = task.slotKey { perSlot[key, default: 0] += 1 } }
            #expect(perSlot.values.allSatisfy { $0 <= Engine.taskHistoryLimit }, "\(name): a slot holds more than five tasks")
            let counted = TaskState.allCases.reduce(0) { $0 + engine.cluster.count(of: $1) }
            #expect(counted == engine.cluster.tasks.count, "\(name): state counters disagree with the tasks")
        }
        // Settled: nothing meant to run sits on a drained or down node.
        guard engine.leaderID != nil else { return }
        for node in engine.cluster.orderedNodes where node.spec.availability == .drain || node.status.state == .down {
            let running = engine.cluster.tasks(onNode: node.id).filter { $0.desiredState == .running && $0.state == .running }
            #expect(running.isEmpty, "\(name): \(running.count) tasks still running on \(node.description.hostname)")
        }
    }
}
