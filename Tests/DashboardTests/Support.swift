import Dashboard
import Foundation
import SwarmEngine
import SwarmModel
import SwarmScenario
import Testing

/// Dashboards fed by the embedded engine, exactly as the app feeds them: events through the reducer.
enum Demo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func setup(_ name: String = "default") -> EngineSetup {
        do {
            return try ScenarioLoader.load(path: root.appendingPathComponent("demo/\(name).yaml").path).setup
        } catch {
            Issue.record("cannot load demo/\(name).yaml: \(error)")
            return EngineSetup()
        }
    }

    /// An engine run to `at`, and a dashboard that has seen every event.
    static func dashboard(setup: EngineSetup? = nil, at: Duration = .seconds(90), width: Int = 120, height: Int = 40, readOnly: Bool = false) -> (Engine, DashboardState) {
        var engine = Engine(setup: setup ?? Self.setup())
        var state = DashboardState(
            clusterName: engine.clusterName, source: .embedded, clock: ClockState(start: engine.startTime, now: engine.now),
            readOnly: readOnly, width: width, height: height)
        engine.advance(to: engine.startTime + at)
        feed(&engine, &state)
        return (engine, state)
    }

    /// Hands the engine's new events to the dashboard.
    static func feed(_ engine: inout Engine, _ state: inout DashboardState) {
        for e in engine.pollEvents() { _ = Reducer.reduce(&state, .cluster(e)) }
        state.clock.now = engine.now
    }

    /// Presses keys; returns every effect.
    @discardableResult
    static func press(_ keys: [Key], _ state: inout DashboardState) -> [Effect] {
        keys.flatMap { Reducer.reduce(&state, .input(.key($0))) }
    }

    /// Carries out effects the way the app does: actions go to the engine.
    static func run(_ effects: [Effect], _ engine: inout Engine, _ state: inout DashboardState) {
        for case .send(let action) in effects { engine.apply(action) }
        feed(&engine, &state)
    }
}

extension Key {
    static func chars(_ s: String) -> [Key] { s.map { .character($0) } }
}
