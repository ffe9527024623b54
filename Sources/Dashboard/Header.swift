import SwarmFormat
import SwarmModel

/// The three header lines: cluster, clock and managers; nodes; tasks per state.
enum Header {
    static func draw(_ canvas: inout Canvas, _ s: DashboardState, in r: Rect) {
        canvas.fill(x: r.x, y: r.y, width: r.width, height: r.height, role: .header)
        // The first line says less as the screen narrows, so that the managers, the quorum
        // and the leader stay in view: the least telling words go first.
        let limit = r.x + r.width
        let terseness = (0..<Header.tersenessLevels).first { level in
            r.x + 1 + summary(s, terseness: level).reduce(0) { $0 + displayWidth($1.text) } <= limit
        } ?? Header.tersenessLevels - 1
        var line = Line(canvas: canvas, x: r.x + 1, y: r.y, limit: limit)
        for part in summary(s, terseness: terseness) { line.add(part.text, part.role) }
        canvas = line.canvas

        let counts = s.tally.byState
        let drain = s.tally.drained, pause = s.tally.paused
        line = Line(canvas: canvas, x: r.x + 1, y: r.y + 1, limit: r.x + r.width)
        line.add("nodes \(s.cluster.nodes.count): ", .headerLabel)
        line.add("\(counts[.ready] ?? 0) ready", .headerValue)
        let down = counts[.down] ?? 0
        line.add(" · ", .headerLabel)
        line.add("\(down) down", down > 0 ? .headerAlert : .headerValue)
        let unknown = (counts[.unknown] ?? 0) + (counts[.disconnected] ?? 0)
        if unknown > 0 {
            line.add(" · ", .headerLabel)
            line.add("\(unknown) unknown", .headerAlert)
        }
        line.add(" · \(drain) drain · \(pause) pause", .headerLabel)
        line.sep()
        line.add("pending actions ", .headerLabel)
        line.add("\(s.pendingActions)", .headerValue)
        if s.readOnly {
            line.sep()
            line.add("read-only", .headerAlert)
        }
        canvas = line.canvas

        drawTaskBar(&canvas, s, x: r.x + 1, y: r.y + 2, limit: r.x + r.width)
    }

    /// How many ways the first line has of saying less.
    static let tersenessLevels = 5

    /// The first line, at a level of terseness: 0 says everything; 1 leaves out the source;
    /// 2 the product name; 3 shortens the labels; 4 leaves out the fault tolerance and the
    /// word "paused" (the pause sign stays).
    static func summary(_ s: DashboardState, terseness: Int) -> [CellText] {
        var parts: [CellText] = []
        let short = terseness >= 3
        func sep() { parts.append(CellText(" │ ", .headerLabel)) }
        if terseness < 2 { parts.append(CellText("swarmtop ", .headerValue)) }
        parts.append(CellText(s.clusterName, .headerValue))
        if terseness < 1 { parts.append(CellText(" (\(s.source.label))", .headerLabel)) }
        if let problem = s.clock.sourceStatus {
            sep()
            parts.append(CellText(problem, .headerAlert))
        }
        sep()
        parts.append(CellText(clock(s.clock.now - s.clock.start), .headerValue))
        if s.clock.controllable {
            parts.append(CellText(" ×\(speedText(s.clock.speed))", .headerLabel))
            if s.clock.paused {
                parts.append(CellText(terseness >= 4 ? " ⏸" : " ⏸ paused", .headerAlert))
            } else {
                parts.append(CellText(" ▶", .headerLabel))
            }
        }
        sep()
        let m = s.managers
        parts.append(CellText(short ? "mgrs " : "managers ", .headerLabel))
        parts.append(CellText("\(m.reachable)/\(m.total)", m.reachable < m.total ? .headerAlert : .headerValue))
        sep()
        if m.hasQuorum {
            parts.append(CellText("quorum ", .headerLabel))
            parts.append(CellText("ok", .headerValue))
            if terseness < 4 { parts.append(CellText(short ? " tol \(m.faultTolerance)" : " tolerates \(m.faultTolerance)", .headerLabel)) }
        } else {
            parts.append(CellText(short ? "quorum LOST" : "quorum LOST — read-only cluster", .headerAlert))
        }
        sep()
        parts.append(CellText(short ? "ldr " : "leader ", .headerLabel))
        parts.append(CellText(m.leader ?? "none", m.leader == nil ? .headerAlert : .headerValue))
        return parts
    }

    /// Tasks per state: a bar whose segments are sized by count, then the counts.
    static func drawTaskBar(_ canvas: inout Canvas, _ s: DashboardState, x: Int, y: Int, limit: Int) {
        let total = s.cluster.tasks.count
        var line = Line(canvas: canvas, x: x, y: y, limit: limit)
        line.add("tasks \(total) ", .headerLabel)
        let states = TaskState.allCases.filter { s.cluster.count(of: $0) > 0 }
        let barWidth = min(24, max(8, (limit - x) / 6))
        if total > 0 {
            var used = 0
            for (i, state) in states.enumerated() {
                let n = s.cluster.count(of: state)
                var w = max(1, n * barWidth / total)
                if i == states.count - 1 { w = max(1, barWidth - used) }
                w = min(w, max(0, barWidth - used))
                line.add(String(repeating: "█", count: w), .task(state))
                used += w
            }
        }
        line.add(" ", .header)
        for state in states {
            line.add(" \(state.name) ", .headerLabel)
            line.add("\(s.cluster.count(of: state))", .task(state))
        }
        canvas = line.canvas
    }

    static func clock(_ d: Duration) -> String {
        let total = max(0, Int(d.components.seconds))
        let h = total / 3600, m = total / 60 % 60, sec = total % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(h)):\(two(m)):\(two(sec))"
    }

    static func speedText(_ speed: Double) -> String {
        if speed >= 1, speed == speed.rounded() { return String(Int(speed)) }
        return speed >= 1 ? String(format1(speed)) : "1/\(Int((1 / speed).rounded()))"
    }

    private static func format1(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A cursor along one line of the canvas.
    struct Line {
        var canvas: Canvas
        var x: Int
        let y: Int
        let limit: Int

        mutating func add(_ text: String, _ role: StyleRole) {
            guard x < limit else { return }
            x += canvas.put(text, x: x, y: y, role: role, maxWidth: limit - x)
        }

        mutating func sep() { add(" │ ", .headerLabel) }
    }
}
