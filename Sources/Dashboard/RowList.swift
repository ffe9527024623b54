/// The rows a list shows, in order: read from the list's index when the reducer keeps one,
/// else worked out on the spot. Reading a few rows or finding one costs little either way
/// once the list exists.
public struct RowList: Sendable {
    private enum Storage: Sendable {
        /// An index, and the state it is current for (which finds a row's key).
        case index(RowIndex, DashboardState)
        case tasks(TaskIndex, TaskRowTable)
        case rows([RowKey])
    }

    private let storage: Storage

    init(_ index: RowIndex, of state: DashboardState) { storage = .index(index, state) }
    init(_ index: TaskIndex, table: TaskRowTable) { storage = .tasks(index, table) }
    init(_ rows: [RowKey]) { storage = .rows(rows) }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case .index(let index, _): index.count
        case .tasks(let index, _): index.count
        case .rows(let rows): rows.count
        }
    }

    public var isEmpty: Bool { count == 0 }

    /// The row at position `i` (0 ≤ `i` < `count`).
    /// - Complexity: O(number of chunks) for an index (a few hundred for 100k rows).
    public subscript(i: Int) -> RowKey { rows(in: i..<(i + 1))[0] }

    /// The rows at the positions in `range`, clamped to the list.
    /// - Complexity: O(number of chunks + range length).
    public func rows(in range: Range<Int>) -> [RowKey] {
        switch storage {
        case .index(let index, _): return index.rows(in: range)
        case .tasks(let index, let table): return index.rows(in: range, table: table)
        case .rows(let rows):
            let lower = max(0, range.lowerBound), upper = min(rows.count, range.upperBound)
            return lower < upper ? Array(rows[lower..<upper]) : []
        }
    }

    /// Every row, in order.
    /// - Complexity: O(n).
    public var all: [RowKey] { rows(in: 0..<count) }

    /// The position of `row`; a task is found whether or not it is marked as history.
    /// - Complexity: O(log n + number of chunks) for an index; O(n) otherwise.
    public func position(of row: RowKey) -> Int? {
        switch storage {
        case .index(let index, let state): return index.position(of: row, in: state)
        case .tasks(let index, let table): return index.position(of: row, in: table)
        case .rows(let rows):
            if let i = rows.firstIndex(of: row) { return i }
            let plain = row.withoutHistory
            return rows.firstIndex { $0.withoutHistory == plain }
        }
    }
}
