/// Column layout the way docker/cli prints its tables.
///
/// docker/cli writes each row as tab-terminated cells into its fork of Go's `text/tabwriter`
/// (`cli/command/formatter/tabwriter`), made with `NewWriter(out, 10, 1, 3, ' ', 0)`: every cell
/// but a row's last is padded with spaces to its column's width, the widest cell plus 3 and at
/// least 10, measured in terminal columns (go-runewidth). A row's last cell is not part of a
/// column and is written as it is. So a row whose last cell is empty ends in the padding of the
/// cell before it, as docker's does (`docker service ls` rows with no PORTS).
public struct TableLayout: Hashable, Sendable {
    /// The narrowest a column may be, padding included.
    public var minWidth: Int
    /// The spaces added to the widest cell of a column.
    public var padding: Int

    /// A layout with the given column minimum and padding.
    public init(minWidth: Int = 10, padding: Int = 3) {
        precondition(minWidth >= 0 && padding >= 0, "negative minWidth or padding")
        self.minWidth = minWidth
        self.padding = padding
    }

    /// docker/cli's table layout: columns at least 10 wide, 3 spaces after the widest cell.
    public static let docker = TableLayout(minWidth: 10, padding: 3)

    /// The rows laid out as lines, each ended by "\n".
    ///
    /// Every cell goes through `sanitizedForTerminal(_:)` first. Rows may differ in length; like
    /// tabwriter, a column is aligned over each run of consecutive rows that have a cell in it
    /// followed by at least one more.
    /// - Parameter rows: The rows, header first, as cells.
    /// - Complexity: O(c · n) for n cells and c columns.
    public func render(_ rows: [[String]]) -> String {
        let cells = rows.map { $0.map(sanitizedForTerminal) }
        let widths = cells.map { $0.map(displayWidth) }
        var out = ""
        var columnWidths: [Int] = []
        format(cells, widths, 0, cells.count, &columnWidths, &out)
        return out
    }

    /// tabwriter's `format`: finds the next block of rows that have a cell in the next column,
    /// sizes that column over the block, and recurses into the block for the columns after it.
    private func format(
        _ cells: [[String]], _ widths: [[Int]], _ from: Int, _ to: Int, _ columnWidths: inout [Int], _ out: inout String
    ) {
        let column = columnWidths.count
        var line0 = from
        var this = from
        while this < to {
            guard column < cells[this].count - 1 else {
                this += 1
                continue
            }
            writeLines(cells, widths, line0, this, columnWidths, &out)
            line0 = this
            var width = minWidth
            while this < to, column < cells[this].count - 1 {
                width = max(width, widths[this][column] + padding)
                this += 1
            }
            columnWidths.append(width)
            format(cells, widths, line0, this, &columnWidths, &out)
            columnWidths.removeLast()
            line0 = this
        }
        writeLines(cells, widths, line0, to, columnWidths, &out)
    }

    private func writeLines(
        _ cells: [[String]], _ widths: [[Int]], _ from: Int, _ to: Int, _ columnWidths: [Int], _ out: inout String
    ) {
        for i in from..<to {
            for (j, cell) in cells[i].enumerated() {
                out += cell
                if j < columnWidths.count {
                    out += String(repeating: " ", count: max(0, columnWidths[j] - widths[i][j]))
                }
            }
            out += "\n"
        }
    }
}
