import Dashboard
import Foundation
import SwarmTheme
import TerminalUI
import Testing

/// One screen per bundled theme, as the in-memory terminal shows it: the characters, then how
/// every run of cells looks — colours and attributes — at truecolor, 256 and 16 colours
/// (roles alone are the same in every theme; the looks are what a theme is).
///
/// Files: `Golden/theme-<name>.txt`; `SWARMTOP_UPDATE_GOLDEN=1` rewrites them, and a missing
/// one fails.
@Suite struct ThemeGoldenTests {
    static let themesFolder = Demo.root.appendingPathComponent("themes").path
    static let names = ThemeLookup.bundled(in: themesFolder).map(\.name)
    static let regenerate = "SWARMTOP_UPDATE_GOLDEN=1 swift test --filter ThemeGoldenTests"
    static let size = ScreenSize(width: 100, height: 30)
    static let depths: [ColorDepth] = [.direct, .indexed256, .ansi16]

    /// The demo at 90 s with the drain confirmation open over it: header, panes with a
    /// selection, task and node states, events, a dialog and the status line in one screen.
    static func scene() -> Canvas {
        var (_, state) = Demo.dashboard(at: .seconds(90), width: size.width, height: size.height)
        Demo.walk(to: "worker-3", pane: "1", &state)
        Demo.press([.character("d")], &state)
        return DashboardView.render(state)
    }

    @Test(arguments: names)
    func eachThemesScreenLooksAsRecorded(name: String) throws {
        let theme = try ThemeLoader(folder: Self.themesFolder).load(path: "\(Self.themesFolder)/\(name).yaml").theme
        let canvas = Self.scene()
        var out = "swarmtop golden theme \(name): the demo at 90 s, drain confirmation of worker-3 open; keys: 1, j until worker-3, d\n"
        out += "regenerate: \(Self.regenerate)\n"
        var screen = ""
        for depth in Self.depths {
            // Drawn in another theme first, then switched: what a user switching live sees.
            let terminal = MemoryTerminal(width: canvas.width, height: canvas.height, theme: .defaultDark, colorDepth: depth)
            terminal.draw(canvas)
            terminal.setTheme(theme)
            if screen.isEmpty {
                screen = terminal.screenText()
                out += "-- screen \(canvas.width)x\(canvas.height) (each row ends with |) --\n"
                for line in screen.split(separator: "\n", omittingEmptySubsequences: false) { out += line + "|\n" }
            }
            out += "-- \(depth) (row: first-last look, columns from 0, inclusive; plain cells not listed) --\n"
            out += Self.looks(of: terminal)
        }
        Golden.check(out, named: "theme-\(name)", regenerate: Self.regenerate)
    }

    /// Runs of cells that look the same, row by row.
    static func looks(of terminal: MemoryTerminal) -> String {
        let (width, height) = terminal.size
        var out = ""
        for y in 0..<height {
            var runs: [String] = []
            var x = 0
            while x < width {
                let look = terminal.screenLook(x: x, y: y)
                var end = x
                while end + 1 < width, terminal.screenLook(x: end + 1, y: y) == look { end += 1 }
                if let look, !look.isPlain { runs.append("\(x)-\(end) \(look)") }
                x = end + 1
            }
            if !runs.isEmpty { out += "\(y): " + runs.joined(separator: ", ") + "\n" }
        }
        return out
    }

    @Test func switchingThemesChangesHowTheSameCellsLook() throws {
        let loader = ThemeLoader(folder: Self.themesFolder)
        let canvas = Self.scene()
        let terminal = MemoryTerminal(width: canvas.width, height: canvas.height, colorDepth: .direct)
        terminal.draw(canvas)
        let before = Self.looks(of: terminal)
        terminal.setTheme(try loader.load(path: "\(Self.themesFolder)/nord.yaml").theme)
        #expect(Self.looks(of: terminal) != before)
        #expect(terminal.framesDrawn == 1, "no frame is needed to change the looks")
    }
}
