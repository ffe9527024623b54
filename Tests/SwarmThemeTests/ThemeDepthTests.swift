import Dashboard
import SwarmTheme
import Testing
import TerminalUI

/// A theme's 24-bit colours on terminals with fewer: the nearest of the 256, then of the 16;
/// without colour, attributes alone.
@Suite struct ThemeDepthTests {
    static let nord = (try? ThemeLoader(folder: Files.themes).load(path: "\(Files.themes)/nord.yaml").theme) ?? .defaultDark

    @Test func truecolorKeepsTheFilesColours() {
        let look = CellAppearance(.selection, in: Self.nord, depth: .direct)
        #expect(look.description == "fg=#2e3440 bg=#88c0d0")
    }

    /// nord8 #88c0d0 is cube colour 110 (135, 175, 215) and, of xterm's 16, nearest white.
    @Test func nordFrostFallsBackTo256Then16() {
        #expect(CellAppearance(.selection, in: Self.nord, depth: .indexed256).description == "fg=237 bg=110")
        #expect(CellAppearance(.selection, in: Self.nord, depth: .ansi16).description == "fg=0 bg=7")
    }

    @Test(arguments: [
        (TerminalColor.rgb(0xdc, 0x32, 0x2f), 166, 1),  // solarized red
        (.rgb(0x85, 0x99, 0x00), 100, 3),               // solarized green: on 16 colours, nearest is yellow
        (.rgb(0x26, 0x8b, 0xd2), 32, 6),                // solarized blue: on 16 colours, cyan
        (.rgb(0xfa, 0xfa, 0xfa), 231, 15),              // light's background
    ])
    func rgbMapsToTheNearestAtEachDepth(_ colour: TerminalColor, _ in256: Int, _ in16: Int) {
        #expect(CellAppearance.number(colour, depth: .indexed256) == in256)
        #expect(CellAppearance.number(colour, depth: .ansi16) == in16)
    }

    @Test func withoutColourAThemePaintingTheScreenIsNotAllReverse() {
        // nord paints every role's background; only bars that differ from the screen's show as reverse.
        #expect(!CellAppearance(.taskRunning, in: Self.nord, depth: .none).reverse)
        #expect(!CellAppearance(.normal, in: Self.nord, depth: .none).reverse)
        #expect(CellAppearance(.selection, in: Self.nord, depth: .none).reverse)
        #expect(CellAppearance(.header, in: Self.nord, depth: .none).reverse)
    }
}
