import Dashboard
import Testing
@testable import TerminalUI

/// Which terminfo entry ncurses starts with, and the depth of escapes written without it.
@Suite struct TerminalTypeTests {
    /// terminfo as a table: the entries installed, with their `colors`.
    static let installed = ["xterm-256color": 256, "xterm-direct": 0x100_0000, "tmux-256color": 256, "tmux-direct": 0x100_0000,
                            "screen-256color": 256, "xterm": 8, "xterm-kitty": 256]
    static func colors(_ name: String) -> Int? { installed[name] }

    @Test func directSiblingsOfCommonTypes() {
        #expect(TerminalType.directSiblings(of: "xterm-256color") == ["xterm-direct"])
        #expect(TerminalType.directSiblings(of: "tmux-256color") == ["tmux-direct"])
        #expect(TerminalType.directSiblings(of: "xterm-kitty") == ["xterm-kitty-direct", "xterm-direct"])
        #expect(TerminalType.directSiblings(of: "xterm-direct").isEmpty)
    }

    @Test func truecolorAnnouncedPicksTheDirectSibling() {
        let env = ["COLORTERM": "truecolor"]
        #expect(TerminalType.entry(for: "xterm-256color", mode: .detect, environment: env, colors: Self.colors) == "xterm-direct")
        #expect(TerminalType.entry(for: "tmux-256color", mode: .detect, environment: ["COLORTERM": "24bit"], colors: Self.colors) == "tmux-direct")
        #expect(TerminalType.entry(for: "xterm-kitty", mode: .detect, environment: env, colors: Self.colors) == "xterm-direct")
    }

    @Test func withoutADirectSiblingTheTypeStays() {
        // screen-direct is not installed: colours are mapped to the nearest of the 256.
        #expect(TerminalType.entry(for: "screen-256color", mode: .detect, environment: ["COLORTERM": "truecolor"], colors: Self.colors) == nil)
    }

    @Test func theTypeStaysUnlessTruecolorIsWanted() {
        #expect(TerminalType.entry(for: "xterm-256color", mode: .detect, environment: [:], colors: Self.colors) == nil)
        #expect(TerminalType.entry(for: "xterm-256color", mode: .indexed256, environment: ["COLORTERM": "truecolor"], colors: Self.colors) == nil)
        #expect(TerminalType.entry(for: "xterm-256color", mode: .detect, environment: ["COLORTERM": "truecolor", "NO_COLOR": "1"], colors: Self.colors) == nil)
        // Forced, it needs no COLORTERM.
        #expect(TerminalType.entry(for: "xterm-256color", mode: .trueColor, environment: [:], colors: Self.colors) == "xterm-direct")
    }

    @Test func escapesFollowNoColorThenColortermThenTerminfo() {
        #expect(ColorDepth.forEscapes(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], terminfoColors: 256) == .none)
        #expect(ColorDepth.forEscapes(environment: ["COLORTERM": "truecolor"], terminfoColors: 8) == .direct)
        #expect(ColorDepth.forEscapes(environment: [:], terminfoColors: 256) == .indexed256)
        #expect(ColorDepth.forEscapes(environment: [:], terminfoColors: 16) == .ansi16)
        #expect(ColorDepth.forEscapes(environment: [:], terminfoColors: 0) == .none)
        #expect(ColorDepth.forEscapes(environment: [:], terminfoColors: nil) == .none)
    }

    @Test func terminfoIsReadWithoutAScreen() {
        #expect(TerminalType.terminfoColors(of: "xterm-256color") == 256)
        #expect(TerminalType.terminfoColors(of: "no-such-terminal-type") == nil)
    }

    // MARK: Escape sequences and descriptions

    @Test func sgrAtEachDepth() {
        let style = Style(.rgb(0x88, 0xc0, 0xd0), .blue, bold: true)
        #expect(CellAppearance(style, depth: .direct).sgr == "\u{1B}[0;1;38;2;136;192;208;44m")
        #expect(CellAppearance(style, depth: .indexed256).sgr == "\u{1B}[0;1;38;5;110;44m")
        #expect(CellAppearance(style, depth: .ansi16).sgr == "\u{1B}[0;1;37;44m")
        #expect(CellAppearance(Style(.brightRed, underline: true), depth: .ansi16).sgr == "\u{1B}[0;4;91m")
        #expect(CellAppearance(style, depth: .none).sgr == "\u{1B}[0;1;7m")
    }

    @Test func descriptionsNameColoursAsGoldenFilesShowThem() {
        #expect(CellAppearance(Style(.rgb(0xff, 0xff, 0xff), .default, bold: true), depth: .direct).description == "fg=#ffffff bg=default bold")
        #expect(CellAppearance(Style(.rgb(0xff, 0xff, 0xff), .default, bold: true), depth: .indexed256).description == "fg=231 bg=default bold")
        #expect(CellAppearance(Style(.red), depth: .direct).description == "fg=1 bg=default")
        #expect(CellAppearance(Style(), depth: .direct).description == "plain")
    }

    // MARK: The memory terminal's theme

    @Test func theMemoryTerminalShowsRolesInItsTheme() {
        let terminal = MemoryTerminal(width: 10, height: 1, theme: .defaultDark, colorDepth: .ansi16)
        var canvas = Canvas(width: 10, height: 1)
        canvas.put("failed", x: 0, y: 0, role: .taskFailed)
        terminal.draw(canvas)
        #expect(terminal.screenLook(x: 0, y: 0)?.description == "fg=9 bg=default bold")
        terminal.setTheme(.monochrome)
        #expect(terminal.screenLook(x: 0, y: 0)?.description == "fg=default bg=default bold underline")
        #expect(terminal.themesSet == 1)
        #expect(terminal.screenLook(x: 20, y: 0) == nil)
    }
}
