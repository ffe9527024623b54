import ArgumentParser
import Dashboard
import Foundation
import SwarmTheme
import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `swarmtop themes list` and `swarmtop themes check FILE…`.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "The colour themes: list them, check a theme file (see docs/themes.md).",
        subcommands: [List.self, Check.self],
        defaultSubcommand: List.self
    )

    /// `swarmtop themes list`: each theme's name and description, and a sample line drawn in it.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the themes with a sample line of each (use one with --theme NAME, t or :theme NAME).",
            discussion: "The sample is drawn in colour when standard output is a terminal and NO_COLOR is not set.")

        func run() throws {
            let folder = ThemeLookup.folder()
            let loader = ThemeLoader(folder: folder)
            let environment = ProcessInfo.processInfo.environment
            let depth: ColorDepth
            if isatty(STDOUT_FILENO) == 1 {
                let term = environment["TERM"] ?? ""
                depth = ColorDepth.forEscapes(environment: environment, terminfoColors: term.isEmpty ? nil : TerminalType.terminfoColors(of: term))
            } else {
                depth = .none
            }
            var entries: [(name: String, theme: Theme?, description: String)] = []
            var broken = 0
            if let folder {
                for (name, path) in ThemeLookup.bundled(in: folder) {
                    do {
                        let loaded = try loader.load(path: path)
                        entries.append((name, loaded.theme, loaded.description ?? ""))
                    } catch {
                        broken += 1
                        entries.append((name, nil, "(cannot be loaded: \(error.first?.description ?? "?"))"))
                    }
                }
            } else {
                print("no themes folder found: only the compiled-in themes (run swarmtop from its repository for all of them)")
            }
            for theme in ThemeLookup.builtIn where !entries.contains(where: { $0.name == theme.name }) {
                entries.append((theme.name, theme, "(compiled in)"))
            }
            let width = entries.map(\.name.count).max() ?? 0
            for entry in entries {
                print("\(entry.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.description)")
                if let theme = entry.theme { print(String(repeating: " ", count: width + 2) + Self.sample(theme, depth: depth)) }
            }
            if broken > 0 { throw ExitCode(2) }
        }

        /// The roles the sample line shows, with their text.
        static let sampleRuns: [(String, StyleRole)] = [
            (" swarmtop ", .headerValue), (" ", .normal), ("running", .taskRunning), (" ", .normal), ("pending", .taskPending),
            (" ", .normal), ("failed", .taskFailed), (" ", .normal), ("rejected", .taskRejected), (" ", .normal),
            ("complete", .taskComplete), (" ", .normal), ("drain", .availabilityDrain), (" ", .normal), ("down", .nodeDown),
            (" ", .normal), (" selected ", .selection),
        ]

        /// A line of the dashboard's words in `theme`'s looks at `depth`; plain text at `.none`.
        static func sample(_ theme: Theme, depth: ColorDepth) -> String {
            guard depth != .none else { return sampleRuns.map(\.0).joined() }
            return sampleRuns.map { text, role in CellAppearance(role, in: theme, depth: depth).sgr + text }.joined() + CellAppearance.resetSGR
        }
    }

    /// `swarmtop themes check FILE…`: loads each theme file as the dashboard would.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check theme files: every problem as FILE:LINE: message.",
            discussion: """
                Exit status: 0 when every theme is fine, 1 when one has warnings (it works, with roles filled in), \
                2 when one has errors (the dashboard would fall back to the default theme).
                """)

        @Argument(help: ArgumentHelp("Theme files, or names of themes in themes/.", valueName: "file"))
        var files: [String]

        func run() throws {
            let folder = ThemeLookup.folder()
            let loader = ThemeLoader(folder: folder)
            var status: Int32 = 0
            for file in files {
                let path = ThemeLookup.path(for: file, folder: folder) ?? file
                do {
                    let loaded = try loader.load(path: path)
                    for warning in loaded.warnings { printError(warning.description) }
                    var facts = ["\(loaded.rolesStyled) \(loaded.rolesStyled == 1 ? "role" : "roles")"]
                    if let parent = loaded.parent { facts.append("inherits \(parent)") }
                    let missing = StyleRole.allCases.count - loaded.rolesStyled
                    if loaded.parent == nil, missing > 0 { facts.append("\(missing) from the default theme") }
                    let warnings = loaded.warnings.count
                    let withWarnings = warnings > 0 ? " with \(warnings) \(warnings == 1 ? "warning" : "warnings")" : ""
                    print("\(path): ok (\(facts.joined(separator: ", ")))\(withWarnings)")
                    if warnings > 0 { status = max(status, 1) }
                } catch {
                    for diagnostic in error.diagnostics { printError(diagnostic.description) }
                    status = 2
                }
            }
            if status != 0 { throw ExitCode(status) }
        }

        private func printError(_ line: String) {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }
}
