import ArgumentParser
import Foundation
import SwarmRecording
import SwarmScenario
import SwarmtopApp

/// `swarmtop simulate`: runs a scenario (or a stack) on the embedded engine without a
/// terminal for a stretch of virtual time and records it, as `--record` would have.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a scenario headless for a stretch of virtual time and record it (a recording of an hour in seconds).",
        discussion: """
            The recording is what `swarmtop --scenario … --record FILE` would write had the \
            session run that long at speed 1 with no key pressed, plus a marker at each \
            timeline action; the same options give the same file. Replay it with `swarmtop \
            replay FILE` (--verify checks it against the engine). demo/churn-10k.yaml for an \
            hour is the replay benchmark's recording.
            """
    )

    @Option(name: .long, help: "The scenario: a YAML file, or a name from demo/ (see `swarmtop scenarios list`); with --stack, the cluster to run the stack on.")
    var scenario: String?

    @OptionGroup var stackOptions: StackOptions

    @Option(name: .long, help: "Seed for the engine's random numbers (default: the scenario's).")
    var seed: UInt64?

    @Option(name: .customLong("for"), help: ArgumentHelp("Virtual time to run for, e.g. 90s, 5m, 1h.", valueName: "time"))
    var duration: String

    @Option(name: .long, help: ArgumentHelp("The recording to write (a new file).", valueName: "file"))
    var record: String

    @Option(name: .long, help: ArgumentHelp("The terminal size the recording says it had, WIDTHxHEIGHT.", valueName: "size"))
    var size: String = "120x40"

    @Option(name: .long, help: "The theme the recording names.")
    var theme: String = "default"

    func validate() throws {
        guard let d = parseDuration(duration), d > .zero else {
            throw ValidationError("--for must be a time such as 90s, 5m or 1h; got '\(duration)'")
        }
        guard ReplayCommand.size(size) != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 120x40; got '\(size)'") }
    }

    func run() async throws {
        let chosen: ChosenSetup
        do {
            chosen = try ChosenSetup.load(scenario: scenario, stackOptions: stackOptions, fallback: nil)
        } catch {
            fail(error.description)
        }
        if let notice = chosen.notice { FileHandle.standardError.write(Data("\(notice)\n".utf8)) }
        var setup = chosen.setup
        if let seed { setup.seed = seed }
        var source = RecordingHeader.Source(kind: .embedded, cluster: setup.clusterName, seed: setup.seed)
        if let file = chosen.scenarioFile, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            source.scenario = RecordingHeader.ScenarioText(file: file, text: text)
        }
        source.stack = stackOptions.stack
        // Both checked by `validate()`.
        guard let duration = parseDuration(duration), let size = ReplayCommand.size(size) else { return }
        let clock = ContinuousClock()
        let began = clock.now
        let summary: SimulatedSession.Summary
        do {
            summary = try SimulatedSession.record(
                setup: setup, source: source, theme: theme, width: size.width, height: size.height, duration: duration, to: record)
        } catch {
            fail(error.description)
        }
        let elapsed = clock.now - began
        let bytes = (try? FileManager.default.attributesOfItem(atPath: record)[.size] as? Int) ?? 0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let megabytes = String(format: "%.1f", Double(bytes) / 1_000_000)
        print("\(record): \(summary.events) cluster events, \(summary.markers) markers, \(summary.lines) lines, \(megabytes) MB; \(self.duration) of virtual time in \(String(format: "%.1f", seconds)) s")
    }

    /// Prints a one-line error and exits with code 2.
    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("swarmtop: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
