/// A terminal colour.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 256 indexed colours (0–15 are the ANSI colours).
    case indexed(UInt8)
    /// A 24-bit colour; backends map it to the nearest colour the terminal has.
    case rgb(UInt8, UInt8, UInt8)

    public static let black = TerminalColor.indexed(0), red = TerminalColor.indexed(1), green = TerminalColor.indexed(2)
    public static let yellow = TerminalColor.indexed(3), blue = TerminalColor.indexed(4), magenta = TerminalColor.indexed(5)
    public static let cyan = TerminalColor.indexed(6), white = TerminalColor.indexed(7), brightBlack = TerminalColor.indexed(8)
    public static let brightRed = TerminalColor.indexed(9), brightGreen = TerminalColor.indexed(10), brightYellow = TerminalColor.indexed(11)
    public static let brightBlue = TerminalColor.indexed(12), brightMagenta = TerminalColor.indexed(13), brightCyan = TerminalColor.indexed(14)
    public static let brightWhite = TerminalColor.indexed(15)
}

/// How a role looks: colours and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(_ foreground: TerminalColor = .default, _ background: TerminalColor = .default, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }
}

/// A style for every role.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The role's style (the `normal` style for a role the theme leaves out).
    public func style(_ role: StyleRole) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// The built-in dark theme, in the 16 ANSI colours so it works on any colour terminal.
    /// `themes/default.yaml` is the same theme as a file (a test keeps the two equal); this
    /// copy is what an installed binary, without the themes folder, falls back to.
    public static let defaultDark = Theme(name: "default", styles: [
        .normal: Style(),
        .header: Style(.brightWhite, .blue),
        .headerLabel: Style(.brightCyan, .blue),
        .headerValue: Style(.brightWhite, .blue, bold: true),
        .headerAlert: Style(.brightYellow, .red, bold: true),
        .border: Style(.brightBlack),
        .borderFocused: Style(.cyan),
        .title: Style(.white, bold: true),
        .titleFocused: Style(.brightCyan, bold: true),
        .columnHeader: Style(.brightWhite, bold: true),
        .columnSorted: Style(.brightYellow, bold: true, underline: true),
        .selection: Style(.black, .cyan),
        .selectionInactive: Style(reverse: true),
        .muted: Style(.brightBlack),
        .ok: Style(.green),
        .warning: Style(.yellow, bold: true),
        .error: Style(.brightRed, bold: true),
        .status: Style(.white),
        .statusError: Style(.brightRed, bold: true),
        .breadcrumb: Style(.cyan),
        .prompt: Style(.brightYellow, bold: true),
        .dialog: Style(.brightWhite, .indexed(0)),
        .dialogBorder: Style(.brightYellow, .indexed(0)),
        .dialogTitle: Style(.brightYellow, .indexed(0), bold: true),
        .helpKey: Style(.brightCyan, bold: true),
        .dialogKey: Style(.brightCyan, .indexed(0), bold: true),
        .taskNew: Style(.brightBlack),
        .taskPending: Style(.yellow),
        .taskAssigned: Style(.cyan),
        .taskAccepted: Style(.cyan),
        .taskPreparing: Style(.brightCyan),
        .taskReady: Style(.brightBlue),
        .taskStarting: Style(.brightGreen),
        .taskRunning: Style(.green, bold: true),
        .taskComplete: Style(.blue),
        .taskShutdown: Style(.brightBlack),
        .taskFailed: Style(.brightRed, bold: true),
        .taskRejected: Style(.magenta, bold: true),
        .taskRemove: Style(.brightBlack, dim: true),
        .taskOrphaned: Style(.brightMagenta),
        .nodeReady: Style(.green),
        .nodeDown: Style(.brightRed, bold: true),
        .nodeUnknown: Style(.yellow),
        .nodeDisconnected: Style(.magenta),
        .availabilityActive: Style(.green),
        .availabilityPause: Style(.yellow),
        .availabilityDrain: Style(.brightMagenta, bold: true),
        .managerLeader: Style(.brightYellow, bold: true),
        .managerReachable: Style(.cyan),
        .managerUnreachable: Style(.brightRed, bold: true),
        .eventNode: Style(.cyan),
        .eventService: Style(.brightBlue),
        .eventTask: Style(.white),
        .eventAccepted: Style(.green),
        .eventRefused: Style(.brightRed, bold: true),
    ])

    /// Attributes only, for NO_COLOR and monochrome terminals: bold for running and leaders,
    /// bold underline for failures, dim for what is gone, reverse for bars. Equal to
    /// `themes/monochrome.yaml`.
    public static let monochrome: Theme = {
        var styles: [StyleRole: Style] = [:]
        for role in StyleRole.allCases { styles[role] = Style() }
        for role: StyleRole in [.title, .titleFocused, .columnHeader, .taskRunning, .managerLeader, .warning, .prompt, .helpKey, .dialogKey,
                                .availabilityDrain] {
            styles[role] = Style(bold: true)
        }
        for role: StyleRole in [.taskFailed, .taskRejected, .nodeDown, .managerUnreachable, .error, .statusError, .eventRefused] {
            styles[role] = Style(bold: true, underline: true)
        }
        for role: StyleRole in [.header, .headerLabel, .selection] { styles[role] = Style(reverse: true) }
        styles[.headerValue] = Style(bold: true, reverse: true)
        styles[.headerAlert] = Style(bold: true, underline: true, reverse: true)
        styles[.dialogTitle] = Style(bold: true, reverse: true)
        styles[.columnSorted] = Style(bold: true, underline: true)
        for role: StyleRole in [.muted, .border, .taskShutdown, .taskRemove, .taskNew] { styles[role] = Style(dim: true) }
        return Theme(name: "monochrome", styles: styles)
    }()
}
