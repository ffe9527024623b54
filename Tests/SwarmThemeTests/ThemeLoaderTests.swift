import Dashboard
import Foundation
import SwarmTheme
import Testing

/// How theme files become themes: colours, attributes, inheritance, the normal role's colours.
@Suite struct ThemeLoaderTests {
    let loader = ThemeLoader(folder: Files.themes)

    @Test(arguments: [
        ("default", TerminalColor.default), ("red", .red), ("bright-blue", .brightBlue), ("Bright_Blue", .brightBlue),
        ("0", .indexed(0)), ("255", .indexed(255)), ("#ff8800", .rgb(255, 136, 0)), ("#FF8800", .rgb(255, 136, 0)),
    ])
    func colourValuesAreRead(_ text: String, _ colour: TerminalColor) {
        #expect(TerminalColor(themeText: text) == colour)
    }

    @Test(arguments: ["", "256", "-1", "#12345", "#1234567", "#gggggg", "grey", "bright", "1.5"])
    func thingsThatAreNotColoursAreRefused(_ text: String) {
        #expect(TerminalColor(themeText: text) == nil)
    }

    @Test func coloursAreWrittenBackAsThemeFilesWriteThem() {
        for colour: TerminalColor in [.default, .red, .brightWhite, .indexed(110), .rgb(0x88, 0xc0, 0xd0)] {
            #expect(TerminalColor(themeText: colour.themeText) == colour)
        }
        #expect(TerminalColor.rgb(0x08, 0x0a, 0xff).themeText == "#080aff")
    }

    @Test func inheritingKeepsTheParentAndOverridesAFewRoles() throws {
        let text = """
            description: nord, with failures shouting
            inherit: nord
            roles:
              task.failed: { fg: "#ff0000", attrs: [bold, reverse] }

            """
        let loaded = try loader.parse(text, file: "/tmp/loud.yaml")
        let nord = try loader.load(path: "\(Files.themes)/nord.yaml").theme
        #expect(loaded.theme.name == "loud")
        #expect(loaded.parent == "nord")
        #expect(loaded.rolesStyled == 1)
        #expect(loaded.warnings.isEmpty)
        // The override keeps nord's background, as every role that leaves out bg does.
        #expect(loaded.theme.style(.taskFailed) == Style(.rgb(255, 0, 0), .rgb(0x2e, 0x34, 0x40), bold: true, reverse: true))
        for role in StyleRole.allCases where role != .taskFailed {
            #expect(loaded.theme.style(role) == nord.style(role), "\(role.rawValue)")
        }
    }

    @Test func aNewNormalBackgroundReachesTheInheritedRoles() throws {
        let text = "description: default on navy\ninherit: default\nroles:\n  normal: { bg: \"#000040\" }\n"
        let theme = try loader.parse(text, file: "/tmp/navy.yaml").theme
        #expect(theme.style(.normal) == Style(.default, .rgb(0, 0, 0x40)))
        // task.running leaves its background out in the default theme: now it is navy.
        #expect(theme.style(.taskRunning) == Style(.green, .rgb(0, 0, 0x40), bold: true))
        // The header has its own.
        #expect(theme.style(.header) == Style(.brightWhite, .blue))
    }

    @Test func defaultWritesTheTerminalsOwnColourOverNormals() throws {
        let text = "description: x\ninherit: default\nroles:\n  normal: { fg: white, bg: black }\n  ok: { fg: green, bg: default }\n"
        let theme = try loader.parse(text, file: "/tmp/x.yaml").theme
        #expect(theme.style(.ok) == Style(.green, .default))
        #expect(theme.style(.muted) == Style(.brightBlack, .black))
    }

    @Test func attributesMayBeAListOrWords() throws {
        let text = """
            description: x
            inherit: default
            roles:
              ok: { attrs: [bold, underline] }
              error: { attrs: dim reverse }
              warning: { attrs: [] }

            """
        let theme = try loader.parse(text, file: "/tmp/x.yaml").theme
        #expect(theme.style(.ok) == Style(bold: true, underline: true))
        #expect(theme.style(.error) == Style(dim: true, reverse: true))
        #expect(theme.style(.warning) == Style())
    }

    @Test func inheritingAFileByPathIsRelativeToTheTheme() throws {
        let folder = try Files.folder([
            "base.yaml": "description: base\ninherit: default\nroles:\n  ok: { fg: 33 }\n",
            "mine.yaml": "description: mine\ninherit: ./base.yaml\nroles:\n  error: { fg: 196 }\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let theme = try loader.load(path: folder.appendingPathComponent("mine.yaml").path).theme
        #expect(theme.style(.ok) == Style(.indexed(33)))
        #expect(theme.style(.error) == Style(.indexed(196)))
        #expect(theme.style(.taskRunning) == Theme.defaultDark.style(.taskRunning))
    }

    @Test func aSiblingThemeIsInheritedByName() throws {
        let folder = try Files.folder([
            "base.yaml": "description: base\ninherit: default\nroles:\n  ok: { fg: 33 }\n",
            "mine.yaml": "description: mine\ninherit: base\nroles: {}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let theme = try loader.load(path: folder.appendingPathComponent("mine.yaml").path).theme
        #expect(theme.style(.ok) == Style(.indexed(33)))
    }

    @Test func withoutTheThemesFolderTheCompiledInThemesCanBeInherited() throws {
        let text = "description: x\ninherit: monochrome\nroles:\n  ok: { attrs: [underline] }\n"
        let theme = try ThemeLoader(folder: nil).parse(text, file: "/nowhere/x.yaml").theme
        #expect(theme.style(.ok) == Style(underline: true))
        #expect(theme.style(.header) == Theme.monochrome.style(.header))
    }

    @Test func theThemesNameIsTheFilesName() {
        #expect(ThemeLoader.name(ofFile: "/a/b/solarized-dark.yaml") == "solarized-dark")
        #expect(ThemeLoader.name(ofFile: "mine.yml") == "mine")
    }
}
