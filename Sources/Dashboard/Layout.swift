/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
    /// The inside of a box drawn on this rectangle's edge.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// Where everything goes on a screen of a given size. Shared by the reducer (paging, mouse)
/// and render, so both agree.
public struct Layout: Hashable, Sendable {
    public static let minWidth = 60
    public static let minHeight = 15
    public static let headerHeight = 3

    public var width: Int
    public var height: Int
    /// Below the minimum size only a "too small" message is shown.
    public var tooSmall: Bool { width < Layout.minWidth || height < Layout.minHeight }
    public var header: Rect { Rect(x: 0, y: 0, width: width, height: Layout.headerHeight) }
    public var status: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }
    public var main: Rect { Rect(x: 0, y: Layout.headerHeight, width: width, height: height - Layout.headerHeight - 1) }

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The box of a pane on the main screen: nodes | services on top, tasks | events below.
    public func pane(_ pane: Pane) -> Rect {
        let m = main
        let top = max(5, m.height * 2 / 5)
        let bottom = m.height - top
        let half = m.width / 2
        let tasksWidth = m.width * 3 / 5
        switch pane {
        case .nodes: return Rect(x: m.x, y: m.y, width: half, height: top)
        case .services: return Rect(x: m.x + half, y: m.y, width: m.width - half, height: top)
        case .tasks: return Rect(x: m.x, y: m.y + top, width: tasksWidth, height: bottom)
        case .events: return Rect(x: m.x + tasksWidth, y: m.y + top, width: m.width - tasksWidth, height: bottom)
        }
    }

    /// In a drill-down: the box with the object's facts, `infoLines` tall at most.
    public func detailInfo(lines infoLines: Int) -> Rect {
        let m = main
        return Rect(x: m.x, y: m.y, width: m.width, height: min(infoLines + 2, max(4, m.height / 2)))
    }

    /// In a drill-down: the box of the object's list, below its facts.
    public func detailList(infoLines: Int) -> Rect {
        let info = detailInfo(lines: infoLines)
        let m = main
        return Rect(x: m.x, y: info.y + info.height, width: m.width, height: m.height - info.height)
    }

    /// Data rows a list box shows (its inside less the column header).
    public static func visibleRows(in box: Rect) -> Int { max(0, box.inner.height - 1) }
}
