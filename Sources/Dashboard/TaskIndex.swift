import SwarmModel

/// The rows of a task list, as handles into the task table, filtered and in order, kept
/// current one task at a time.
///
/// The state keeps one unfiltered index of every task in docker order (the base); the other
/// task lists are made from it in one pass: a filter keeps the base's order, and a sort by a
/// column is a stable sort of the base's order by that column's value, since equal values
/// fall back to exactly that order. Only the CURRENT STATE column, whose values are nearly
/// all different, needs a comparison sort, on plain numbers.
struct TaskIndex: Sendable {
    /// Which tasks the list shows, and in what order.
    let order: TaskOrder
    private(set) var handles = SortedChunks<Int32>()

    /// Every task in `table`, in docker order: the base.
    /// - Complexity: O(n log n).
    init(allOf table: TaskRowTable) {
        order = TaskOrder(.tasks, view: ListState())
        var all = table.allHandles
        table.records.withUnsafeBufferPointer { buffer in
            guard let r = buffer.baseAddress else { return }
            all.sort { TaskOrder.dockerPrecedes(r + Int($0), r + Int($1)) }
        }
        handles = SortedChunks(sorted: all)
    }

    /// `list` as `view` filters and sorts it, made from `base` (every task, in docker order).
    /// - Complexity: O(n) in the tasks, plus O(m log m) for the m rows kept when sorted by
    ///   CURRENT STATE, or for the d distinct values of a text column.
    init(_ list: ListID, view: ListState, base: TaskIndex, table: TaskRowTable) {
        precondition(list.isTaskList && base.order.dockerOrder && base.order.matcher == nil, "a task list is made from the base")
        let order = TaskOrder(list, view: view)
        self.order = order
        var rows: [Int32] = []
        table.records.withUnsafeBufferPointer { buffer in
            guard let r = buffer.baseAddress else { return }
            for h in base.handles.all where order.admits(r + Int(h)) { rows.append(h) }
            if !order.dockerOrder { rows = order.sortedByColumn(rows, records: r) }
        }
        handles = SortedChunks(sorted: rows)
    }

    /// Whether the index is the one for `view`'s filter and sort.
    func isCurrent(for view: ListState) -> Bool { view.filter == order.filter && view.sort == order.sort }

    var count: Int { handles.count }

    /// Whether a task changed from `old` to `new` stays where it is in this list (the same
    /// place, shown or not alike).
    func keepsPlace(_ old: TaskRecord, _ new: TaskRecord) -> Bool {
        withUnsafePointer(to: old) { a in withUnsafePointer(to: new) { b in order.keepsPlace(a, b) } }
    }

    /// Takes out task `h`, as `table` has it now (before it changes).
    /// - Complexity: O(log n + chunk capacity).
    mutating func remove(_ h: Int32, in table: TaskRowTable) {
        let order = order
        table.records.withUnsafeBufferPointer { buffer in
            guard let r = buffer.baseAddress, order.admits(r + Int(h)) else { return }
            handles.remove(h) { order.precedes(r + Int($0), r + Int($1)) }
        }
    }

    /// Puts in task `h`, as `table` has it now (after it changed), if the list shows it.
    /// - Complexity: O(log n + chunk capacity).
    mutating func insert(_ h: Int32, in table: TaskRowTable) {
        let order = order
        table.records.withUnsafeBufferPointer { buffer in
            guard let r = buffer.baseAddress, order.admits(r + Int(h)) else { return }
            handles.insert(h) { order.precedes(r + Int($0), r + Int($1)) }
        }
    }

    /// The position of `row`, if the list shows it.
    /// - Complexity: O(log n + number of chunks).
    func position(of row: RowKey, in table: TaskRowTable) -> Int? {
        guard case .task(let id, _) = row, let h = table.handle(of: id) else { return nil }
        return table.records.withUnsafeBufferPointer { buffer in
            guard let r = buffer.baseAddress, order.admits(r + Int(h)) else { return nil }
            return handles.index(of: h) { order.precedes(r + Int($0), r + Int($1)) }
        }
    }

    /// The rows at the positions in `range`, each task marked as history when it follows
    /// another task of its slot (docker order only).
    /// - Complexity: O(number of chunks + range length).
    func rows(in range: Range<Int>, table: TaskRowTable) -> [RowKey] {
        let lower = max(0, range.lowerBound)
        let before = order.dockerOrder && lower > 0 ? 1 : 0
        let fetched = handles.elements(in: (lower - before)..<range.upperBound)
        return fetched.indices.dropFirst(before).map { i in
            let history = order.dockerOrder && i > 0 && table[fetched[i - 1]].name == table[fetched[i]].name
            return .task(table[fetched[i]].id, history: history)
        }
    }
}

/// Which tasks a task list shows and in what order: its filter and sort, and the comparisons
/// that follow from them. Records are read where the table keeps them, field by field.
struct TaskOrder: Sendable {
    let list: ListID
    let filter: String
    let sort: SortOrder
    /// `docker service ps` order: by name, newest first, a slot's older tasks marked as history.
    let dockerOrder: Bool
    let matcher: RowFilter?
    /// The states whose names the filter matches, one bit each (see `bit(_:)`).
    private let matchingStates: UInt32

    init(_ list: ListID, view: ListState) {
        self.list = list
        filter = view.filter
        sort = view.sort
        dockerOrder = view.sort == SortOrder()
        let matcher = RowFilter(view.filter)
        self.matcher = matcher
        matchingStates = TaskState.allCases.reduce(0) { mask, state in
            matcher?.matches(state.displayName) == true ? mask | TaskOrder.bit(state) : mask
        }
    }

    /// A state's bit: the raw values are multiples of 32 below 1024.
    @inline(__always)
    private static func bit(_ state: TaskState) -> UInt32 { 1 << UInt32((state.rawValue >> 5) & 31) }

    /// Whether the list shows the task: one of its tasks, and kept by the filter. The filter
    /// matches any column's text, ignoring case; the current state without "… ago", so that
    /// a filtered list does not change as time passes.
    @inline(__always)
    func admits(_ r: UnsafePointer<TaskRecord>) -> Bool {
        switch list {
        case .nodeTasks(let node): guard r.pointee.nodeID == node else { return false }
        case .serviceTasks(let service): guard r.pointee.serviceID == service else { return false }
        default: break
        }
        guard let f = matcher else { return true }
        let states = TaskOrder.bit(r.pointee.desired) | TaskOrder.bit(r.pointee.state)
        let hit = states & matchingStates != 0 || f.matches(r.pointee.name) || f.matches(r.pointee.hostname)
            || f.matches(r.pointee.error)
        return hit != f.inverted
    }

    /// Docker order: by name, newest first, then by ID, highest first.
    @inline(__always)
    static func dockerPrecedes(_ a: UnsafePointer<TaskRecord>, _ b: UnsafePointer<TaskRecord>) -> Bool {
        let c = NaturalKey.compare(a.pointee.nameKey, b.pointee.nameKey)
        if c != 0 { return c < 0 }
        if a.pointee.created != b.pointee.created { return a.pointee.created > b.pointee.created }
        return a.pointee.id.rawValue > b.pointee.id.rawValue
    }

    /// The list's order: by the sorted column's value, ties (and docker order) as `dockerPrecedes`.
    @inline(__always)
    func precedes(_ a: UnsafePointer<TaskRecord>, _ b: UnsafePointer<TaskRecord>) -> Bool {
        if !dockerOrder {
            let c = compareValues(a, b)
            if c != 0 { return sort.ascending ? c < 0 : c > 0 }
        }
        return Self.dockerPrecedes(a, b)
    }

    /// -1, 0 or 1 as `a`'s value in the sorted column is below, equal to or above `b`'s.
    @inline(__always)
    private func compareValues(_ a: UnsafePointer<TaskRecord>, _ b: UnsafePointer<TaskRecord>) -> Int {
        switch sort.column {
        case 0: return NaturalKey.compare(a.pointee.nameKey, b.pointee.nameKey)
        case 1: return NaturalKey.compare(a.pointee.hostKey, b.pointee.hostKey)
        case 2:
            let x = a.pointee.desired.rawValue, y = b.pointee.desired.rawValue
            return x == y ? 0 : x < y ? -1 : 1
        case 4: return NaturalKey.compare(a.pointee.errorKey, b.pointee.errorKey)
        default:
            let x = a.pointee.currentStateValue, y = b.pointee.currentStateValue
            return x == y ? 0 : x < y ? -1 : 1
        }
    }

    /// Whether a task changed from `old` to `new` keeps its place (shown or not alike).
    func keepsPlace(_ old: UnsafePointer<TaskRecord>, _ new: UnsafePointer<TaskRecord>) -> Bool {
        let shown = admits(old)
        guard shown == admits(new) else { return false }
        guard shown else { return true }
        guard old.pointee.nameKey == new.pointee.nameKey, old.pointee.created == new.pointee.created else { return false }
        return dockerOrder || compareValues(old, new) == 0
    }

    /// `rows`, in docker order, stably sorted by the sorted column's value.
    func sortedByColumn(_ rows: [Int32], records r: UnsafePointer<TaskRecord>) -> [Int32] {
        switch sort.column {
        case 0: return sortedByRank(rows) { r[Int($0)].nameKey }
        case 1: return sortedByRank(rows) { r[Int($0)].hostKey }
        case 2: return sortedByRank(rows) { r[Int($0)].desired.rawValue }
        case 4: return sortedByRank(rows) { r[Int($0)].errorKey }
        default:
            // CURRENT STATE: a value per row, then the docker order (the row's place in `rows`).
            var pairs = rows.indices.map { (value: r[Int(rows[$0])].currentStateValue, place: Int32($0)) }
            let ascending = sort.ascending
            pairs.sort { a, b in
                a.value != b.value ? (ascending ? a.value < b.value : a.value > b.value) : a.place < b.place
            }
            return pairs.map { rows[Int($0.place)] }
        }
    }

    /// `rows` stably sorted by `value`, ascending or not: the distinct values are sorted and
    /// the rows placed by their value's rank (a counting sort).
    private func sortedByRank<Value: Hashable & Comparable>(_ rows: [Int32], _ value: (Int32) -> Value) -> [Int32] {
        var slotOf: [Value: Int] = [:]
        var distinct: [Value] = []
        var slots: [Int] = []
        slots.reserveCapacity(rows.count)
        for h in rows {
            let v = value(h)
            if let s = slotOf[v] {
                slots.append(s)
            } else {
                slotOf[v] = distinct.count
                slots.append(distinct.count)
                distinct.append(v)
            }
        }
        var byValue = Array(distinct.indices).sorted { distinct[$0] < distinct[$1] }
        if !sort.ascending { byValue.reverse() }
        var start = Array(repeating: 0, count: distinct.count)
        for s in slots { start[s] += 1 }
        var next = 0
        for s in byValue {
            let n = start[s]
            start[s] = next
            next += n
        }
        var sorted = [Int32](repeating: 0, count: rows.count)
        for (i, s) in slots.enumerated() {
            sorted[start[s]] = rows[i]
            start[s] += 1
        }
        return sorted
    }
}
