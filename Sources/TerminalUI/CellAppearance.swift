import Dashboard

/// How a cell is drawn on a particular terminal: colour numbers and attributes.
///
/// The pure half of colour handling: `Style` × `ColorDepth` → this. The ncurses thread then
/// turns the colour numbers into a colour pair; `sgr` writes them as an escape sequence
/// without ncurses; golden files print `description`.
public struct CellAppearance: Hashable, Sendable {
    /// The terminal's own colour (`use_default_colors()`).
    public static let defaultColor = -1

    /// The depth the colour numbers are for.
    public var depth: ColorDepth
    /// Foreground colour number, or `defaultColor`: 0–255 for indexed depths; at `.direct`,
    /// 0–7 for the ANSI colours and 0xRRGGBB above.
    public var foreground: Int
    /// Background colour number, or `defaultColor`, as `foreground`.
    public var background: Int
    /// Bold (on 8 colours, also how a bright foreground is shown).
    public var bold: Bool
    /// Half-bright.
    public var dim: Bool
    /// Underlined.
    public var underline: Bool
    /// Foreground and background swapped (without colour, also how a bar is shown).
    public var reverse: Bool

    /// Whether this needs a colour pair other than the default one.
    public var hasColor: Bool { foreground != Self.defaultColor || background != Self.defaultColor }

    /// Whether this is the terminal's own look: its colours, no attributes.
    public var isPlain: Bool { !hasColor && !bold && !dim && !underline && !reverse }

    /// How `style` looks at colour depth `depth`.
    ///
    /// - 256 colours: indexed colours as they are, 24-bit ones to the nearest cube or grey.
    /// - 16 colours: indexed colours above 15 and 24-bit ones to the nearest ANSI colour.
    /// - 8 colours: as 16, then a bright foreground (8–15) becomes its base colour in bold,
    ///   a bright background its base colour.
    /// - Direct colour: ANSI colours 0–7 as they are, everything else as 0xRRGGBB.
    /// - No colour: attributes only; a style whose background differs from the screen's is
    ///   drawn in reverse video (a selection bar stays visible with `NO_COLOR`).
    /// - Parameters:
    ///   - style: The role's style in the theme.
    ///   - depth: The colours the terminal shows.
    ///   - screenBackground: The background of the theme's `normal` role: a style on it is not
    ///     a bar (a theme that paints the whole screen is not all reverse without colour).
    public init(_ style: Style, depth: ColorDepth, screenBackground: TerminalColor = .default) {
        self.depth = depth
        bold = style.bold
        dim = style.dim
        underline = style.underline
        reverse = style.reverse
        switch depth {
        case .none:
            foreground = Self.defaultColor
            background = Self.defaultColor
            if style.background != screenBackground { reverse = true }
        case .ansi8:
            let fg = Self.number(style.foreground, depth: .ansi16)
            let bg = Self.number(style.background, depth: .ansi16)
            if fg >= 8 {
                foreground = fg - 8
                bold = true
            } else {
                foreground = fg
            }
            background = bg >= 8 ? bg - 8 : bg
        case .ansi16, .indexed256, .direct:
            foreground = Self.number(style.foreground, depth: depth)
            background = Self.number(style.background, depth: depth)
        }
    }

    /// How `role` looks in `theme` at `depth`.
    public init(_ role: StyleRole, in theme: Theme, depth: ColorDepth) {
        self.init(theme.style(role), depth: depth, screenBackground: theme.style(.normal).background)
    }

    /// The colour number of `color` at `depth` (`defaultColor` for the terminal's own).
    public static func number(_ color: TerminalColor, depth: ColorDepth) -> Int {
        switch (color, depth) {
        case (.default, _), (_, .none):
            return defaultColor
        case let (.indexed(index), .indexed256):
            return Int(index)
        case let (.rgb(r, g, b), .indexed256):
            return Int(XtermPalette.nearest256(to: .init(r, g, b)))
        case let (.indexed(index), .ansi16), let (.indexed(index), .ansi8):
            return index < 16 ? Int(index) : Int(XtermPalette.nearest16(to: XtermPalette.rgb(ofIndex: index)))
        case let (.rgb(r, g, b), .ansi16), let (.rgb(r, g, b), .ansi8):
            return Int(XtermPalette.nearest16(to: .init(r, g, b)))
        case let (.indexed(index), .direct):
            return index < 8 ? Int(index) : direct(XtermPalette.rgb(ofIndex: index))
        case let (.rgb(r, g, b), .direct):
            return direct(.init(r, g, b))
        }
    }

    /// A direct colour number; values below 8 mean the ANSI colours there, so the darkest
    /// blues are nudged to 8 (0x000008, indistinguishable from black).
    private static func direct(_ color: XtermPalette.RGB) -> Int { max(8, color.packed) }

    // MARK: Escape sequences

    /// The SGR escape sequence that starts drawing in this look from a reset state
    /// (`ESC [ 0 ; … m`): 30–37/90–97 for the 16 colours, `38;5;N` for the 256, `38;2;R;G;B`
    /// for direct colour, and the same for the background.
    public var sgr: String {
        var parameters = ["0"]
        if bold { parameters.append("1") }
        if dim { parameters.append("2") }
        if underline { parameters.append("4") }
        if reverse { parameters.append("7") }
        if let fg = sgrColour(foreground, base: 30) { parameters.append(fg) }
        if let bg = sgrColour(background, base: 40) { parameters.append(bg) }
        return "\u{1B}[" + parameters.joined(separator: ";") + "m"
    }

    /// The sequence that goes back to the terminal's own look.
    public static let resetSGR = "\u{1B}[0m"

    private func sgrColour(_ number: Int, base: Int) -> String? {
        guard number != Self.defaultColor else { return nil }
        if number < 8 { return "\(base + number)" }
        if depth == .direct {
            return "\(base + 8);2;\((number >> 16) & 0xFF);\((number >> 8) & 0xFF);\(number & 0xFF)"
        }
        if number < 16 { return "\(base + 60 + number - 8)" }
        return "\(base + 8);5;\(number)"
    }
}

extension CellAppearance: CustomStringConvertible {
    /// `fg=#e5e5e5 bg=4 bold`: colours as numbers (24-bit ones as `#rrggbb`), `default` for
    /// the terminal's own, then the attributes; `plain` for the terminal's own look.
    public var description: String {
        guard !isPlain else { return "plain" }
        var parts = ["fg=\(colourText(foreground))", "bg=\(colourText(background))"]
        if bold { parts.append("bold") }
        if dim { parts.append("dim") }
        if underline { parts.append("underline") }
        if reverse { parts.append("reverse") }
        return parts.joined(separator: " ")
    }

    private func colourText(_ number: Int) -> String {
        if number == Self.defaultColor { return "default" }
        if depth == .direct, number >= 8 {
            let hex = String(number, radix: 16)
            return "#" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex
        }
        return "\(number)"
    }
}
