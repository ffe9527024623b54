import Dashboard
import SwarmFormat

/// What one terminal column shows once a canvas is laid on a terminal of a given size.
enum ScreenColumn: Hashable, Sendable {
    /// A character starting in this column, one or two columns wide.
    case glyph(Character, role: StyleRole, wide: Bool)
    /// The right half of the wide character to the left.
    case covered

    /// A blank in `role`.
    static func blank(_ role: StyleRole) -> ScreenColumn { .glyph(" ", role: role, wide: false) }
}

/// A run of changed columns in one row, to write left to right from (`x`, `y`).
struct FrameRun: Hashable, Sendable {
    var x: Int
    var y: Int
    /// The columns from `x` on. The first is never `.covered`, and a wide glyph's `.covered`
    /// half is always in the same run.
    var columns: [ScreenColumn]
}

/// The frame diff: which cells to write to go from one presented frame to the next.
enum FrameDiff {
    /// The row `y` of `canvas` as a terminal `width` columns wide shows it.
    ///
    /// The canvas is clipped or padded with blanks to `width`. A wide character is shown only
    /// when its continuation cell follows it on the terminal; otherwise (cut by the right
    /// edge, or its right half overwritten) it becomes a blank. A continuation cell without its
    /// wide character, and a zero-width character, become blanks too. So what is written never
    /// spills into a neighbouring cell.
    /// - Complexity: O(`width`).
    static func screenRow(of canvas: Canvas, y: Int, width: Int) -> [ScreenColumn] {
        var row: [ScreenColumn] = []
        row.reserveCapacity(max(0, width))
        var x = 0
        while x < width {
            let cell = canvas[x, y]
            if cell.isContinuation {
                row.append(.blank(cell.role))
                x += 1
                continue
            }
            let columns = cell.character.isASCII ? 1 : displayWidth(of: cell.character)
            if columns == 2, x + 1 < width, canvas[x + 1, y].isContinuation {
                row.append(.glyph(cell.character, role: cell.role, wide: true))
                row.append(.covered)
                x += 2
            } else {
                row.append(columns == 1 ? .glyph(cell.character, role: cell.role, wide: false) : .blank(cell.role))
                x += 1
            }
        }
        return row
    }

    /// The runs of cells to write so that a terminal showing `old` shows `new`, both laid on a
    /// `width` × `height` terminal. With no `old` (first frame, or the terminal was resized or
    /// cleared), every cell is written.
    /// - Complexity: O(`width` × `height`); rows whose cells are equal are skipped early.
    static func runs(from old: Canvas?, to new: Canvas, width: Int, height: Int) -> [FrameRun] {
        guard width > 0, height > 0 else { return [] }
        var runs: [FrameRun] = []
        for y in 0..<height {
            if let old, rowsEqual(old, new, y: y) { continue }
            let newRow = screenRow(of: new, y: y, width: width)
            var changed: [Bool]
            if let old {
                let oldRow = screenRow(of: old, y: y, width: width)
                changed = zip(oldRow, newRow).map { $0 != $1 }
            } else {
                changed = Array(repeating: true, count: width)
            }
            // A wide glyph and its covered half are written together (writing the glyph is what
            // fills both columns).
            var x = 0
            while x < width {
                if case .glyph(_, _, wide: true) = newRow[x], x + 1 < width {
                    let either = changed[x] || changed[x + 1]
                    changed[x] = either
                    changed[x + 1] = either
                    x += 2
                } else {
                    x += 1
                }
            }
            x = 0
            while x < width {
                guard changed[x] else {
                    x += 1
                    continue
                }
                let start = x
                while x < width, changed[x] { x += 1 }
                runs.append(FrameRun(x: start, y: y, columns: Array(newRow[start..<x])))
            }
        }
        return runs
    }

    /// The number of terminal cells the runs write.
    static func cellCount(_ runs: [FrameRun]) -> Int { runs.reduce(0) { $0 + $1.columns.count } }

    /// Whether row `y` holds the same cells in both canvases (then the terminal shows the same).
    private static func rowsEqual(_ a: Canvas, _ b: Canvas, y: Int) -> Bool {
        let aHas = y < a.height, bHas = y < b.height
        if !aHas && !bHas { return true }
        guard aHas, bHas, a.width == b.width else { return false }
        return a.cells[(y * a.width)..<((y + 1) * a.width)] == b.cells[(y * b.width)..<((y + 1) * b.width)]
    }
}
