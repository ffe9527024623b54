import Dashboard
import SwarmTheme
import Testing

/// Switching themes while the dashboard runs: `t` goes to the next, `:theme NAME` to one,
/// with completion; the terminal is told through an effect.
@Suite struct ThemeReducerTests {
    static let nord = Theme(name: "nord", styles: [.normal: Style(.rgb(0xd8, 0xde, 0xe9), .rgb(0x2e, 0x34, 0x40))])
    static let light = Theme(name: "light", styles: [.normal: Style(.rgb(0x1c, 0x1c, 0x1c), .rgb(0xfa, 0xfa, 0xfa))])

    /// The demo dashboard with default, light, monochrome and nord to choose from.
    func dashboard() -> DashboardState {
        var (_, state) = Demo.dashboard()
        state.themes = ThemeCatalog([.defaultDark, Self.light, .monochrome, Self.nord], current: .defaultDark)
        return state
    }

    @Test func tGoesToTheNextThemeAndTellsTheTerminal() {
        var state = dashboard()
        #expect(Demo.press([.character("t")], &state) == [.setTheme(Self.light)])
        #expect(state.themes.current.name == "light")
        #expect(state.status?.text == "theme light (t: next, :theme NAME)")
        #expect(Demo.press([.character("t"), .character("t")], &state) == [.setTheme(.monochrome), .setTheme(Self.nord)])
        // After the last, the first.
        #expect(Demo.press([.character("t")], &state) == [.setTheme(.defaultDark)])
    }

    @Test func themeCommandPutsTheNamedThemeInUse() {
        var state = dashboard()
        let effects = Demo.press([.character(":")] + Key.chars("theme nord") + [.enter], &state)
        #expect(effects == [.setTheme(Self.nord)])
        #expect(state.themes.current == Self.nord)
        #expect(state.status == StatusMessage("theme nord"))
    }

    @Test func anUnknownThemeIsRefusedWithTheNames() {
        var state = dashboard()
        let effects = Demo.press([.character(":")] + Key.chars("theme nor") + [.enter], &state)
        #expect(effects.isEmpty)
        #expect(state.themes.current.name == "default")
        #expect(state.status == StatusMessage("no theme 'nor' (did you mean 'nord'?) — themes: default light monochrome nord", isError: true))
    }

    @Test func themeAloneListsTheThemesMarkingTheOneInUse() {
        var state = dashboard()
        Demo.press([.character(":")] + Key.chars("theme") + [.enter], &state)
        #expect(state.status?.text == "themes: [default] light monochrome nord")
    }

    @Test func tabCompletesThemeNames() {
        var state = dashboard()
        Demo.press([.character(":")] + Key.chars("the") + [.tab], &state)
        #expect(state.mode == .command("theme "))
        Demo.press(Key.chars("n") + [.tab], &state)
        #expect(state.mode == .command("theme nord "))
        Demo.press([.escape, .character(":")] + Key.chars("theme ") + [.tab], &state)
        #expect(state.status?.text == "default  light  monochrome  nord")
    }

    @Test func tIsListedInTheHelp() {
        var state = dashboard()
        Demo.press([.character("?")], &state)
        let help = DashboardView.render(state).text
        #expect(help.contains("next colour theme"))
        #expect(help.contains("theme NAME"))
    }

    @Test func aCatalogueReplacesAThemeOfTheSameNameAndAddsTheCurrentOne() {
        let mine = Theme(name: "nord", styles: [:])
        let catalog = ThemeCatalog([.defaultDark, Self.nord, .monochrome], current: mine)
        #expect(catalog.names == ["default", "nord", "monochrome"])
        #expect(catalog.current == mine)
        let extra = ThemeCatalog([.defaultDark], current: Self.light)
        #expect(extra.names == ["default", "light"])
        #expect(extra.current == Self.light)
    }
}
