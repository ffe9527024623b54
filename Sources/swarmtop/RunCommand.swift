import ArgumentParser
import Dashboard
import Foundation
import Logging
import SwarmEngine
import SwarmFormat
import SwarmRecording
import SwarmScenario
import SwarmTheme
import SwarmtopApp
import TerminalUI

/// `swarmtop` (`swarmtop run`): the live dashboard on the embedded engine.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open the dashboard on a living simulated cluster (the default).",
        discussion: "Keys: ? for help, q or Ctrl-C to quit. Logs go to --log, never to the screen."
    )

    @Option(name: .long, help: "A scenario file, or the name of one in demo/ (default: default); with --stack, the cluster to run the stack on.")
    var scenario: String?

    @OptionGroup var stackOptions: StackOptions

    @Option(name: .long, help: "Seed for the engine's random numbers (default: the scenario's).")
    var seed: UInt64?

    @Option(name: .long, help: "Virtual seconds per real second.")
    var speed: Double = 1

    @Flag(name: .long, help: "Start with the clock paused.")
    var paused = false

    @Flag(name: .long, help: "Show the cluster but refuse every action.")
    var readOnly = false

    @Option(name: .long, help: "Where to write the log (default: $XDG_STATE_HOME/swarmtop/swarmtop.log).")
    var log: String?

    @Option(name: .long, help: ArgumentHelp(
        "A colour theme: a name (see swarmtop themes list) or a theme file; wins over theme: in $XDG_CONFIG_HOME/swarmtop/config.yaml.",
        valueName: "name|file"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp(
        "Colours to draw with: auto (NO_COLOR, COLORTERM and terminfo decide), none, 16, 256 or truecolor.", valueName: "depth"))
    var colors: ColorChoice = .auto

    @Option(name: .long, help: ArgumentHelp(
        "Record the session to a new JSON Lines file (see docs/recording-format.md); replay it with `swarmtop replay FILE`.",
        valueName: "file"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp(
        "Watch a real swarm instead: its manager's address (default: DOCKER_HOST, else unix:///var/run/docker.sock).",
        valueName: "url"))
    var docker: String?

    @Option(name: .long, help: ArgumentHelp("With --docker, how often to read the tasks, in seconds.", valueName: "seconds"))
    var poll: Double = 1

    func validate() throws {
        guard poll >= 0.1, poll.isFinite else { throw ValidationError("--poll must be at least 0.1 seconds; got \(poll)") }
        if docker != nil {
            guard scenario == nil, stackOptions.stack == nil else {
                throw ValidationError("--docker watches a real swarm; --scenario and --stack are for the embedded engine: use one or the other")
            }
        }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number; got \(speed)") }
    }

    func run() async throws {
        if let docker { return await runDocker(address: docker) }
        // Everything that can fail on bad input is checked before the terminal is touched.
        let chosen: ChosenSetup
        do {
            chosen = try ChosenSetup.load(scenario: scenario, stackOptions: stackOptions, fallback: "default")
        } catch {
            fail(error.description)
        }
        if let notice = chosen.notice { FileHandle.standardError.write(Data("\(notice)\n".utf8)) }
        let logPath = log ?? FileLogHandler.defaultPath
        let handler: FileLogHandler
        do {
            handler = try FileLogHandler(label: "swarmtop", path: logPath)
        } catch {
            fail("cannot write the log file \(logPath): \(error.localizedDescription) (choose another with --log)")
        }
        let logger = Logger(label: "swarmtop") { _ in handler }

        if let notice = chosen.notice { logger.notice("\(notice)") }
        var setup = chosen.setup
        if let seed { setup.seed = seed }
        var engine = Engine(setup: setup)
        // A recording is written from the engine's notes of what each task change touched.
        engine.notesTaskChanges = record != nil
        let source = EngineSource(engine: engine, speed: speed, paused: paused)
        let env = ProcessInfo.processInfo.environment
        // A theme that cannot be used never stops the dashboard: the default is used, and
        // what was wrong is said in the status line, the log, and here (seen after quitting).
        let themes = ThemeSetup.choose(option: theme, config: AppConfig.load(environment: env), environment: env, folder: ThemeLookup.folder())
        for notice in themes.notices {
            FileHandle.standardError.write(Data("swarmtop: \(notice)\n".utf8))
            logger.warning("\(notice)")
        }
        let recorder = record.map { makeRecorder(path: $0, chosen: chosen, setup: setup, theme: themes.catalog.current) }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: themes.catalog.current, colorMode: colors.mode)
        } catch {
            fail("\(error)")
        }
        logger.info("terminal opened", metadata: [
            "setup": "\(chosen.origin)", "size": "\(terminal.size.width)x\(terminal.size.height)",
            "theme": "\(themes.catalog.current.name)", "colours": "\(terminal.colorDepth)",
        ])
        let loop = DashboardLoop(
            source: source, terminal: terminal, clusterName: setup.clusterName, sourceKind: .embedded, readOnly: readOnly,
            themes: themes.catalog, notice: themes.status, logger: logger, recorder: recorder)
        await loop.run()
        terminal.shutdown()
        if let failure = recorder?.writer.failure { FileHandle.standardError.write(Data("swarmtop: \(failure)\n".utf8)) }
    }

    /// Creates the recording file (before the terminal is touched) and says what to put in its
    /// header: the scenario's text and the seed, so `replay --verify` can run it again.
    private func makeRecorder(path: String, chosen: ChosenSetup, setup: EngineSetup, theme: Theme) -> SessionRecorder {
        var source = RecordingHeader.Source(kind: .embedded, cluster: setup.clusterName, seed: setup.seed)
        if let file = chosen.scenarioFile, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            source.scenario = RecordingHeader.ScenarioText(file: file, text: text)
        }
        source.stack = stackOptions.stack
        return openRecorder(path: path, source: source, theme: theme, shortForms: .fromNotes)
    }

    /// Creates the recording file at `path` for a session `source` describes, or fails with
    /// why (exit 2): called before the terminal is touched, whatever the source.
    func openRecorder(
        path: String, source: RecordingHeader.Source, theme: Theme, shortForms: RecordingWriter.ShortForms = .byComparing
    ) -> SessionRecorder {
        let writer: RecordingWriter
        do {
            writer = try RecordingWriter(creating: path, shortForms: shortForms)
        } catch {
            fail(error.description)
        }
        return SessionRecorder(writer: writer, source: source, theme: theme.name)
    }

    /// Prints a one-line error and exits with code 2 (the terminal is untouched at that point).
    /// The message is sanitised: it may quote a daemon's refusal or a file's content.
    func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("swarmtop: \(sanitizedForTerminal(message))\n".utf8))
        Foundation.exit(2)
    }
}

/// `--colors`: how many colours to draw with.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, none
    case ansi16 = "16"
    case indexed256 = "256"
    case truecolor

    /// The terminal's colour mode for this choice.
    var mode: ColorMode {
        switch self {
        case .auto: .detect
        case .none: .none
        case .ansi16: .ansi16
        case .indexed256: .indexed256
        case .truecolor: .trueColor
        }
    }
}
