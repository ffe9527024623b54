import Dashboard
import SwarmEngine
import SwarmModel
import Testing

@Suite struct ReducerTests {
    /// Focuses a pane and selects the row whose first column is `name` (via the filter).
    func select(_ name: String, pane: Character, _ state: inout DashboardState) {
        Demo.press([.character(pane), .character("/")] + Key.chars(name) + [.enter], &state)
    }

    func selectedFirstCell(_ state: DashboardState) -> String? {
        let list = state.focusedList
        let rows = state.rows(list)
        guard !rows.isEmpty else { return nil }
        let view = state.list(list)
        let index = view.selectedKey.flatMap { rows.firstIndex(of: $0) } ?? min(view.selectedIndex, rows.count - 1)
        return state.cells(rows[index], in: list).first?.text
    }

    @Test func movementKeysWalkTheFocusedList() {
        var (_, state) = Demo.dashboard()
        #expect(selectedFirstCell(state) == "manager-1")
        Demo.press([.character("j"), .character("j")], &state)
        #expect(selectedFirstCell(state) == "manager-3")
        Demo.press([.character("k")], &state)
        #expect(selectedFirstCell(state) == "manager-2")
        Demo.press([.character("G")], &state)
        #expect(selectedFirstCell(state) == "worker-7")
        Demo.press([.character("g")], &state)
        #expect(selectedFirstCell(state) == "manager-1")
        Demo.press([.pageDown], &state)
        #expect(selectedFirstCell(state) != "manager-1")
    }

    @Test func tabAndNumbersSwitchPanes() {
        var (_, state) = Demo.dashboard()
        Demo.press([.tab], &state)
        #expect(state.focus == .services)
        Demo.press([.backTab, .backTab], &state)
        #expect(state.focus == .events)
        Demo.press([.character("3")], &state)
        #expect(state.focus == .tasks)
    }

    @Test func enterDrillsDownAndEscapeComesBack() {
        var (_, state) = Demo.dashboard()
        select("api", pane: "2", &state)
        Demo.press([.enter], &state)
        guard case .service(let id)? = state.drill.last else {
            Issue.record("not in a service")
            return
        }
        #expect(state.cluster.services[id]?.spec.name == "api")
        let screen = DashboardView.render(state).text
        #expect(screen.contains("Services › api"))
        Demo.press([.enter], &state)
        guard case .task? = state.drill.last else {
            Issue.record("not in a task")
            return
        }
        let timeline = DashboardView.render(state).text
        #expect(timeline.contains("State timeline"))
        #expect(timeline.contains("Preparing") && timeline.contains("Running"))
        Demo.press([.escape, .escape], &state)
        #expect(state.drill.isEmpty)
    }

    @Test func drainAsksWithTheConsequenceThenTheEngineMovesTheTasks() {
        var (engine, state) = Demo.dashboard()
        select("worker-1", pane: "1", &state)
        let before = engine.cluster.tasks(onNode: engine.cluster.node(named: "worker-1")!.id).filter { $0.desiredState == .running && $0.slot != nil }.count
        var effects = Demo.press([.character("d")], &state)
        #expect(effects.isEmpty)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.question == "Drain worker-1?")
        #expect(c.consequence.hasPrefix("\(before) running tasks will be moved"))
        let dialog = DashboardView.render(state).text
        #expect(dialog.contains("Drain worker-1?"))
        // The UI does not change its own copy: only the engine's events do.
        effects = Demo.press([.character("y")], &state)
        #expect(effects == [.send(.setAvailability(node: "worker-1", .drain))])
        #expect(state.cluster.node(named: "worker-1")?.spec.availability == .active)
        #expect(state.pendingActions == 1)
        Demo.run(effects, &engine, &state)
        engine.advance(by: .seconds(20))  // the demo's own timeline scales web at 2m
        Demo.feed(&engine, &state)
        #expect(state.pendingActions == 0)
        #expect(state.cluster.node(named: "worker-1")?.spec.availability == .drain)
        #expect(state.status?.text == "✓ drain worker-1")
        let screen = DashboardView.render(state).text
        #expect(screen.contains("Drain"))
        // The events pane shows the line (cut with "…" at 120 columns, next to its time).
        #expect(state.log.lines.contains { $0.text == "node worker-1 availability active → drain" })
        #expect(screen.contains("node worker-1 availability active →"))
    }

    @Test func cancellingAConfirmationSendsNothing() {
        var (_, state) = Demo.dashboard()
        select("worker-2", pane: "1", &state)
        Demo.press([.character("p")], &state)
        let effects = Demo.press([.character("n")], &state)
        #expect(effects.isEmpty)
        #expect(state.mode == .normal)
        #expect(state.status?.text == "cancelled: pause worker-2")
    }

    @Test func demotingTheLastManagerShowsSwarmkitsRefusal() {
        var setup = Demo.setup()
        setup.nodes = setup.nodes.enumerated().map { i, n in
            var n = n
            if n.role == .manager && i > 0 { n.role = .worker }
            return n
        }
        var (engine, state) = Demo.dashboard(setup: setup)
        select("manager-1", pane: "1", &state)
        Demo.press([.character("-")], &state)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.question == "Demote manager-1?")
        #expect(c.consequence.hasPrefix("managers 1 → 0, fault tolerance 0 → 0"))
        let effects = Demo.press([.enter], &state)
        Demo.run(effects, &engine, &state)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.hasSuffix("attempting to demote the last manager of the swarm") == true)
        #expect(DashboardView.render(state).lines.last?.contains("attempting to demote the last manager") == true)
    }

    @Test func promoteShowsTheManagerCountChange() {
        var (engine, state) = Demo.dashboard()
        select("worker-3", pane: "1", &state)
        Demo.press([.character("+")], &state)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.question == "Promote worker-3?")
        #expect(c.consequence == "managers 3 → 4, fault tolerance 1 → 1")
        Demo.run(Demo.press([.character("y")], &state), &engine, &state)
        #expect(state.managers.total == 4)
        #expect(DashboardView.render(state).lines[0].contains("managers 4/4"))
    }

    @Test func scalePromptStartsFromTheCurrentReplicas() {
        var (engine, state) = Demo.dashboard()
        select("api", pane: "2", &state)
        Demo.press([.character("s")], &state)
        #expect(state.mode == .scale(service: "api", text: "4"))
        Demo.press([.backspace, .character("0"), .enter], &state)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.question == "Scale api 4 → 0?")
        #expect(c.consequence == "all tasks will be removed")
        Demo.run(Demo.press([.character("y")], &state), &engine, &state)
        engine.advance(by: .seconds(20))
        Demo.feed(&engine, &state)
        let api = state.cluster.service(named: "api")
        #expect(api.map { state.cluster.runningCount(ofService: $0.id) } == 0)
    }

    @Test func scalingAGlobalServiceIsRefusedAtOnce() {
        var (_, state) = Demo.dashboard()
        select("agent", pane: "2", &state)
        Demo.press([.character("s")], &state)
        #expect(state.mode == .normal)
        #expect(state.status?.text.contains("scale can only be used with replicated or replicated-job mode") == true)
    }

    @Test func readOnlyRefusesEveryAction() {
        var (_, state) = Demo.dashboard(readOnly: true)
        select("worker-1", pane: "1", &state)
        for key in ["d", "a", "p", "+", "-"] {
            let effects = Demo.press(Key.chars(key), &state)
            #expect(effects.isEmpty)
            #expect(state.mode == .normal)
            #expect(state.status?.text.hasPrefix("read-only") == true)
        }
        Demo.press([.character(":")] + Key.chars("drain worker-1") + [.enter], &state)
        #expect(state.mode == .normal)
        #expect(!DashboardView.render(state).lines.last!.contains("d drain"))
    }

    @Test func actionsNeedTheRightKindOfRow() {
        var (_, state) = Demo.dashboard()
        Demo.press([.character("2"), .character("d")], &state)
        #expect(state.status == StatusMessage("drain: select a node first (pane 1)", isError: true))
    }

    @Test func filterNarrowsAndBangInverts() {
        var (_, state) = Demo.dashboard()
        Demo.press([.character("/")] + Key.chars("worker") + [.enter], &state)
        #expect(state.rows(.nodes).count == 7)
        Demo.press([.character("/"), .backspace, .backspace, .backspace, .backspace, .backspace, .backspace] + Key.chars("!worker") + [.enter], &state)
        #expect(state.rows(.nodes).count == 3)
        #expect(DashboardView.render(state).text.contains("Nodes (3) /!worker"))
        Demo.press([.escape], &state)
        #expect(state.rows(.nodes).count == 10)
    }

    @Test func commandLineCompletesNamesAndRuns() {
        var (_, state) = Demo.dashboard()
        Demo.press([.character(":")] + Key.chars("dr") + [.tab], &state)
        #expect(state.mode == .command("drain "))
        Demo.press(Key.chars("worker-") + [.tab], &state)
        #expect(state.mode == .command("drain worker-"))
        #expect(state.status?.text.contains("worker-7") == true)
        Demo.press(Key.chars("5") + [.enter], &state)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.action == .setAvailability(node: "worker-5", .drain))
        Demo.press([.escape, .character(":")] + Key.chars("scale web=9") + [.enter], &state)
        if case .confirm(let c) = state.mode { #expect(c.question == "Scale web 6 → 9?") } else { Issue.record("no scale confirmation") }
        Demo.press([.escape, .character(":")] + Key.chars("dran worker-1") + [.enter], &state)
        #expect(state.status?.isError == true)
        #expect(state.status?.text.hasPrefix("unknown command ':dran'") == true)
        #expect(Demo.press([.character(":"), .character("q"), .enter], &state) == [.quit])
    }

    @Test func shiftLetterAndArrowsSortByColumn() {
        var (_, state) = Demo.dashboard()
        Demo.press([.character("T")], &state)
        #expect(state.list(.nodes).sort == SortOrder(column: 5, ascending: true))
        #expect(DashboardView.render(state).text.contains("TASKS↑"))
        Demo.press([.character("T")], &state)
        #expect(state.list(.nodes).sort.ascending == false)
        Demo.press([.character("<")], &state)
        #expect(state.list(.nodes).sort == SortOrder(column: 4, ascending: true))
        Demo.press([.character("H")], &state)
        let names = state.rows(.nodes).map { state.cells($0, in: .nodes)[0].text }
        #expect(names == names.sorted())
    }

    @Test func theClockKeysAskForPauseAndSpeed() {
        var (_, state) = Demo.dashboard()
        #expect(Demo.press([.character(" ")], &state) == [.setPaused(true)])
        #expect(Demo.press([.character("]")], &state) == [.setSpeed(2)])
        #expect(Demo.press([.character("[")], &state) == [.setSpeed(0.5)])
    }

    @Test func quitKeysQuit() {
        var (_, state) = Demo.dashboard()
        #expect(Demo.press([.character("q")], &state) == [.quit])
        #expect(Demo.press([.control("c")], &state) == [.quit])
        #expect(Reducer.reduce(&state, .input(.terminate)) == [.quit])
        Demo.press([.character(":")], &state)
        #expect(Demo.press([.control("c")], &state) == [.quit])
    }

    @Test func aClickSelectsThePaneAndTheRow() {
        var (_, state) = Demo.dashboard()
        let box = Layout(width: 120, height: 40).pane(.services)
        Reducer.reduce(&state, .input(.mouse(MouseEvent(x: box.x + 3, y: box.y + 4, kind: .press))))
        #expect(state.focus == .services)
        #expect(selectedFirstCell(state) == "db")
        Reducer.reduce(&state, .input(.mouse(MouseEvent(x: box.x + 3, y: box.y + 4, kind: .wheelDown))))
        #expect(selectedFirstCell(state) == "web")
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        var (_, state) = Demo.dashboard()
        Demo.press([.character("?")], &state)
        #expect(DashboardView.render(state).text.contains("Keys — any key closes"))
        Demo.press([.character("x")], &state)
        #expect(state.mode == .normal)
    }

    @Test func aTerminalTooSmallSaysSo() {
        var (_, state) = Demo.dashboard(width: 50, height: 12)
        #expect(DashboardView.render(state).text.contains("terminal too small: need 60×15, have 50×12"))
        Reducer.reduce(&state, .input(.resize(width: 60, height: 15)))
        #expect(!DashboardView.render(state).text.contains("too small"))
        Reducer.reduce(&state, .input(.resize(width: 3, height: 1)))
        _ = DashboardView.render(state)
        Reducer.reduce(&state, .input(.resize(width: 0, height: 0)))
        #expect(DashboardView.render(state).cells.isEmpty)
    }

    @Test func textFromTheClusterCannotReachTheTerminalRaw() {
        var (engine, state) = Demo.dashboard()
        engine.apply(.addNode(NodeTemplate(hostname: "evil\u{1B}]0;pwned\u{07}\u{1B}[31mnode\u{9B}2J", labels: ["x": "\u{1B}[5m"])))
        Demo.feed(&engine, &state)
        let canvas = DashboardView.render(state)
        for cell in canvas.cells {
            #expect(!cell.character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        #expect(canvas.text.contains("evilnode"))
    }

    @Test func wideHostnamesKeepColumnsAligned() {
        var (engine, state) = Demo.dashboard()
        engine.apply(.addNode(NodeTemplate(hostname: "東京-1")))
        Demo.feed(&engine, &state)
        let canvas = DashboardView.render(state)
        let box = Layout(width: 120, height: 40).pane(.nodes)
        // The ROLE column starts at the same cell on every row, wide hostname or not.
        func roleColumn(_ y: Int) -> Int? {
            for x in (box.x + 3)..<(box.x + box.width) {
                let c: Character = canvas[x, y].character
                let gap = canvas[x - 1, y].character == " " && canvas[x - 2, y].character == " "
                if gap && (c == "w" || c == "m") { return x }
            }
            return nil
        }
        let rowsY = Array((box.y + 2)..<(box.y + box.height - 1))
        let starts = rowsY.compactMap(roleColumn)
        #expect(Set(starts).count == 1, "ROLE column starts at \(starts)")
    }
}

@Suite struct FaultInjectionCommandTests {
    @Test func failNodeAsksWithItsConsequenceAndTheEngineTakesTheNodeDown() {
        var (engine, state) = Demo.dashboard()
        Demo.press(Key.chars(":fail node worker-1") + [.enter], &state)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation: \(state.mode), status \(String(describing: state.status))")
            return
        }
        #expect(c.question == "Fail worker-1?")
        #expect(c.consequence.contains("are replaced elsewhere"))
        let effects = Demo.press(Key.chars("y"), &state)
        #expect(effects.contains(.send(.nodeDown(node: "worker-1"))))
        Demo.run(effects, &engine, &state)
        engine.advance(by: .seconds(30))
        Demo.feed(&engine, &state)
        #expect(state.cluster.node(named: "worker-1")?.status.state == .down)

        Demo.press(Key.chars(":recover node worker-1") + [.enter], &state)
        let back = Demo.press(Key.chars("y"), &state)
        #expect(back.contains(.send(.nodeUp(node: "worker-1"))))
    }

    @Test func killTaskByServiceSlotSendsTheTasksID() {
        var (engine, state) = Demo.dashboard()
        let live = state.cluster.task(named: "web.1")
        Demo.press(Key.chars(":kill task web.1") + [.enter], &state)
        guard case .confirm(let c) = state.mode else {
            Issue.record("no confirmation: \(state.mode)")
            return
        }
        #expect(c.question == "Kill web.1?")
        let effects = Demo.press(Key.chars("y"), &state)
        #expect(effects == [.send(.killTask(task: live?.id.rawValue ?? "?"))])
        Demo.run(effects, &engine, &state)
        #expect(state.cluster.tasks[live?.id ?? ""]?.state == .failed)
    }

    @Test func badFaultCommandsSayHowToWriteThem() {
        var (_, state) = Demo.dashboard()
        Demo.press(Key.chars(":fail worker-1") + [.enter], &state)
        #expect(state.status?.text == ":fail takes 'node' and a node, e.g. :fail node worker-1")
        Demo.press(Key.chars(":kill task nope.9") + [.enter], &state)
        #expect(state.status?.text == "no task named 'nope.9'")
    }
}
