import SwarmModel

/// Everything that can change the dashboard.
public enum DashboardEvent: Sendable {
    case input(InputEvent)
    case cluster(ClusterEvent)
    case clock(ClockState)
}

/// What the reducer asks the outside world to do.
public enum Effect: Hashable, Sendable {
    /// Send an action to the source (engine or Docker); its answer comes back as an event.
    case send(ClusterAction)
    case setPaused(Bool)
    case setSpeed(Double)
    /// Draw in this theme from now on (the terminal maps roles to colours).
    case setTheme(Theme)
    /// Add a marker to the recording: with a name (`:mark NAME`), or numbered (`m`).
    case marker(String?)
    case quit
}

/// The dashboard's logic: a pure function from a state and an event to the next state and
/// the effects to carry out. It never edits the cluster except by applying source events.
public enum Reducer {
    /// Applies `event` to `state` and returns the effects to carry out, in order.
    ///
    /// It keeps the rows of the lists on screen current: a cluster event moves the rows it
    /// changes (O(log n) each), and a new filter, sort or drill-down level makes its list
    /// afresh (O(n) for a task list, see `TaskIndex`), so that `render` only reads the rows
    /// it shows.
    public static func reduce(_ state: inout DashboardState, _ event: DashboardEvent) -> [Effect] {
        switch event {
        case .cluster(let e):
            apply(e, to: &state)
            return []
        case .clock(let clock):
            state.clock = clock
            return []
        case .input(let input):
            // Input may change a filter, a sort or the drill-down: the lists follow.
            let effects = effects(of: input, &state)
            state.refreshIndexes()
            return effects
        }
    }

    private static func effects(of input: InputEvent, _ state: inout DashboardState) -> [Effect] {
        switch input {
        case .resize(let w, let h):
            state.width = max(0, w)
            state.height = max(0, h)
            return []
        case .terminate:
            return [.quit]
        case .mouse(let m):
            mouse(m, &state)
            return []
        case .key(let key):
            if key == .control("c") { return [.quit] }
            switch state.mode {
            case .normal: return normalKey(key, &state)
            case .help:
                state.mode = .normal
                return []
            case .filter(let text): return filterKey(key, text, &state)
            case .command(let text): return commandKey(key, text, &state)
            case .scale(let service, let text): return scaleKey(key, service, text, &state)
            case .confirm(let c): return confirmKey(key, c, &state)
            }
        }
    }

    // MARK: Source events

    static func apply(_ e: ClusterEvent, to state: inout DashboardState) {
        state.log.record(e, before: state.cluster)
        state.applyToCluster(e)
        if state.clock.now < e.time { state.clock.now = e.time }
        switch e.change {
        case .actionAnswered(let action, let outcome):
            state.pendingActions = max(0, state.pendingActions - 1)
            switch outcome {
            case .accepted: state.status = StatusMessage("✓ \(action)")
            case .refused(let reason): state.status = StatusMessage("✗ \(action): \(reason)", isError: true)
            }
        default:
            break
        }
        // A drilled-into object that is gone takes its level with it.
        while let level = state.drill.last, !exists(level, in: state.cluster) {
            state.drill.removeLast()
            state.status = StatusMessage("the object you were looking at is gone")
            state.refreshIndexes()
        }
    }

    static func exists(_ level: Drill, in cluster: Cluster) -> Bool {
        switch level {
        case .node(let id): cluster.nodes[id] != nil
        case .service(let id): cluster.services[id] != nil
        case .task(let id): cluster.tasks[id] != nil
        }
    }

    // MARK: Normal mode

    static func normalKey(_ key: Key, _ s: inout DashboardState) -> [Effect] {
        let list = s.focusedList
        switch key {
        case .character("q"): return [.quit]
        case .character("?"): s.mode = .help
        case .character("j"), .down: move(by: 1, &s)
        case .character("k"), .up: move(by: -1, &s)
        case .character("g"), .home: move(to: 0, &s)
        case .character("G"), .end: move(to: Int.max, &s)
        case .pageDown: move(by: max(1, pageSize(s) - 1), &s)
        case .pageUp: move(by: -max(1, pageSize(s) - 1), &s)
        case .tab: focus(Pane(rawValue: (s.focus.rawValue + 1) % 4) ?? .nodes, &s)
        case .backTab: focus(Pane(rawValue: (s.focus.rawValue + 3) % 4) ?? .nodes, &s)
        case .character(let c) where ("1"..."4").contains(c):
            focus(Pane(rawValue: Int(String(c)).map { $0 - 1 } ?? 0) ?? .nodes, &s)
        case .enter: drillIn(&s)
        case .escape:
            if !s.drill.isEmpty {
                s.drill.removeLast()
            } else if !s.list(list).filter.isEmpty {
                s.lists[list, default: ListState()].filter = ""
            } else {
                s.status = nil
            }
        case .character("/"): s.mode = .filter(s.list(list).filter)
        case .character(":"): s.mode = .command("")
        case .character("<"): sort(column: s.list(list).sort.column - 1, &s)
        case .character(">"): sort(column: s.list(list).sort.column + 1, &s)
        case .character(let c) where c.isUppercase && c.isLetter:
            let columns = DashboardState.columns(list)
            if let i = columns.firstIndex(where: { $0.title.hasPrefix(String(c)) }) {
                let current = s.list(list).sort
                if current.column == i {
                    s.lists[list, default: ListState()].sort.ascending.toggle()
                } else {
                    sort(column: i, &s)
                }
            }
        case .character("d"): return nodeAction(.drain, &s)
        case .character("a"): return nodeAction(.active, &s)
        case .character("p"): return nodeAction(.pause, &s)
        case .character("+"): return roleAction(promote: true, &s)
        case .character("-"): return roleAction(promote: false, &s)
        case .character("s"):
            guard !refuseReadOnly(&s) else { return [] }
            guard let service = selectedService(s) else {
                s.status = StatusMessage("scale: select a service first (pane 2)", isError: true)
                return []
            }
            s.mode = .scale(service: service.spec.name, text: service.spec.mode.replicas.map(String.init) ?? "")
            if case .global = service.spec.mode {
                s.mode = .normal
                s.status = StatusMessage("✗ scale \(service.spec.name): scale can only be used with replicated or replicated-job mode", isError: true)
            }
        case .character(" "):
            guard s.clock.controllable else { break }
            return [.setPaused(!s.clock.paused)]
        case .character("t"): return nextTheme(&s)
        case .character("]"):
            guard s.clock.controllable else { break }
            return [.setSpeed(min(s.clock.speed * 2, 1024))]
        case .character("["):
            guard s.clock.controllable else { break }
            return [.setSpeed(max(s.clock.speed / 2, 1.0 / 16))]
        case .character("m"): return [.marker(nil)]
        default: break
        }
        return []
    }

    static func focus(_ pane: Pane, _ s: inout DashboardState) {
        s.drill = []
        s.focus = pane
    }

    static func sort(column: Int, _ s: inout DashboardState) {
        let list = s.focusedList
        let count = DashboardState.columns(list).count
        s.lists[list, default: ListState()].sort = SortOrder(column: (column % count + count) % count, ascending: true)
    }

    /// Rows the focused list shows at once.
    static func pageSize(_ s: DashboardState) -> Int {
        Layout.visibleRows(in: listBox(s.focusedList, s))
    }

    /// The box a list is drawn in.
    static func listBox(_ list: ListID, _ s: DashboardState) -> Rect {
        let layout = Layout(width: s.width, height: s.height)
        switch list {
        case .nodes: return layout.pane(.nodes)
        case .services: return layout.pane(.services)
        case .tasks: return layout.pane(.tasks)
        case .events: return layout.pane(.events)
        case .nodeTasks, .serviceTasks, .taskTimeline: return layout.detailList(infoLines: DetailView.infoLineCount(s))
        }
    }

    static func move(by delta: Int, _ s: inout DashboardState) {
        let list = s.focusedList
        let rows = s.rowList(list)
        let current = currentIndex(rows, s.list(list))
        move(to: current + delta, rows: rows, &s)
    }

    static func move(to index: Int, _ s: inout DashboardState) {
        move(to: index, rows: s.rowList(s.focusedList), &s)
    }

    private static func move(to index: Int, rows: RowList, _ s: inout DashboardState) {
        let list = s.focusedList
        guard !rows.isEmpty else { return }
        let i = min(max(0, index), rows.count - 1)
        var view = s.list(list)
        view.selectedIndex = i
        view.selectedKey = rows[i]
        let visible = max(1, Layout.visibleRows(in: listBox(list, s)))
        if i < view.scroll { view.scroll = i }
        if i >= view.scroll + visible { view.scroll = i - visible + 1 }
        s.lists[list] = view
    }

    /// Where the selection is now: its key's row, else its last index (clamped).
    /// - Complexity: O(log n) for an indexed list.
    static func currentIndex(_ rows: RowList, _ view: ListState) -> Int {
        if let key = view.selectedKey, let i = rows.position(of: key) { return i }
        return min(view.selectedIndex, max(0, rows.count - 1))
    }

    static func selectedRow(_ s: DashboardState) -> RowKey? {
        let rows = s.rowList(s.focusedList)
        guard !rows.isEmpty else { return nil }
        return rows[currentIndex(rows, s.list(s.focusedList))]
    }

    static func drillIn(_ s: inout DashboardState) {
        guard let row = selectedRow(s) else { return }
        switch row {
        case .node(let id): s.drill.append(.node(id))
        case .service(let id): s.drill.append(.service(id))
        case .task(let id, _):
            if s.drill.last != .task(id) { s.drill.append(.task(id)) }
        case .event, .step: break
        }
    }

    // MARK: Actions

    static func selectedNode(_ s: DashboardState) -> Node? {
        if case .node(let id)? = s.drill.last { return s.cluster.nodes[id] }
        if s.drill.isEmpty, s.focus == .nodes, case .node(let id)? = selectedRow(s) { return s.cluster.nodes[id] }
        return nil
    }

    static func selectedService(_ s: DashboardState) -> Service? {
        if case .service(let id)? = s.drill.last { return s.cluster.services[id] }
        if s.drill.isEmpty, s.focus == .services, case .service(let id)? = selectedRow(s) { return s.cluster.services[id] }
        return nil
    }

    static func refuseReadOnly(_ s: inout DashboardState) -> Bool {
        guard s.readOnly else { return false }
        s.status = StatusMessage("read-only: actions are disabled (started with --read-only)", isError: true)
        return true
    }

    static func nodeAction(_ availability: NodeAvailability, _ s: inout DashboardState) -> [Effect] {
        guard !refuseReadOnly(&s) else { return [] }
        guard let node = selectedNode(s) else {
            s.status = StatusMessage("\(ClusterAction.setAvailability(node: "", availability).verb): select a node first (pane 1)", isError: true)
            return []
        }
        ask(.setAvailability(node: node.description.hostname, availability), &s)
        return []
    }

    static func roleAction(promote: Bool, _ s: inout DashboardState) -> [Effect] {
        guard !refuseReadOnly(&s) else { return [] }
        guard let node = selectedNode(s) else {
            s.status = StatusMessage("\(promote ? "promote" : "demote"): select a node first (pane 1)", isError: true)
            return []
        }
        let host = node.description.hostname
        ask(promote ? .promote(node: host) : .demote(node: host), &s)
        return []
    }

    /// Opens the confirmation for an action, with its consequence computed from the cluster now.
    static func ask(_ action: ClusterAction, _ s: inout DashboardState) {
        switch Consequence.of(action, in: s.cluster) {
        case .confirm(let question, let consequence):
            s.mode = .confirm(Confirmation(action: action, question: question, consequence: consequence))
        case .nothingToDo(let reason):
            s.status = StatusMessage(reason)
        case .invalid(let reason):
            s.status = StatusMessage(reason, isError: true)
        }
    }

    static func confirmKey(_ key: Key, _ c: Confirmation, _ s: inout DashboardState) -> [Effect] {
        switch key {
        case .character("y"), .character("Y"), .enter:
            s.mode = .normal
            s.pendingActions += 1
            s.status = StatusMessage("… \(c.action)")
            return [.send(c.action)]
        case .character("n"), .character("N"), .escape, .character("q"):
            s.mode = .normal
            s.status = StatusMessage("cancelled: \(c.action)")
        default: break
        }
        return []
    }

    // MARK: Text entry

    static func filterKey(_ key: Key, _ text: String, _ s: inout DashboardState) -> [Effect] {
        let list = s.focusedList
        var text = text
        switch key {
        case .enter:
            s.mode = .normal
            return []
        case .escape:
            text = ""
            s.mode = .normal
        case .backspace, .delete:
            if !text.isEmpty { text.removeLast() }
            s.mode = .filter(text)
        case .character(let c):
            text.append(c)
            s.mode = .filter(text)
        default:
            return []
        }
        s.lists[list, default: ListState()].filter = text
        s.lists[list, default: ListState()].selectedIndex = 0
        s.lists[list, default: ListState()].selectedKey = nil
        s.lists[list, default: ListState()].scroll = 0
        return []
    }

    static func scaleKey(_ key: Key, _ service: String, _ text: String, _ s: inout DashboardState) -> [Effect] {
        switch key {
        case .escape: s.mode = .normal
        case .backspace, .delete: s.mode = .scale(service: service, text: String(text.dropLast()))
        case .character(let c) where c.isNumber: s.mode = .scale(service: service, text: text + String(c))
        case .enter:
            s.mode = .normal
            guard let n = Int(text), n >= 0 else {
                s.status = StatusMessage("scale \(service): '\(text)' is not a number of replicas", isError: true)
                return []
            }
            ask(.scale(service: service, replicas: n), &s)
        default: break
        }
        return []
    }

    static func commandKey(_ key: Key, _ text: String, _ s: inout DashboardState) -> [Effect] {
        switch key {
        case .escape: s.mode = .normal
        case .backspace, .delete:
            if text.isEmpty { s.mode = .normal } else { s.mode = .command(String(text.dropLast())) }
        case .character(let c): s.mode = .command(text + String(c))
        case .tab:
            let (completed, candidates) = Commands.complete(text, in: s.cluster, themes: s.themes.names)
            s.mode = .command(completed)
            if candidates.count > 1 { s.status = StatusMessage(candidates.joined(separator: "  ")) }
        case .enter:
            s.mode = .normal
            switch Commands.parse(text, in: s.cluster) {
            case .quit: return [.quit]
            case .help: s.mode = .help
            case .theme(let name): return theme(name, &s)
            case .mark(let name): return [.marker(name)]
            case .action(let action):
                guard !refuseReadOnly(&s) else { return [] }
                ask(action, &s)
            case .error(let message): s.status = StatusMessage(message, isError: true)
            case .empty: break
            }
        default: break
        }
        return []
    }

    // MARK: Mouse

    static func mouse(_ m: MouseEvent, _ s: inout DashboardState) {
        guard case .normal = s.mode else { return }
        let layout = Layout(width: s.width, height: s.height)
        guard !layout.tooSmall else { return }
        if s.drill.isEmpty, let pane = Pane.allCases.first(where: { layout.pane($0).contains(x: m.x, y: m.y) }) {
            s.focus = pane
        }
        let list = s.focusedList
        let box = listBox(list, s)
        switch m.kind {
        case .wheelUp: move(by: -3, &s)
        case .wheelDown: move(by: 3, &s)
        case .press:
            let row = m.y - box.inner.y - 1
            guard box.contains(x: m.x, y: m.y), row >= 0 else { return }
            move(to: s.list(list).scroll + row, &s)
        }
    }
}
