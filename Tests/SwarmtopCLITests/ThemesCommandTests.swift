import Foundation
import TestSupport
import Testing

/// `swarmtop themes list` and `swarmtop themes check`, run as a user runs them.
@Suite struct ThemesCommandTests {
    /// A fresh folder with `files` in it; removed by the caller.
    func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-themes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func listShowsEveryThemeWithItsDescriptionAndAPlainSampleWhenPiped() throws {
        let result = try SwarmtopProcess.run(["themes", "list"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for name in ["default", "light", "solarized-dark", "nord", "high-contrast", "deuteranopia", "tritanopia", "monochrome"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name) missing:\n\(result.stdout)")
        }
        #expect(lines.first?.hasPrefix("default ") == true)
        #expect(lines.contains { $0.contains("Attributes only") })
        // Each theme's line is followed by its sample; not a terminal, so no escape sequences.
        #expect(lines.filter { $0.contains("swarmtop  running pending failed") }.count == lines.count / 2)
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func checkSaysOkWithTheRolesAndParent() throws {
        let dir = try folder(["loud.yaml": "description: loud\ninherit: nord\nroles:\n  task.failed: { fg: red, attrs: [bold, reverse] }\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("loud.yaml").path
        let result = try SwarmtopProcess.run(["themes", "check", file, "themes/nord.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(file): ok (1 role, inherits nord)\nthemes/nord.yaml: ok (55 roles)\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func checkTakesABundledThemesName() throws {
        let result = try SwarmtopProcess.run(["themes", "check", "tritanopia"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("tritanopia.yaml: ok (55 roles)\n"), "\(result.stdout)")
    }

    @Test func checkExitsWith1ForMissingRolesFilledFromTheDefault() throws {
        let dir = try folder(["few.yaml": "description: few\nroles:\n  normal: {}\n  task.running: { fg: blue }\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("few.yaml").path
        let result = try SwarmtopProcess.run(["themes", "check", file])
        #expect(result.status == 1)
        #expect(result.stdout == "\(file): ok (2 roles, 53 from the default theme) with 1 warning\n")
        #expect(result.stderr.hasPrefix("\(file):2: warning: no style for 53 roles, taken from the default theme: "), "\(result.stderr)")
    }

    @Test func checkExitsWith2AndListsEveryError() throws {
        let text = "# broken\ndescription: broken\ninherit: default\nroles:\n  normal: {}\n  header: {}\n  taks.running: { fg: green }\n  ok: {}\n  error: { fg: \"#12345\" }\n"
        let dir = try folder(["x.yaml": text])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.yaml").path
        let result = try SwarmtopProcess.run(["themes", "check", file])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            \(file):7: unknown role 'taks.running' (did you mean 'task.running'?)
            \(file):9: '#12345' is not a colour: use a name (red, bright-blue…), 0–255 or #rrggbb

            """)
    }

    @Test func checkOfInvalidYAMLExitsWith2() throws {
        let dir = try folder(["x.yaml": "description: x\nroles:\n  ok: [fg: red\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.yaml").path
        let result = try SwarmtopProcess.run(["themes", "check", file])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(file):") && result.stderr.contains("invalid YAML"), "\(result.stderr)")
    }

    @Test func checkOfAMissingFileExitsWith2() throws {
        let result = try SwarmtopProcess.run(["themes", "check", "/nonexistent/x.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "/nonexistent/x.yaml: no such file\n")
    }
}
