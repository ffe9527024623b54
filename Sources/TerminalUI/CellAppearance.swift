import Dashboard

/// How a cell is drawn on a particular terminal: colour numbers for ncurses and attributes.
///
/// The pure half of colour handling: `Style` × `ColorDepth` → this. The ncurses thread then
/// turns the colour numbers into a colour pair.
struct CellAppearance: Hashable, Sendable {
    /// The terminal's own colour (`use_default_colors()`).
    static let defaultColor = -1

    /// Foreground colour number, or `defaultColor`.
    var foreground: Int
    /// Background colour number, or `defaultColor`.
    var background: Int
    var bold: Bool
    var dim: Bool
    var underline: Bool
    var reverse: Bool

    /// Whether this needs a colour pair other than the default one.
    var hasColor: Bool { foreground != Self.defaultColor || background != Self.defaultColor }

    /// How `style` looks at colour depth `depth`.
    ///
    /// - 256 colours: indexed colours as they are, 24-bit ones to the nearest cube or grey.
    /// - 16 colours: indexed colours above 15 and 24-bit ones to the nearest ANSI colour.
    /// - 8 colours: as 16, then a bright foreground (8–15) becomes its base colour in bold,
    ///   a bright background its base colour.
    /// - Direct colour: ANSI colours 0–7 as they are, everything else as 0xRRGGBB.
    /// - No colour: attributes only; a style with a background colour is drawn in reverse video
    ///   (a selection bar stays visible with `NO_COLOR`).
    init(_ style: Style, depth: ColorDepth) {
        bold = style.bold
        dim = style.dim
        underline = style.underline
        reverse = style.reverse
        switch depth {
        case .none:
            foreground = Self.defaultColor
            background = Self.defaultColor
            if style.background != .default { reverse = true }
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

    /// The colour number of `color` at `depth` (`defaultColor` for the terminal's own).
    static func number(_ color: TerminalColor, depth: ColorDepth) -> Int {
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
}
