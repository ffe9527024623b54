import ArgumentParser
import Dashboard
import Foundation
import SwarmRecording
import SwarmReplay
import SwarmScenario

/// `swarmtop replay FILE`: plays a recording, in the dashboard or headless.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording made with --record: in the dashboard, or headless.",
        discussion: """
            Headless (--headless, or any of --screen, --summary, --verify), the recording plays \
            into an in-memory terminal with no wall clock, so the same file gives the same \
            output on every run and machine. Times (--at) are seconds of recording time, as \
            90s, 5m or 1h30m. Exit codes: 0 done (identical for --verify), 1 --verify found a \
            difference, 2 the recording or the options are wrong.
            """
    )

    @Argument(help: "The recording (a .jsonl file written by swarmtop --record).")
    var file: String

    @Flag(name: .long, help: "Play without a terminal and print what is asked (default: --screen).")
    var headless = false

    @Option(name: .long, help: ArgumentHelp("The screen size for headless play, WIDTHxHEIGHT (default: the recorded size).", valueName: "size"))
    var size: String?

    @Flag(name: .long, help: "Print the final screen as text (or the screen --at a time or --at-marker).")
    var screen = false

    @Option(name: .long, help: ArgumentHelp("With --screen: the screen at this recording time (e.g. 90s).", valueName: "time"))
    var at: String?

    @Option(name: .customLong("at-marker"), help: ArgumentHelp("With --screen: the screen at this marker.", valueName: "name"))
    var atMarker: String?

    @Flag(name: .long, help: "Print a JSON summary: duration, events by kind, tasks by state over time, actions and answers, final counts.")
    var summary = false

    @Option(name: .long, help: ArgumentHelp("With --summary: how often to count tasks by state (default 10s).", valueName: "time"))
    var every: String?

    @Flag(name: .long, help: "Run the engine again from the recorded scenario, seed and actions and check it produces the same events.")
    var verify = false

    var wantsHeadless: Bool { headless || screen || summary || verify }

    func validate() throws {
        if at != nil, atMarker != nil { throw ValidationError("--at and --at-marker both choose the screen; use one") }
        if let at, Self.duration(at) == nil { throw ValidationError("--at must be a time such as 90s, 5m or 1h30m; got '\(at)'") }
        if let every, (Self.duration(every) ?? .zero) <= .zero { throw ValidationError("--every must be a time such as 10s; got '\(every)'") }
        if let size, Self.size(size) == nil { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 120x40; got '\(size)'") }
    }

    func run() async throws {
        guard wantsHeadless else {
            fail("the interactive replay is not there yet: use --headless (with --screen, --summary or --verify)")
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let showScreen = screen || at != nil || atMarker != nil || !(summary || verify)
        var outputs = 0
        if showScreen || summary {
            let result: HeadlessReplay.Result
            do {
                result = try HeadlessReplay.run(
                    path: file, name: name, size: size.flatMap(Self.size), screenAt: at.flatMap(Self.duration), screenAtMarker: atMarker,
                    summaryInterval: every.flatMap(Self.duration) ?? .seconds(10), wantsSummary: summary)
            } catch {
                fail("\(error)")
            }
            for warning in result.warnings { FileHandle.standardError.write(Data("swarmtop: \(warning)\n".utf8)) }
            if showScreen, let screen = result.screen {
                print(screen)
                outputs += 1
            }
            if let summary = result.summary {
                print(summary.json(), terminator: "")
                outputs += 1
            }
        }
        if verify {
            let report: RecordingVerifier.Report
            do {
                report = try RecordingVerifier.verify(path: file, name: file)
            } catch {
                fail("\(error)")
            }
            if outputs == 0 {
                print(report.message)
            } else {
                FileHandle.standardError.write(Data("swarmtop: \(report.message)\n".utf8))
            }
            if !report.identical { throw ExitCode(1) }
        }
    }

    static func duration(_ text: String) -> Duration? {
        guard let d = parseDuration(text), d >= .zero else { return nil }
        return d
    }

    static func size(_ text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...2000).contains(w), (1...1000).contains(h) else { return nil }
        return (w, h)
    }

    /// Prints a one-line error and exits with code 2.
    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("swarmtop: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
