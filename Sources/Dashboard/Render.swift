import SwarmFormat
import SwarmModel

/// Draws the dashboard: a pure function of the state, to a cell grid of the state's size.
public enum DashboardView {
    /// The frame for `state`.
    /// - Complexity: O(visible rows × columns) with the lists' indexes current (the reducer
    ///   keeps them so); a list without one is sorted on the spot.
    public static func render(_ state: DashboardState) -> Canvas {
        var canvas = Canvas(width: state.width, height: state.height)
        let layout = Layout(width: state.width, height: state.height)
        if layout.tooSmall {
            drawTooSmall(&canvas, state)
            return canvas
        }
        Header.draw(&canvas, state, in: layout.header)
        if state.drill.isEmpty {
            for pane in Pane.allCases { drawPane(pane, &canvas, state, in: layout.pane(pane)) }
        } else {
            DetailView.draw(&canvas, state, layout: layout)
        }
        drawStatusLine(&canvas, state, in: layout.status)
        switch state.mode {
        case .help: Overlay.help(&canvas, state)
        case .confirm(let c): Overlay.confirm(&canvas, c)
        default: break
        }
        return canvas
    }

    static func drawTooSmall(_ canvas: inout Canvas, _ s: DashboardState) {
        let text = "terminal too small: need \(Layout.minWidth)×\(Layout.minHeight), have \(s.width)×\(s.height)"
        guard s.height > 0 else { return }
        let y = s.height / 2
        if displayWidth(text) <= s.width {
            canvas.put(text, x: (s.width - displayWidth(text)) / 2, y: y, role: .warning)
        } else {
            // Wrap onto as many lines as it takes.
            var line = 0
            var rest = Substring(text)
            while !rest.isEmpty, y - 1 + line < s.height, s.width > 0 {
                canvas.put(String(rest.prefix(s.width)), x: 0, y: max(0, y - 1) + line, role: .warning)
                rest = rest.dropFirst(s.width)
                line += 1
            }
        }
    }

    static func drawPane(_ pane: Pane, _ canvas: inout Canvas, _ s: DashboardState, in box: Rect) {
        let list = ListID(pane)
        let focused = s.focus == pane
        let rows = s.rowList(list)
        var title = "[\(pane.rawValue + 1)] \(pane.title) (\(rows.count))"
        let filter = s.list(list).filter
        if !filter.isEmpty { title += " /\(filter)" }
        Box.draw(&canvas, box, title: title, focused: focused)
        Table.draw(&canvas, s, list: list, rows: rows, in: box.inner, focused: focused)
    }

    static func drawStatusLine(_ canvas: inout Canvas, _ s: DashboardState, in r: Rect) {
        switch s.mode {
        case .filter(let text):
            canvas.put("/" + text + "▏", x: r.x, y: r.y, role: .prompt, maxWidth: r.width)
        case .command(let text):
            canvas.put(":" + text + "▏", x: r.x, y: r.y, role: .prompt, maxWidth: r.width)
        case .scale(let service, let text):
            canvas.put("scale \(service) to: " + text + "▏   (Enter to confirm, Esc to cancel)", x: r.x, y: r.y, role: .prompt, maxWidth: r.width)
        default:
            if let status = s.status {
                canvas.put(status.text, x: r.x, y: r.y, role: status.isError ? .statusError : .status, maxWidth: r.width)
            } else {
                var x = r.x
                let hints: [(String, String)] = s.readOnly
                    ? [("?", "help"), ("/", "filter"), ("⏎", "open"), ("esc", "back"), ("<>", "sort"), ("q", "quit")]
                    : [("?", "help"), ("/", "filter"), (":", "cmd"), ("⏎", "open"), ("d", "drain"), ("a", "activate"), ("p", "pause"),
                       ("+/-", "promote/demote"), ("s", "scale"), ("q", "quit")]
                // Whole hints only: a narrow screen drops them from the end, but "q quit" stays.
                let limit = r.x + r.width - (s.readOnly ? 10 : 0)
                func width(_ hint: (String, String)) -> Int { displayWidth(hint.0) + 1 + displayWidth(hint.1) + 2 }
                var shown = Array(hints.dropLast())
                while !shown.isEmpty, shown.reduce(0, { $0 + width($1) }) + width(hints[hints.count - 1]) - 2 > limit - r.x {
                    shown.removeLast()
                }
                for (key, text) in shown + hints.suffix(1) {
                    x += canvas.put(key, x: x, y: r.y, role: .helpKey, maxWidth: max(0, limit - x))
                    x += canvas.put(" \(text)  ", x: x, y: r.y, role: .muted, maxWidth: max(0, limit - x))
                }
                if s.readOnly { canvas.put("read-only", x: r.x + r.width - 9, y: r.y, role: .warning) }
            }
        }
    }
}

/// Boxes with a title in the top border.
enum Box {
    static func draw(_ canvas: inout Canvas, _ r: Rect, title: String, focused: Bool, titleRole: StyleRole? = nil, borderRole: StyleRole? = nil) {
        guard r.width >= 2, r.height >= 2 else { return }
        let role: StyleRole = borderRole ?? (focused ? .borderFocused : .border)
        canvas.put("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, role: role)
        for row in (r.y + 1)..<(r.y + r.height - 1) {
            canvas.put("│", x: r.x, y: row, role: role)
            canvas.put("│", x: r.x + r.width - 1, y: row, role: role)
        }
        canvas.put("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.y + r.height - 1, role: role)
        canvas.put(" \(title) ", x: r.x + 2, y: r.y, role: titleRole ?? (focused ? .titleFocused : .title), maxWidth: r.width - 4)
    }
}

/// Lists as tables: columns fitted to the width, the selected row highlighted.
enum Table {
    /// The blank columns between two columns.
    static let gap = 2

    /// Which columns fit in `width`, and how wide each is.
    ///
    /// Each column prefers its content's width (`natural`, kept within its minimum and
    /// maximum). When they do not all fit so, a column with nothing in it (`blank`) is the
    /// first to go, unless it is the one the list is sorted by (`keep`). Then the least
    /// important columns are dropped until the rest fit, counting short columns at their
    /// preferred width (cut, they say nothing) and flexible ones at their minimum. The room left is shared fairly among the flexible
    /// columns, up to their preferred width; what remains widens the last column.
    /// - Parameters:
    ///   - columns: The list's columns, in order.
    ///   - natural: The widest text of each column: its title and the rows shown.
    ///   - blank: Whether each column is empty in every row shown (missing means not blank).
    ///   - keep: A column shown even when blank (the sorted one, whose title carries the arrow).
    ///   - width: The columns available.
    /// - Returns: The columns shown, left to right, with their widths.
    /// - Complexity: O(c²) for c columns.
    static func fit(_ columns: [Column], natural: [Int], blank: [Bool] = [], keep: Int? = nil, width: Int) -> [(index: Int, width: Int)] {
        let preferred = columns.indices.map { min(columns[$0].maxWidth, max(columns[$0].minWidth, natural[$0])) }
        let required = columns.indices.map { columns[$0].flexible ? columns[$0].minWidth : preferred[$0] }
        func needed(_ set: [Int], _ w: [Int]) -> Int { set.reduce(0) { $0 + w[$1] } + max(0, set.count - 1) * gap }
        func needed(_ set: [Int]) -> Int { needed(set, required) }
        var chosen = Array(columns.indices)
        if needed(chosen, preferred) > width {
            chosen.removeAll { i in i != 0 && i != keep && blank.indices.contains(i) && blank[i] }
        }
        while needed(chosen) > width, chosen.count > 1,
              let drop = chosen.min(by: { columns[$0].priority < columns[$1].priority }) {
            chosen.removeAll { $0 == drop }
        }
        var widths = chosen.map { min(required[$0], max(0, width)) }
        var spare = width - needed(chosen)
        // Fair shares: the flexible columns that want less than an equal share get what they
        // want, the others split the rest evenly (the more important first for odd columns).
        var growing = chosen.indices.filter { columns[chosen[$0]].flexible && widths[$0] < preferred[chosen[$0]] }
            .sorted { columns[chosen[$0]].priority > columns[chosen[$1]].priority }
        while spare > 0, !growing.isEmpty {
            let share = max(1, spare / growing.count)
            for i in growing where spare > 0 {
                let grow = min(share, spare, preferred[chosen[i]] - widths[i])
                widths[i] += grow
                spare -= grow
            }
            growing.removeAll { widths[$0] >= preferred[chosen[$0]] }
        }
        if let last = widths.indices.last, spare > 0 { widths[last] += spare }
        return zip(chosen, widths).map { ($0, $1) }
    }

    static func draw(_ canvas: inout Canvas, _ s: DashboardState, list: ListID, rows: RowList, in r: Rect, focused: Bool) {
        guard r.width > 0, r.height > 0 else { return }
        let columns = DashboardState.columns(list)
        let view = s.list(list)
        let visibleCount = max(0, r.height - 1)
        let selectedIndex = Reducer.currentIndex(rows, view)
        var firstRow = min(view.scroll, max(0, rows.count - visibleCount))
        if selectedIndex < firstRow { firstRow = selectedIndex }
        if selectedIndex >= firstRow + visibleCount { firstRow = selectedIndex - visibleCount + 1 }
        let shownRows = rows.rows(in: firstRow..<(firstRow + visibleCount))
        let shownCells = shownRows.map { s.cells($0, in: list) }
        let sorted = view.sort != SortOrder() ? view.sort.column : nil
        var natural = columns.indices.map { i in displayWidth(columns[i].title) + (sorted == i ? 1 : 0) }
        var blank = Array(repeating: !shownCells.isEmpty, count: columns.count)
        for cells in shownCells {
            for (i, cell) in cells.enumerated() where i < natural.count {
                natural[i] = max(natural[i], displayWidth(cell.text))
                if !cell.text.isEmpty { blank[i] = false }
            }
        }
        let fitted = fit(columns, natural: natural, blank: blank, keep: sorted, width: r.width)
        var x = r.x
        for (i, w) in fitted {
            if sorted == i {
                let arrow = view.sort.ascending ? "↑" : "↓"
                canvas.put(truncated(columns[i].title, toWidth: w - 1) + arrow, x: x, y: r.y, role: .columnSorted, maxWidth: w)
            } else {
                canvas.put(truncated(columns[i].title, toWidth: w), x: x, y: r.y, role: .columnHeader, maxWidth: w)
            }
            x += w + gap
        }
        let visible = r.height - 1
        guard visible > 0, !rows.isEmpty else {
            if rows.isEmpty && r.height > 1 {
                canvas.put(view.filter.isEmpty ? "(none)" : "(nothing matches /\(view.filter))", x: r.x, y: r.y + 1, role: .muted, maxWidth: r.width)
            }
            return
        }
        // The selection stays in view even if the list changed under it.
        let selected = selectedIndex
        for (line, cells) in shownCells.enumerated() {
            let index = firstRow + line
            let y = r.y + 1 + line
            var cx = r.x
            for (i, w) in fitted {
                if i < cells.count {
                    let text = cells[i].text
                    let shown = displayWidth(text) > w ? truncated(text, toWidth: w) : text
                    canvas.put(shown, x: cx, y: y, role: cells[i].role, maxWidth: w)
                }
                cx += w + gap
            }
            if index == selected && focused { canvas.restyle(x: r.x, y: y, width: r.width, role: .selection) }
        }
        if rows.count > visible {
            let marker = "\(selected + 1)/\(rows.count)"
            canvas.put(marker, x: r.x + r.width - displayWidth(marker), y: r.y + r.height, role: .muted)
        }
    }
}
