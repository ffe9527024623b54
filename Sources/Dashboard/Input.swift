/// A key the operator pressed, decoded from the terminal.
public enum Key: Hashable, Sendable {
    /// A printable character, including space.
    case character(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl with a letter (`.control("c")` for Ctrl-C), lowercase.
    case control(Character)
    case function(Int)
}

/// A mouse event at a cell.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}

/// What a terminal backend reports.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// The process was asked to stop (SIGTERM, SIGHUP): quit cleanly.
    case terminate
}
