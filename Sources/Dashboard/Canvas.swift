import SwarmFormat

/// One terminal cell: a character (a grapheme cluster) and its style role. The right half of
/// a two-column character is a continuation cell.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var role: StyleRole
    /// This cell is covered by the wide character to its left.
    public var isContinuation: Bool

    public init(_ character: Character = " ", role: StyleRole = .normal, isContinuation: Bool = false) {
        self.character = character
        self.role = role
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// A grid of cells: what a frame looks like, independent of any terminal. Everything written
/// into it is made terminal-safe (no control characters or escape sequences) and measured by
/// display width.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The cell at column `x`, row `y` (a blank outside the grid).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Writes `text` from column `x` of row `y`, clipped to `maxWidth` columns and the grid.
    /// A wide character that does not fit is replaced by a space. Returns the columns used.
    /// - Complexity: O(text length).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + max(0, maxWidth ?? width))
        var col = x
        let safe = Canvas.isPlain(text) ? text : sanitizedForTerminal(text)
        for ch in safe {
            guard col < limit else { break }
            let w = displayWidth(of: ch)
            if w == 0 { continue }
            if col < 0 {
                col += w
                continue
            }
            if w == 2 {
                if col + 1 >= limit {
                    cells[y * width + col] = Cell(" ", role: role)
                    col += 1
                    break
                }
                cells[y * width + col] = Cell(ch, role: role)
                cells[y * width + col + 1] = Cell(" ", role: role, isContinuation: true)
                col += 2
            } else {
                cells[y * width + col] = Cell(ch, role: role)
                col += 1
            }
        }
        return max(0, col - x)
    }

    /// Fills a rectangle with one character and role.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, role: StyleRole, character: Character = " ") {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            for col in x0..<x1 { cells[row * width + col] = Cell(character, role: role) }
        }
    }

    /// Changes the role of a run of cells, keeping their characters (e.g. a selected row).
    public mutating func restyle(x: Int, y: Int, width w: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { cells[y * width + col].role = role }
    }

    /// The rows as plain text, trailing spaces kept (golden snapshots compare these).
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for col in 0..<width where !cells[row * width + col].isContinuation { line.append(cells[row * width + col].character) }
            return line
        }
    }

    /// The whole grid as text, one line per row.
    public var text: String { lines.joined(separator: "\n") }

    /// Plain printable ASCII needs no sanitising (the common case, kept fast).
    private static func isPlain(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
