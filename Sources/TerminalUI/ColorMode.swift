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
    /// 24-bit colour. ncurses can send it only when the terminfo entry describes a
    /// direct-colour terminal (`TERM=xterm-direct`); `COLORTERM=truecolor` alone cannot make it
    /// do so, and then colours are mapped to the nearest of the 256.
    case trueColor
}

/// The colours a terminal can actually show, after `ColorMode` met terminfo.
enum ColorDepth: Hashable, Sendable {
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
    static func resolve(_ mode: ColorMode, environment: [String: String], hasColors: Bool, colors: Int) -> ColorDepth {
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

    /// The `ColorMode` that names this depth (8 colours count as `ansi16`).
    var mode: ColorMode {
        switch self {
        case .none: .none
        case .ansi8, .ansi16: .ansi16
        case .indexed256: .indexed256
        case .direct: .trueColor
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

    static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rank < rhs.rank }
}
