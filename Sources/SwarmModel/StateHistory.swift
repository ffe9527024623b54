/// The states a task entered, with the time it entered each, oldest first (`StateHistory`).
///
/// A task's observed state only moves forward, so it enters each of the fourteen states at
/// most once: the times are kept inline, one slot per state, with a bit per state entered. A
/// task then carries no buffer of its own for its history — none to allocate when it is made,
/// and none to copy when a copy of the task (an event, a recording's ledger) shares it and the
/// task changes state again. A source that breaks the forward-only rule (entries out of order
/// or repeated) is kept faithfully too: its history becomes a plain list.
public struct StateHistory: RandomAccessCollection, Hashable, Sendable, Codable, ExpressibleByArrayLiteral {
    /// Entry times by state position (`TaskState.position`), valid where `entered` has a bit.
    private var times = InlineArray<14, Int64>(repeating: 0)
    private var entered: UInt16 = 0
    /// The whole history as a list, once an entry came out of state order; nil until then.
    private var list: [StateEntry]?

    public init() {}

    public init(_ entries: some Sequence<StateEntry>) {
        for entry in entries { append(entry) }
    }

    public init(arrayLiteral entries: StateEntry...) { self.init(entries) }

    /// Adds the state the task entered last.
    /// - Complexity: O(1), unless the entry is out of state order (then O(n), once).
    public mutating func append(_ entry: StateEntry) {
        if list != nil {
            list!.append(entry)
            return
        }
        let p = entry.state.position
        guard entered >> p == 0 else {
            // Not after every state entered so far: kept as a list from now on.
            list = Array(self) + [entry]
            return
        }
        times[p] = entry.time.nanoseconds
        entered |= 1 << p
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { list?.count ?? entered.nonzeroBitCount }

    /// - Complexity: O(1) (at most fourteen bits are looked at).
    public subscript(i: Int) -> StateEntry {
        if let list { return list[i] }
        precondition(i >= 0 && i < entered.nonzeroBitCount, "index out of range")
        var bits = entered
        for _ in 0..<i { bits &= bits - 1 }
        let p = bits.trailingZeroBitCount
        return StateEntry(state: TaskState.byPosition[p], time: Timestamp(nanoseconds: times[p]))
    }

    /// The time the task entered `state`, if it did.
    /// - Complexity: O(1) for a history in state order.
    public func time(of state: TaskState) -> Timestamp? {
        if let list { return list.first(where: { $0.state == state })?.time }
        let p = state.position
        return entered & (1 << p) != 0 ? Timestamp(nanoseconds: times[p]) : nil
    }

    /// Whether this history is `old` with `entry` appended: what a change of state does to
    /// it.
    /// - Complexity: O(1) for histories in state order (at most fourteen times compared).
    package func isAppending(_ entry: StateEntry, to old: StateHistory) -> Bool {
        if list == nil, old.list == nil {
            // An entry out of state order would turn `old` into a list, which an inline
            // history never equals: no, without building it.
            guard old.entered >> entry.state.position == 0 else { return false }
            // In state order both: `old` appended to, kept inline, and compared as `==` compares.
            var expected = old
            expected.append(entry)
            return self == expected
        }
        return count == old.count + 1 && last == entry && dropLast().elementsEqual(old)
    }

    public static func == (a: StateHistory, b: StateHistory) -> Bool {
        if a.list == nil, b.list == nil {
            guard a.entered == b.entered else { return false }
            var bits = a.entered
            while bits != 0 {
                let p = bits.trailingZeroBitCount
                if a.times[p] != b.times[p] { return false }
                bits &= bits - 1
            }
            return true
        }
        return a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for entry in self { hasher.combine(entry) }
    }

    /// Written and read as the JSON array of entries.
    public init(from decoder: any Decoder) throws {
        self.init(try [StateEntry](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
