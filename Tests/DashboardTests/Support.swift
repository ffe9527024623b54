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

    /// The first column of the focused list's selected row.
    static func selectedFirstCell(_ state: DashboardState) -> String? {
        let list = state.focusedList
        let rows = state.rows(list)
        guard !rows.isEmpty else { return nil }
        let view = state.list(list)
        let index = view.selectedKey.flatMap { rows.firstIndex(of: $0) } ?? min(view.selectedIndex, rows.count - 1)
        return state.cells(rows[index], in: list).first?.text
    }

    /// Focuses `pane` (a digit key, if given) and walks the selection down from the top to the
    /// row whose first column is `name`, as an operator would: no filter is left behind.
    static func walk(to name: String, pane: Character? = nil, _ state: inout DashboardState, sourceLocation: SourceLocation = #_sourceLocation) {
        if let pane { press([.character(pane)], &state) }
        press([.character("g")], &state)
        for _ in 0..<state.rows(state.focusedList).count {
            if selectedFirstCell(state) == name { return }
            press([.character("j")], &state)
        }
        if selectedFirstCell(state) != name {
            Issue.record("no row '\(name)' in \(state.focusedList)", sourceLocation: sourceLocation)
        }
    }
}

extension Key {
    static func chars(_ s: String) -> [Key] { s.map { .character($0) } }
}
