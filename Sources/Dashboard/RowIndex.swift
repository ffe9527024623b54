import SwarmModel

/// Where a node or service row goes in a sorted list: the sorted column's value, then the
/// row's name (natural order). The row's ID breaks the last ties.
struct RowSortKey: Hashable, Sendable {
    /// A column's value: numbers before text.
    enum Value: Hashable, Comparable, Sendable {
        case number(Double)
        case text(NaturalKey)
    }

    var value: Value
    var name: NaturalKey
}

/// A row of a `RowIndex`: its key and the row.
struct RowEntry: Sendable {
    var key: RowSortKey
    var row: RowKey

    /// Whether `a` comes before `b`: by value (ascending or not), then by name, then by ID.
    @inline(__always)
    static func precedes(_ a: RowEntry, _ b: RowEntry, ascending: Bool) -> Bool {
        if a.key.value != b.key.value { return ascending ? a.key.value < b.key.value : b.key.value < a.key.value }
        if a.key.name != b.key.name { return a.key.name < b.key.name }
        return a.row.idText < b.row.idText
    }
}

/// A list's filter text, ready to match: lower-cased UTF-8, and whether a leading `!` inverts it.
struct RowFilter: Sendable {
    let needle: [UInt8]
    let inverted: Bool

    /// Nil for a filter that keeps every row (empty, or only `!`).
    init?(_ text: String) {
        inverted = text.hasPrefix("!")
        let needle = String(inverted ? text.dropFirst() : text[...]).lowercased()
        guard !needle.isEmpty else { return nil }
        self.needle = Array(needle.utf8)
    }

    /// Whether `text` contains the needle, ignoring case.
    /// - Complexity: O(n × m) for text of length n and a needle of length m.
    func matches(_ text: String) -> Bool {
        var text = text
        let ascii: Bool? = text.withUTF8 { haystack in
            guard haystack.allSatisfy({ $0 < 0x80 }) else { return nil }
            return RowFilter.contains(haystack, needle, lowering: true)
        }
        if let ascii { return ascii }
        var lowered = text.lowercased()
        return lowered.withUTF8 { RowFilter.contains($0, needle, lowering: false) }
    }

    /// Whether the row whose columns read `texts` stays in the list.
    func keeps(_ texts: some Sequence<String>) -> Bool {
        texts.contains(where: matches) != inverted
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], lowering: Bool) -> Bool {
        guard needle.count <= haystack.count else { return false }
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { lowering && c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        let first = needle[0]
        for start in 0...(haystack.count - needle.count) where lower(haystack[start]) == first {
            var j = 1
            while j < needle.count, lower(haystack[start + j]) == needle[j] { j += 1 }
            if j == needle.count { return true }
        }
        return false
    }
}

/// The rows of the node or service list, filtered and sorted, kept current one row
/// at a time as the cluster changes, so that a frame only reads the rows it shows.
///
/// An index is made for one filter and sort order; when they change the reducer makes a new
/// one. It always agrees with the cluster it was last brought up to date with, so a row's
/// key, worked out from that cluster, finds the row; the reducer works out a changed row's
/// old key before it applies the change.
struct RowIndex: Sendable {
    let list: ListID
    /// The filter and sort it was made for.
    let filter: String
    let sort: SortOrder
    /// Whether a row's place depends on tasks other than itself: node or service rows whose
    /// task counts are sorted by or filtered on.
    let dependsOnTasks: Bool
    private let matcher: RowFilter?
    private(set) var entries = SortedChunks<RowEntry>()

    /// The index of `list` as `view` filters and sorts it, over `state`'s cluster.
    /// - Complexity: O(n log n) for the list's n candidate rows.
    init(_ list: ListID, view: ListState, in state: DashboardState) {
        self.list = list
        filter = view.filter
        sort = view.sort
        precondition(list == .nodes || list == .services, "task lists have a TaskIndex")
        matcher = RowFilter(view.filter)
        switch list {
        case .nodes: dependsOnTasks = matcher != nil || view.sort.column == 5
        case .services: dependsOnTasks = matcher != nil || view.sort.column == 2
        default: dependsOnTasks = false
        }
        var built: [RowEntry] = []
        for row in state.candidateRows(list) {
            if let key = key(of: row, in: state) { built.append(RowEntry(key: key, row: row)) }
        }
        // Sorted as positions, so that the (large) entries are compared where they are and
        // copied once, into the chunks.
        let ascending = sort.ascending
        var order = Array(built.indices)
        built.withUnsafeBufferPointer { buffer in
            order.sort { RowEntry.precedes(buffer[$0], buffer[$1], ascending: ascending) }
        }
        entries = SortedChunks(sorted: order.lazy.map { built[$0] })
    }

    /// Whether the index is the one for `view`'s filter and sort.
    func isCurrent(for view: ListState) -> Bool { view.filter == filter && view.sort == sort }

    var count: Int { entries.count }

    /// Where `row` belongs in this list over `state`'s cluster, or nil when the list does not
    /// show it there.
    func key(of row: RowKey, in state: DashboardState) -> RowSortKey? {
        state.sortKey(of: row, in: list, filter: matcher, sort: sort)
    }

    /// Moves `row` from where `old` put it (nil: not held) to where `new` puts it (nil: out).
    /// - Complexity: O(log n + chunk capacity).
    mutating func move(_ row: RowKey, from old: RowSortKey?, to new: RowSortKey?) {
        guard new != old else { return }
        let ascending = sort.ascending
        if let old {
            entries.remove(RowEntry(key: old, row: row)) { RowEntry.precedes($0, $1, ascending: ascending) }
        }
        if let new {
            entries.insert(RowEntry(key: new, row: row)) { RowEntry.precedes($0, $1, ascending: ascending) }
        }
    }

    /// The position of `row`, if the list holds it; `state` is the state the index belongs to.
    /// - Complexity: O(log n + number of chunks).
    func position(of row: RowKey, in state: DashboardState) -> Int? {
        guard let key = key(of: row, in: state) else { return nil }
        let ascending = sort.ascending
        return entries.index(of: RowEntry(key: key, row: row)) { RowEntry.precedes($0, $1, ascending: ascending) }
    }

    /// The rows at the positions in `range`.
    /// - Complexity: O(number of chunks + range length).
    func rows(in range: Range<Int>) -> [RowKey] { entries.elements(in: range).map(\.row) }
}

extension RowKey {
    /// The row's ID, as text (the last tie-break of a sort).
    var idText: String {
        switch self {
        case .node(let id): id.rawValue
        case .service(let id): id.rawValue
        case .task(let id, _): id.rawValue
        case .event(let n), .step(let n): String(n)
        }
    }

    /// The same row with `history` false.
    var withoutHistory: RowKey {
        if case .task(let id, true) = self { return .task(id, history: false) }
        return self
    }
}
