/// How many colours to draw with.
public enum ColorMode: Hashable, Sendable {
    /// Decide from the environment and the terminal: `NO_COLOR` (set and not empty) turns
    /// colour off; otherwise the terminal's terminfo entry (its `colors`) decides between 256
    /// and 16 colours, or 24-bit colour for a direct-colour entry such as `xterm-direct`.
    case detect
    /// No colour: attributes only (bold, dim, underline, reverse). A style with a background
    /// colour is shown in reverse video so that bars such as the selection stay visible.
    case none
    /// The 16 ANSI colours (on an 8-colour terminal the bright ones are drawn bold).
    case ansi16
    /// The 256 xterm colours; 24-bit colours are mapped to the nearest of them.
    case indexed256
    /// 24-bit colour. ncurses sends it only through a direct-colour terminfo entry: the
    /// terminal's own (`TERM=xterm-direct`), or, when `COLORTERM` says `truecolor` or `24bit`
    /// (or this mode is forced), the direct-colour sibling of `TERM` if it is installed
    /// (`xterm-256color` → `xterm-direct`, see `TerminalType`). Without one, colours are mapped
    /// to the nearest of the 256.
    case trueColor
}

/// The colours a terminal can actually show, after `ColorMode` met terminfo.
public enum ColorDepth: Hashable, Sendable {
    /// No colour at all.
    case none
    /// The 8 ANSI colours; bright foregrounds become bold.
    case ansi8
    /// The 16 ANSI colours.
    case ansi16
    /// The 256 xterm colours.
    case indexed256
    /// 24-bit colour numbers (0xRRGGBB) in a direct-colour terminfo entry; 0–7 are the ANSI colours.
    case direct

    /// The depth to draw with, from the requested mode, the environment and what terminfo says.
    ///
    /// A forced mode never goes beyond the terminal (ncurses refuses colour numbers at or
    /// above `COLORS`), it only goes below it.
    /// - Parameters:
    ///   - mode: What the user asked for.
    ///   - environment: The process environment (`NO_COLOR` is read from it).
    ///   - hasColors: Whether terminfo says the terminal has colours (`has_colors()`).
    ///   - colors: The number of colours terminfo gives (`COLORS` after `start_color()`).
    public static func resolve(_ mode: ColorMode, environment: [String: String], hasColors: Bool, colors: Int) -> ColorDepth {
        let capability: ColorDepth
        if !hasColors || colors < 8 {
            capability = .none
        } else if colors >= 0x100_0000 {
            capability = .direct
        } else if colors >= 256 {
            capability = .indexed256
        } else if colors >= 16 {
            capability = .ansi16
        } else {
            capability = .ansi8
        }
        let requested: ColorDepth
        switch mode {
        case .detect:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
            return capability
        case .none: return .none
        case .ansi16: requested = .ansi16
        case .indexed256: requested = .indexed256
        case .trueColor: requested = .direct
        }
        return min(requested, capability)
    }

    /// The depth of escape sequences written without ncurses (`swarmtop themes list`):
    /// none with `NO_COLOR`, 24-bit when `COLORTERM` is `truecolor` or `24bit` (SGR `38;2`
    /// needs no terminfo entry), else what terminfo gives the terminal type.
    /// - Parameters:
    ///   - environment: The process environment (`NO_COLOR`, `COLORTERM`).
    ///   - terminfoColors: terminfo's `colors` for `TERM`; nil when the type is unknown.
    public static func forEscapes(environment: [String: String], terminfoColors: Int?) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        if TerminalType.announcesTrueColor(environment) { return .direct }
        guard let colors = terminfoColors else { return .none }
        return resolve(.detect, environment: [:], hasColors: colors >= 8, colors: colors)
    }

    /// The `ColorMode` that names this depth (8 colours count as `ansi16`).
    public var mode: ColorMode {
        switch self {
        case .none: .none
        case .ansi8, .ansi16: .ansi16
        case .indexed256: .indexed256
        case .direct: .trueColor
        }
    }
}

extension ColorDepth: CustomStringConvertible {
    /// `truecolor`, `256 colours`, `16 colours`, `8 colours` or `no colour`.
    public var description: String {
        switch self {
        case .none: "no colour"
        case .ansi8: "8 colours"
        case .ansi16: "16 colours"
        case .indexed256: "256 colours"
        case .direct: "truecolor"
        }
    }
}

extension ColorDepth: Comparable {
    private var rank: Int {
        switch self {
        case .none: 0
        case .ansi8: 1
        case .ansi16: 2
        case .indexed256: 3
        case .direct: 4
        }
    }

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rank < rhs.rank }
}
