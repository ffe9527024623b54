import ArgumentParser
import Dashboard
import Foundation
import SwarmFormat
import SwarmRecording
import SwarmReplay
import SwarmScenario
import TerminalUI

/// `swarmtop replay FILE`: plays a recording, in the dashboard or headless.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording made with --record: in the dashboard, or headless.",
        discussion: """
            Headless (--headless, or any of --screen, --summary, --verify, --frames, \
            --export-cast), the recording plays into an in-memory terminal with no wall clock, so the same file gives the same \
            output on every run and machine. Times (--at) are seconds of recording time, as \
            90s, 5m or 1h30m. Exit codes: 0 done (identical for --verify), 1 --verify found a \
            difference, 2 the recording or the options are wrong.
            """
    )

    @Argument(help: "The recording (a .jsonl file written by swarmtop --record).")
    var file: String

    @Flag(name: .long, help: "Play without a terminal and print what is asked (default: --screen).")
    var headless = false

    @Option(name: .long, help: "In the dashboard: recording seconds per real second (] and [ change it).")
    var speed: Double = 1

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

    @Option(name: .long, help: ArgumentHelp("With --summary: how often to count tasks by state (default 10s); with --frames: also a frame this often.", valueName: "time"))
    var every: String?

    @Option(name: .long, help: ArgumentHelp("Write one text file per marker (marker-01-NAME.txt), and with --every one per interval (at-000010s.txt), into this folder.", valueName: "folder"))
    var frames: String?

    @Option(name: .customLong("export-cast"), help: ArgumentHelp("Write an asciicast v2 file (asciinema play FILE plays it).", valueName: "file"))
    var exportCast: String?

    @Flag(name: .long, help: "Run the engine again from the recorded scenario, seed and actions and check it produces the same events.")
    var verify = false

    var wantsHeadless: Bool { headless || screen || summary || verify || frames != nil || exportCast != nil }

    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number; got \(speed)") }
        if at != nil, atMarker != nil { throw ValidationError("--at and --at-marker both choose the screen; use one") }
        if let at, Self.duration(at) == nil { throw ValidationError("--at must be a time such as 90s, 5m or 1h30m; got '\(at)'") }
        if let every, (Self.duration(every) ?? .zero) <= .zero { throw ValidationError("--every must be a time such as 10s; got '\(every)'") }
        if let size, Self.size(size) == nil { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 120x40; got '\(size)'") }
    }

    func run() async throws {
        guard wantsHeadless else {
            await playInteractively()
            return
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        if verify { refuseToVerifyARealSwarm() }
        let showScreen = screen || at != nil || atMarker != nil || !(summary || verify || frames != nil || exportCast != nil)
        var outputs = 0
        if showScreen || summary || frames != nil || exportCast != nil {
            var options = HeadlessReplay.Options()
            options.size = size.flatMap(Self.size)
            options.screenAt = at.flatMap(Self.duration)
            options.screenAtMarker = atMarker
            options.wantsSummary = summary
            options.summaryInterval = every.flatMap(Self.duration) ?? .seconds(10)
            options.wantsFrames = frames != nil
            options.framesEvery = frames == nil ? nil : every.flatMap(Self.duration)
            if let folder = frames { makeFolder(folder) }
            let castFile = exportCast.map { openForWriting($0) }
            if let castFile { options.cast = { castFile.write(Data($0.utf8)) } }
            let result: HeadlessReplay.Result
            do {
                result = try HeadlessReplay.run(path: file, name: name, options: options)
            } catch {
                if let exportCast { try? FileManager.default.removeItem(atPath: exportCast) }
                fail("\(error)")
            }
            try? castFile?.close()
            for warning in result.warnings { FileHandle.standardError.write(Data("swarmtop: \(warning)\n".utf8)) }
            if let folder = frames {
                for frame in result.frames {
                    let path = URL(fileURLWithPath: folder).appendingPathComponent(frame.name).path
                    guard FileManager.default.createFile(atPath: path, contents: Data((frame.text + "\n").utf8)) else {
                        fail("cannot write \(path)")
                    }
                }
            }
            if showScreen {
                print(result.screen)
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

    /// Exits with code 2, before anything is played, when the recording is of a real swarm:
    /// `--verify` runs the embedded engine again, and a real swarm's events come from outside
    /// swarmtop, so nothing could produce them again. (A recording that cannot be read is left
    /// to the replay, which says why.)
    private func refuseToVerifyARealSwarm() {
        guard let reader = try? RecordingReader(path: file), reader.header.source.kind == .docker else { return }
        // The file may come from anyone: what it says is sanitised before it reaches the terminal.
        let endpoint = reader.header.source.endpoint.map { " (\(sanitizedForTerminal($0)))" } ?? ""
        fail("\(file): cannot verify a recording of a real Docker swarm\(endpoint): --verify runs the embedded engine again from the recorded scenario and seed, and a real swarm's events cannot be produced again; replay it without --verify")
    }

    /// Plays the recording in the dashboard. The whole recording is read (and checked) before
    /// the terminal is touched.
    private func playInteractively() async {
        var lines: [RecordedLine] = []
        let reader: RecordingReader
        do {
            var r = try RecordingReader(path: file)
            while let line = try r.next() { lines.append(line) }
            reader = r
        } catch {
            fail("\(error)")
        }
        for warning in reader.warnings { FileHandle.standardError.write(Data("swarmtop: \(warning)\n".utf8)) }
        let env = ProcessInfo.processInfo.environment
        let theme: Theme = !(env["NO_COLOR"] ?? "").isEmpty ? .monochrome : AsciicastExporter.theme(named: reader.header.theme)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: theme)
        } catch {
            fail("\(error)")
        }
        let replay = InteractiveReplay(
            header: reader.header, lines: lines, name: URL(fileURLWithPath: file).lastPathComponent, terminal: terminal, speed: speed)
        await replay.run()
        terminal.shutdown()
    }

    /// Creates `folder` (its parent must exist) or exits with code 2.
    private func makeFolder(_ folder: String) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        } catch {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                fail("cannot create the folder \(folder) for --frames: \(error.localizedDescription)")
            }
        }
    }

    /// Creates (or empties) `path` for writing, or exits with code 2.
    private func openForWriting(_ path: String) -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            fail("cannot write \(path)")
        }
        return handle
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
