import Dashboard
import Foundation
import SwarmTheme
import SwarmtopApp
import Testing

/// Which theme the dashboard starts in, and what it says when the choice cannot be used:
/// `--theme` wins, then NO_COLOR, then the settings file, then `default`; a broken choice
/// leaves the default in use with a warning, never a refusal to start.
@Suite struct ThemeSetupTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("themes").path

    func config(_ text: String) throws -> (AppConfig, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("config.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (AppConfig.load(path: file.path), dir)
    }

    @Test func withNothingChosenTheDefaultIsUsedAndEveryBundledThemeOffered() {
        let setup = ThemeSetup.choose(option: nil, config: AppConfig(), environment: [:], folder: Self.folder)
        #expect(setup.catalog.current.name == "default")
        #expect(setup.catalog.current == Theme.defaultDark)
        #expect(setup.catalog.names.count >= 8)
        #expect(setup.notices.isEmpty)
        #expect(setup.status == nil)
    }

    @Test func theCommandLineWinsOverTheSettingsFile() throws {
        let (config, dir) = try config("theme: light\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(ThemeSetup.choose(option: nil, config: config, environment: [:], folder: Self.folder).catalog.current.name == "light")
        #expect(ThemeSetup.choose(option: "nord", config: config, environment: [:], folder: Self.folder).catalog.current.name == "nord")
    }

    @Test func noColorChoosesMonochromeUnlessTheCommandLineSaysOtherwise() throws {
        let (config, dir) = try config("theme: light\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["NO_COLOR": "1"]
        #expect(ThemeSetup.choose(option: nil, config: config, environment: env, folder: Self.folder).catalog.current == Theme.monochrome)
        #expect(ThemeSetup.choose(option: "nord", config: config, environment: env, folder: Self.folder).catalog.current.name == "nord")
    }

    @Test func aThemeFileIsLoadedAndOfferedBesideTheBundledOnes() throws {
        let (_, dir) = try config("")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mine.yaml")
        try "description: mine\ninherit: nord\nroles:\n  task.failed: { fg: red }\n".write(to: file, atomically: true, encoding: .utf8)
        let setup = ThemeSetup.choose(option: file.path, config: AppConfig(), environment: [:], folder: Self.folder)
        #expect(setup.catalog.current.name == "mine")
        #expect(setup.catalog.names.contains("nord") && setup.catalog.names.last == "mine")
        #expect(setup.notices.isEmpty)
    }

    @Test func aBrokenThemeFileFallsBackToTheDefaultWithAVisibleWarning() throws {
        let (_, dir) = try config("")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.yaml")
        try "description: broken\ninherit: default\nroles:\n  taks.running: { fg: green }\n  ok: { fg: \"#12345\" }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let setup = ThemeSetup.choose(option: file.path, config: AppConfig(), environment: [:], folder: Self.folder)
        #expect(setup.catalog.current == Theme.defaultDark)
        #expect(setup.fellBack)
        #expect(setup.notices == [
            "\(file.path):4: unknown role 'taks.running' (did you mean 'task.running'?)",
            "\(file.path):5: '#12345' is not a colour: use a name (red, bright-blue…), 0–255 or #rrggbb",
        ])
        #expect(setup.status == StatusMessage(
            "\(file.path):4: unknown role 'taks.running' (did you mean 'task.running'?) — using the default theme (+1 more in the log)", isError: true))
    }

    @Test func anUnknownThemeNameSuggestsOne() {
        let setup = ThemeSetup.choose(option: "nrod", config: AppConfig(), environment: [:], folder: Self.folder)
        #expect(setup.catalog.current.name == "default")
        #expect(setup.notices == ["--theme: no theme 'nrod' (did you mean 'nord'?); see swarmtop themes list"])
    }

    @Test func withoutTheThemesFolderTheCompiledInThemesRemain() {
        let setup = ThemeSetup.choose(option: nil, config: AppConfig(), environment: ["NO_COLOR": "1"], folder: nil)
        #expect(setup.catalog.names == ["default", "monochrome"])
        #expect(setup.catalog.current == Theme.monochrome)
        #expect(setup.notices.isEmpty)
    }

    // MARK: The settings file

    @Test func theSettingsFileIsUnderXDGConfigHomeElseHome() {
        #expect(AppConfig.path(environment: ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/u"]) == "/x/conf/swarmtop/config.yaml")
        #expect(AppConfig.path(environment: ["HOME": "/home/u"]) == "/home/u/.config/swarmtop/config.yaml")
        #expect(AppConfig.path(environment: [:]) == nil)
    }

    @Test func aMissingSettingsFileIsNoSettingsAndNoWarning() {
        let config = AppConfig.load(environment: ["XDG_CONFIG_HOME": "/nonexistent-swarmtop-test"])
        #expect(config.theme == nil && config.warnings.isEmpty)
    }

    @Test func aRelativeThemeFileIsFoundBesideTheSettingsFile() throws {
        let (config, dir) = try config("theme: themes/mine.yaml\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(config.theme == dir.appendingPathComponent("themes/mine.yaml").path)
        #expect(config.themeLine == 1)
    }

    @Test func aBrokenSettingsFileIsOneWarningPerProblemAndTheDefaults() throws {
        let (unknown, dir1) = try config("# mine\nthem: nord\n")
        defer { try? FileManager.default.removeItem(at: dir1) }
        #expect(unknown.theme == nil)
        #expect(unknown.warnings == ["\(dir1.path)/config.yaml:2: unknown setting 'them' (did you mean 'theme'?); ignored"])

        let (invalid, dir2) = try config("theme: [nord\n")
        defer { try? FileManager.default.removeItem(at: dir2) }
        #expect(invalid.theme == nil)
        #expect(invalid.warnings.count == 1)
        #expect(invalid.warnings.first?.hasPrefix("\(dir2.path)/config.yaml:") == true)
        #expect(invalid.warnings.first?.contains("invalid YAML") == true && invalid.warnings.first?.hasSuffix("; settings ignored") == true)

        // The warnings reach the theme set-up's notices, after the default is kept.
        let setup = ThemeSetup.choose(option: nil, config: unknown, environment: [:], folder: Self.folder)
        #expect(setup.catalog.current.name == "default")
        #expect(setup.notices == unknown.warnings)
        #expect(setup.status?.isError == false)
    }

    @Test func aSettingsFilesUnknownThemeNamesTheFileAndLine() throws {
        let (config, dir) = try config("\ntheme: solarized\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let setup = ThemeSetup.choose(option: nil, config: config, environment: [:], folder: Self.folder)
        #expect(setup.notices == ["\(dir.path)/config.yaml:2: no theme 'solarized' (did you mean 'solarized-dark'?); see swarmtop themes list"])
    }
}
