import Dashboard
import Foundation
import SwarmTheme
import Testing

/// What a broken theme file says: one line per problem, `FILE:LINE: message`, saying what to
/// write instead; every problem of the file at once.
@Suite struct ThemeErrorTests {
    let loader = ThemeLoader(folder: Files.themes)

    /// The diagnostics of theme text as if from `themes/x.yaml`.
    func problems(_ text: String, file: String = "themes/x.yaml") -> [String] {
        do {
            let loaded = try loader.parse(text, file: file)
            return loaded.warnings.map(\.description)
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// A theme that inherits the default and styles `roles` (one per line from line 4).
    func theme(_ roles: String...) -> String {
        "# a theme\ndescription: test\ninherit: default\nroles:\n" + roles.map { "  \($0)\n" }.joined()
    }

    @Test func unknownRoleSuggestsTheNearestOne() {
        let text = theme("normal: {}", "header: { fg: white }", "taks.running: { fg: green }")
        #expect(problems(text) == ["themes/x.yaml:7: unknown role 'taks.running' (did you mean 'task.running'?)"])
    }

    @Test func unknownRoleWithNothingNearSaysSoPlainly() {
        #expect(problems(theme("sparkles: { fg: red }")) == ["themes/x.yaml:5: unknown role 'sparkles'"])
    }

    @Test func badHexColourSaysWhatAColourIs() {
        let text = theme("normal: {}", "header: {}", "border: {}", "title: {}", "ok: { fg: \"#12345\" }")
        #expect(problems(text) == ["themes/x.yaml:9: '#12345' is not a colour: use a name (red, bright-blue…), 0–255 or #rrggbb"])
    }

    @Test func misspeltColourNameSuggestsTheName() {
        #expect(problems(theme("ok: { fg: gren }")) == ["themes/x.yaml:5: 'gren' is not a colour (did you mean 'green'?)"])
        #expect(problems(theme("ok: { bg: bright-rde }")) == ["themes/x.yaml:5: 'bright-rde' is not a colour (did you mean 'bright-red'?)"])
    }

    @Test func indexAbove255IsNotAColour() {
        #expect(problems(theme("ok: { fg: 256 }")) == ["themes/x.yaml:5: '256' is not a colour: use a name (red, bright-blue…), 0–255 or #rrggbb"])
    }

    @Test func unquotedHexInAFlowMappingIsBlamedOnTheComment() {
        #expect(problems(theme("normal: {}", "ok: { fg: #00ff00 }", "error: { fg: red }"))
                == [##"themes/x.yaml:6: '#' starts a YAML comment: put colours in quotes, e.g. { fg: "#ffffff" }"##])
    }

    @Test func unquotedHexInABlockMappingIsBlamedOnTheComment() {
        let text = "description: test\ninherit: default\nroles:\n  ok:\n    fg: #00ff00\n"
        #expect(problems(text) == [##"themes/x.yaml:5: fg: '#' starts a YAML comment; put the colour in quotes: fg: "#rrggbb""##])
    }

    @Test func unknownAttributeSuggestsTheNearestOne() {
        #expect(problems(theme("ok: { attrs: [bold, undreline] }")) == ["themes/x.yaml:5: 'undreline' is not an attribute (did you mean 'underline'?)"])
        #expect(problems(theme("ok: { attrs: italic }")) == ["themes/x.yaml:5: 'italic' is not an attribute: use bold, dim, underline or reverse"])
    }

    @Test func unknownStyleKeySuggestsTheNearestOne() {
        #expect(problems(theme("ok: { fgg: red }"))
                == ["themes/x.yaml:5: unknown key 'fgg' in the style of 'ok' (did you mean 'fg'?); a style has fg, bg and attrs"])
    }

    @Test func unknownTopLevelKeySuggestsTheNearestOne() {
        #expect(problems("descripton: x\ninherit: default\nroles: {}\n")
                == ["themes/x.yaml:1: unknown key 'descripton' (did you mean 'description'?); a theme has description, inherit and roles"])
    }

    @Test func roleWithoutAStyleSaysHowToWriteOne() {
        #expect(problems(theme("ok:"))
                == ["themes/x.yaml:5: role 'ok' has no style: give fg, bg and/or attrs, e.g. { fg: red, attrs: [bold] }, or {} for the normal look"])
    }

    @Test func invalidYAMLGivesTheParsersLine() {
        let found = problems("description: test\nroles:\n  ok: { fg: red\n  error: { fg: red }\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("themes/x.yaml:") == true && found.first?.contains(": invalid YAML: ") == true, "\(found)")
    }

    @Test func aRoleStyledTwiceIsADuplicateKey() {
        #expect(problems(theme("ok: { fg: red }", "error: {}", "ok: { fg: green }")) == ["themes/x.yaml:7: duplicate key 'ok' (also on line 5)"])
    }

    @Test func anEmptyFileIsAnError() {
        #expect(problems("# nothing\n") == ["themes/x.yaml:1: the theme is empty: give it roles (and a description, maybe inherit); see docs/themes.md"])
    }

    @Test func everyProblemOfTheFileIsReportedAtOnce() {
        let found = problems(theme("taks.running: {}", "ok: { fg: gren }", "error: { attrs: [blod] }"))
        #expect(found == [
            "themes/x.yaml:5: unknown role 'taks.running' (did you mean 'task.running'?)",
            "themes/x.yaml:6: 'gren' is not a colour (did you mean 'green'?)",
            "themes/x.yaml:7: 'blod' is not an attribute (did you mean 'bold'?)",
        ])
    }

    @Test func missingRolesAreFilledFromTheDefaultWithAWarning() throws {
        let text = "description: two roles\nroles:\n  normal: {}\n  task.running: { fg: blue, attrs: [bold] }\n"
        let loaded = try loader.parse(text, file: "themes/x.yaml")
        #expect(loaded.warnings.map(\.description) == [
            "themes/x.yaml:2: warning: no style for 53 roles, taken from the default theme: header, header.label, header.value, header.alert, border, border.focused, … (or inherit: default to say so)",
        ])
        #expect(loaded.theme.style(.taskRunning) == Style(.blue, bold: true))
        #expect(loaded.theme.style(.taskFailed) == Theme.defaultDark.style(.taskFailed))
    }

    @Test func unknownParentSuggestsABundledTheme() {
        #expect(problems("description: x\ninherit: nrod\nroles: {}\n")
                == ["themes/x.yaml:2: unknown theme 'nrod' to inherit (did you mean 'nord'?); give a theme name (see swarmtop themes list) or a file"])
    }

    @Test func inheritCycleNamesTheWholeCycle() throws {
        let folder = try Files.folder([
            "a.yaml": "description: a\ninherit: b\nroles: {}\n",
            "b.yaml": "description: b\n\ninherit: a\nroles: {}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.yaml").path, b = folder.appendingPathComponent("b.yaml").path
        #expect(throws: ThemeError.self) { try loader.load(path: a) }
        do {
            _ = try loader.load(path: a)
        } catch {
            #expect(error.diagnostics.map(\.description) == ["\(b):3: inherit cycle: a → b → a"])
        }
    }

    @Test func aThemeInheritingItselfIsACycle() throws {
        let folder = try Files.folder(["me.yaml": "description: me\ninherit: me\nroles: {}\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("me.yaml").path
        do {
            _ = try loader.load(path: path)
            Issue.record("a self-inheriting theme loaded")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["\(path):2: inherit cycle: me → me"])
        }
    }

    @Test func aBrokenParentIsReportedWhereItIsInherited() throws {
        let folder = try Files.folder([
            "base.yaml": "description: base\ninherit: default\nroles:\n  ok: { fg: 300 }\n",
            "child.yaml": "description: child\ninherit: base\nroles: {}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("base.yaml").path, child = folder.appendingPathComponent("child.yaml").path
        do {
            _ = try loader.load(path: child)
            Issue.record("a theme with a broken parent loaded")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "\(child):2: cannot inherit 'base': \(base):4: '300' is not a colour: use a name (red, bright-blue…), 0–255 or #rrggbb",
            ])
        }
    }

    @Test func aMissingFileHasNoLine() {
        do {
            _ = try loader.load(path: "/nonexistent/theme.yaml")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["/nonexistent/theme.yaml: no such file"])
        }
    }
}
