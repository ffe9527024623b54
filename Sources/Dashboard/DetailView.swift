import SwarmFormat
import SwarmModel

/// A drill-down screen: the object's facts on top, its list below, a breadcrumb in the border.
enum DetailView {
    /// The facts of the object drilled into, one line each.
    static func infoLines(_ s: DashboardState) -> [[CellText]] {
        switch s.drill.last {
        case .node(let id)?:
            guard let node = s.cluster.nodes[id] else { return [] }
            let cells = s.nodeCells(node)
            let r = node.description.resources
            var lines: [[CellText]] = [
                [CellText("ID ", .muted), CellText(node.id.rawValue), CellText("   address ", .muted), CellText(node.status.addr ?? "—"),
                 CellText("   engine ", .muted), CellText(node.description.engine.engineVersion)],
                [CellText("role ", .muted), CellText(node.spec.role.rawValue), CellText("   availability ", .muted), cells[2],
                 CellText("   status ", .muted), cells[3], CellText("   manager ", .muted), cells[4].text.isEmpty ? CellText("—") : cells[4]],
                [CellText("resources ", .muted), CellText("\(cpus(r.nanoCPUs)) CPUs, \(bytes(r.memoryBytes))"),
                 CellText("   tasks running/active ", .muted), cells[5]],
                [CellText("labels ", .muted), CellText(cells[6].text.isEmpty ? "—" : cells[6].text)],
            ]
            if let message = node.status.message, !message.isEmpty {
                lines.append([CellText("message ", .muted), CellText(message, .warning)])
            }
            return lines
        case .service(let id)?:
            guard let service = s.cluster.services[id] else { return [] }
            let cells = s.serviceCells(service)
            let t = service.spec.taskTemplate
            let placement = t.placement
            let restart = t.restartPolicy ?? RestartPolicy()
            let update = service.spec.updateConfig ?? UpdateConfig()
            var lines: [[CellText]] = [
                [CellText("ID ", .muted), CellText(service.id.rawValue), CellText("   image ", .muted), CellText(t.image)],
                [CellText("mode ", .muted), CellText(service.spec.mode.name), CellText("   replicas ", .muted), cells[2]],
                [CellText("constraints ", .muted), CellText(placement?.constraints.joined(separator: ", ").nonEmpty ?? "—"),
                 CellText("   spread ", .muted), CellText(placement?.preferences.map(\.spreadDescriptor).joined(separator: ", ").nonEmpty ?? "—")],
                [CellText("restart ", .muted), CellText("\(restart.condition.rawValue), delay \(seconds(restart.delay)), max attempts \(restart.maxAttempts)"),
                 CellText("   update ", .muted),
                 CellText("parallelism \(update.parallelism), delay \(seconds(update.delay)), on failure \(update.failureAction.rawValue), \(update.order.rawValue)")],
            ]
            if let status = service.updateStatus, let state = status.state {
                lines.append([CellText("update status ", .muted), CellText(state.rawValue.replacingUnderscores, cells[4].role),
                              CellText("   \(status.message ?? "")")])
            }
            return lines
        case .task(let id)?:
            guard let task = s.cluster.tasks[id] else { return [] }
            let cells = s.taskCells(task, history: false)
            return [
                [CellText("ID ", .muted), CellText(task.id.rawValue), CellText("   service ", .muted),
                 CellText(s.cluster.services[task.serviceID]?.spec.name ?? task.serviceID.rawValue), CellText("   node ", .muted),
                 CellText(s.hostname(task.nodeID).nonEmpty ?? "—")],
                [CellText("desired ", .muted), cells[2], CellText("   current ", .muted), cells[3], CellText("   image ", .muted), CellText(task.spec.image)],
                [CellText("message ", .muted), CellText(task.status.message.nonEmpty ?? "—"), CellText("   error ", .muted),
                 CellText(task.status.err ?? "—", task.status.err == nil ? .normal : .error),
                 CellText("   exit code ", .muted), CellText(task.status.containerStatus?.exitCode.map(String.init) ?? "—")],
            ]
        case nil:
            return []
        }
    }

    static func infoLineCount(_ s: DashboardState) -> Int { infoLines(s).count }

    /// `Nodes › worker-3 › web.2`.
    static func breadcrumb(_ s: DashboardState) -> String {
        var parts = [s.focus.title]
        for level in s.drill {
            switch level {
            case .node(let id): parts.append(s.hostname(id))
            case .service(let id): parts.append(s.cluster.services[id]?.spec.name ?? id.rawValue)
            case .task(let id): parts.append(s.cluster.tasks[id].map(s.taskName) ?? id.rawValue)
            }
        }
        return parts.joined(separator: " › ")
    }

    static func draw(_ canvas: inout Canvas, _ s: DashboardState, layout: Layout) {
        let lines = infoLines(s)
        let info = layout.detailInfo(lines: lines.count)
        Box.draw(&canvas, info, title: breadcrumb(s) + "   (esc: back)", focused: false, titleRole: .breadcrumb)
        let right = info.inner.x + info.inner.width
        for (i, line) in lines.prefix(info.inner.height).enumerated() {
            // A line too long for the box ends in "…" where it is cut.
            var x = info.inner.x
            for (j, cell) in line.enumerated() where x < right {
                let room = right - x
                let more = line[(j + 1)...].contains { !$0.text.isEmpty }
                // Filling the line exactly with more to come is a cut too.
                let text = more && displayWidth(cell.text) == room ? cell.text + "…" : cell.text
                x += canvas.put(truncated(text, toWidth: room), x: x, y: info.inner.y + i, role: cell.role, maxWidth: room)
            }
        }
        let list = s.focusedList
        let box = layout.detailList(infoLines: lines.count)
        let rows = s.rowList(list)
        let title: String
        switch list {
        case .taskTimeline: title = "State timeline (\(rows.count))"
        case .serviceTasks: title = "Tasks, with history (\(rows.count))"
        default: title = "Tasks (\(rows.count))"
        }
        let filter = s.list(list).filter
        Box.draw(&canvas, box, title: filter.isEmpty ? title : "\(title) /\(filter)", focused: true)
        Table.draw(&canvas, s, list: list, rows: rows, in: box.inner, focused: true)
    }

    static func cpus(_ nano: Int64) -> String {
        let tenths = Int((Double(nano) / 1e8).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    static func bytes(_ b: Int64) -> String {
        let gib = Double(b) / Double(1 << 30)
        if gib >= 1 { return "\(cpus(Int64(gib * 1e9))) GiB" }
        return "\(b / (1 << 20)) MiB"
    }

    static func seconds(_ nanos: Int64) -> String { secondsText(.nanoseconds(nanos)) }
}

/// Things drawn over the screen: the help and the confirmation dialog.
enum Overlay {
    static let keys: [(String, String)] = [
        ("j k ↑ ↓", "move"), ("g G", "top, bottom"), ("PgUp PgDn", "page"), ("Tab S-Tab 1-4", "switch pane"),
        ("Enter", "open (node, service, task)"), ("Esc", "back, clear filter"), ("/", "filter (! inverts)"),
        (":", "command: drain activate pause promote demote NODE,"), ("", "scale SERVICE N, theme NAME, q (Tab completes)"),
        ("", "faults: fail/recover node NODE, kill task TASK"),
        ("< > or Shift+letter", "sort by column"), ("d a p", "drain, activate, pause node"), ("+ -", "promote, demote node"),
        ("s", "scale service"), ("space [ ]", "pause/resume the clock, slower, faster"), ("t", "next colour theme"), ("?", "this help"),
        ("q Ctrl-C", "quit"),
    ]

    static func centered(_ canvas: Canvas, width: Int, height: Int) -> Rect {
        let w = min(width, canvas.width - 2), h = min(height, canvas.height - 2)
        return Rect(x: (canvas.width - w) / 2, y: (canvas.height - h) / 2, width: w, height: h)
    }

    static func help(_ canvas: inout Canvas, _ s: DashboardState) {
        let r = centered(canvas, width: 76, height: keys.count + 4)
        canvas.fill(x: r.x, y: r.y, width: r.width, height: r.height, role: .dialog)
        Box.draw(&canvas, r, title: "Keys — any key closes", focused: true, titleRole: .dialogTitle, borderRole: .dialogBorder)
        for (i, (key, text)) in keys.enumerated() where i < r.inner.height - 1 {
            canvas.put(key, x: r.inner.x + 1, y: r.inner.y + 1 + i, role: .dialogKey, maxWidth: 20)
            canvas.put(text, x: r.inner.x + 22, y: r.inner.y + 1 + i, role: .dialog, maxWidth: r.inner.width - 23)
        }
    }

    static func confirm(_ canvas: inout Canvas, _ c: Confirmation) {
        let width = max(40, min(canvas.width - 4, max(displayWidth(c.question), displayWidth(c.consequence)) + 6))
        let r = centered(canvas, width: width, height: 7)
        canvas.fill(x: r.x, y: r.y, width: r.width, height: r.height, role: .dialog)
        Box.draw(&canvas, r, title: "Confirm", focused: true, titleRole: .dialogTitle, borderRole: .dialogBorder)
        canvas.put(c.question, x: r.inner.x + 2, y: r.inner.y + 1, role: .dialogTitle, maxWidth: r.inner.width - 3)
        canvas.put(c.consequence, x: r.inner.x + 2, y: r.inner.y + 2, role: .dialog, maxWidth: r.inner.width - 3)
        var x = r.inner.x + 2
        x += canvas.put("[y]", x: x, y: r.inner.y + 4, role: .dialogKey)
        x += canvas.put(" yes    ", x: x, y: r.inner.y + 4, role: .dialog)
        x += canvas.put("[n]", x: x, y: r.inner.y + 4, role: .dialogKey)
        canvas.put(" no", x: x, y: r.inner.y + 4, role: .dialog)
    }
}

extension String {
    /// Nil when empty, for "—" fallbacks.
    var nonEmpty: String? { isEmpty ? nil : self }
}
