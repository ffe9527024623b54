import Dashboard
import SwarmTheme
import Testing

/// The themes in `themes/`: all there, whole, and the two that are compiled in equal to their files.
@Suite struct BundledThemeTests {
    static let names = ThemeLookup.bundled(in: Files.themes).map(\.name)
    static let loader = ThemeLoader(folder: Files.themes)

    @Test func theIssuesEightThemesAreBundled() {
        for name in ["default", "light", "solarized-dark", "nord", "high-contrast", "deuteranopia", "tritanopia", "monochrome"] {
            #expect(Self.names.contains(name), "themes/\(name).yaml is missing")
        }
        #expect(Self.names.first == "default", "default comes first: t cycles from it")
    }

    @Test(arguments: names)
    func loadsWithoutWarningsAndStylesEveryRoleItself(name: String) throws {
        let loaded = try Self.loader.load(path: "\(Files.themes)/\(name).yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.rolesStyled == StyleRole.allCases.count, "a bundled theme styles every role itself")
        #expect(loaded.parent == nil)
        #expect(loaded.theme.name == name)
        #expect(Set(loaded.theme.styles.keys) == Set(StyleRole.allCases))
        let description = try #require(loaded.description)
        #expect(!description.isEmpty && description.count <= 110, "one short line for themes list")
    }

    @Test func theDefaultFileIsTheCompiledInDefault() throws {
        let loaded = try Self.loader.load(path: "\(Files.themes)/default.yaml")
        for role in StyleRole.allCases {
            #expect(loaded.theme.style(role) == Theme.defaultDark.style(role), "role \(role.rawValue)")
        }
        #expect(loaded.theme == Theme.defaultDark)
    }

    @Test func theMonochromeFileIsTheCompiledInMonochrome() throws {
        let loaded = try Self.loader.load(path: "\(Files.themes)/monochrome.yaml")
        #expect(loaded.theme == Theme.monochrome)
    }

    @Test func monochromeUsesAttributesOnly() {
        for role in StyleRole.allCases {
            let style = Theme.monochrome.style(role)
            #expect(style.foreground == .default && style.background == .default, "role \(role.rawValue)")
        }
        // Without colour, failures still stand apart from running tasks.
        #expect(Theme.monochrome.style(.taskFailed) != Theme.monochrome.style(.taskRunning))
    }

    /// The states an operator must tell apart at a glance, in each theme: running, failed,
    /// pending, complete, rejected and shutdown all look different.
    @Test(arguments: names)
    func theMainTaskStatesLookDifferent(name: String) throws {
        let theme = try Self.loader.load(path: "\(Files.themes)/\(name).yaml").theme
        let roles: [StyleRole] = [.taskRunning, .taskFailed, .taskPending, .taskComplete, .taskRejected, .taskShutdown]
        if name == "monochrome" {
            // Attributes only: running, failing, and gone differ.
            #expect(Set([StyleRole.taskRunning, .taskFailed, .taskShutdown].map(theme.style)).count == 3)
        } else {
            #expect(Set(roles.map(theme.style)).count == roles.count, "two of \(roles.map(\.rawValue)) look the same")
        }
    }

    /// The colour-blind themes keep failures from depending on hue alone: failed, rejected
    /// and down are bold and underlined, running is bold without underline.
    @Test(arguments: ["deuteranopia", "tritanopia"])
    func colourBlindThemesMarkFailuresWithAttributesToo(name: String) throws {
        let theme = try Self.loader.load(path: "\(Files.themes)/\(name).yaml").theme
        for role: StyleRole in [.taskFailed, .nodeDown, .managerUnreachable] {
            #expect(theme.style(role).bold && theme.style(role).underline, "\(role.rawValue)")
        }
        #expect(theme.style(.taskRunning).bold && !theme.style(.taskRunning).underline)
    }

    /// No task state of the red–green-safe theme is drawn in a red or a green.
    @Test func deuteranopiaHasNoRedOrGreenTaskState() throws {
        let theme = try Self.loader.load(path: "\(Files.themes)/deuteranopia.yaml").theme
        for role in StyleRole.allCases where role.rawValue.hasPrefix("task.") || role.rawValue.hasPrefix("node.") {
            guard case let .rgb(r, g, b) = theme.style(role).foreground else { continue }
            let (red, green, blue) = (Int(r), Int(g), Int(b))
            let isRed = red > 150 && green < 90 && blue < 90
            let isGreen = green > 120 && red < 100 && blue < 120
            #expect(!isRed && !isGreen, "\(role.rawValue) is \(theme.style(role).foreground.themeText)")
        }
    }
}
