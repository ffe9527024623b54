import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real `swarmtop` binary, driven in tmux as a user would drive it: keys in, the screen
/// read back with `capture-pane`, and after it quits the terminal it left behind checked with
/// `stty` and tmux's own view of the pane (alternate screen, cursor, mouse reporting).
///
/// Every test has its own tmux server on a socket in a fresh temporary folder, so a user's
/// tmux is never touched, and kills it at the end, failed or not. Conditions are awaited by
/// polling the screen against a generous deadline (CI machines are small and busy).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TmuxEndToEndTests {
    static let demo = SwarmtopProcess.repoRoot.appendingPathComponent("demo/default.yaml").path

    // MARK: Actions reach the engine and come back on screen

    @Test func drainingAWorkerMovesItsTasksAndShowsDrain() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo, "--speed", "2"])
        // worker-1 runs tasks, and api and queue (on workers only, untouched by the demo's
        // timeline for its first 4 minutes) are at full strength.
        try await tmux.waitFor("worker-1 running tasks") { $0.matches(#"worker-1\s+worker\s+Active\s+Ready\s+([1-9][0-9]*)/\1\b"#) }
        try await tmux.waitFor("api and queue at full strength") { $0.matches(#"\bapi\s+\S+\s+4/4\b"#) && $0.matches(#"\bqueue\s+\S+\s+5/5\b"#) }

        try await tmux.send(keys: ["/"], literal: "worker-1", then: ["Enter"])
        try await tmux.waitFor("the node list filtered to worker-1") { $0.contains("[1] Nodes (1) /worker-1") }
        try await tmux.send(literal: "d")
        let dialog = try await tmux.waitFor("the drain confirmation") { $0.contains("Drain worker-1?") }
        #expect(dialog.matches(#"[1-9][0-9]* running tasks? will be moved"#), "\(dialog)")
        try await tmux.send(literal: "y")

        // Its tasks go elsewhere: it runs nothing, and the services are whole again.
        try await tmux.waitFor("worker-1 drained and empty") { $0.matches(#"worker-1\s+worker\s+Drain\s+Ready\s+0/0\b"#) }
        try await tmux.waitFor("api and queue at full strength on the other nodes") {
            $0.matches(#"\bapi\s+\S+\s+4/4\b"#) && $0.matches(#"\bqueue\s+\S+\s+5/5\b"#)
        }
        let screen = try await tmux.waitFor("the drain in the header") { $0.contains("1 drain") }
        #expect(screen.contains("✓ drain worker-1") || screen.contains("availability active → drain"), "\(screen)")

        try await tmux.quit(keys: ["q"])
    }

    @Test func promotingAWorkerAddsAManagerInTheHeader() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo, "--speed", "2"])
        try await tmux.waitFor("three managers") { $0.contains("managers 3/3") }

        try await tmux.send(keys: ["/"], literal: "worker-2", then: ["Enter"])
        try await tmux.waitFor("the node list filtered to worker-2") { $0.contains("[1] Nodes (1) /worker-2") }
        try await tmux.send(literal: "+")
        let dialog = try await tmux.waitFor("the promote confirmation") { $0.contains("Promote worker-2?") }
        #expect(dialog.contains("managers 3 → 4"), "\(dialog)")
        try await tmux.send(literal: "y")

        try await tmux.waitFor("four managers in the header") { $0.contains("managers 4/4") }
        try await tmux.waitFor("worker-2 listed as a reachable manager") { $0.matches(#"worker-2\s+manager\s+Active\s+Ready\s+Reachable"#) }

        try await tmux.quit(keys: ["q"])
    }

    @Test func demotingTheOnlyManagerIsRefusedInTheStatusLine() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        let scenario = tmux.folder.appendingPathComponent("one-manager.yaml")
        try Self.oneManagerScenario.write(to: scenario, atomically: true, encoding: .utf8)
        try await tmux.start(["--scenario", scenario.path, "--speed", "2"], ready: "swarmtop solo (embedded)")
        try await tmux.waitFor("one manager") { $0.contains("managers 1/1") }

        try await tmux.send(keys: ["/"], literal: "manager-1", then: ["Enter"])
        try await tmux.waitFor("the node list filtered to manager-1") { $0.contains("[1] Nodes (1) /manager-1") }
        try await tmux.send(literal: "-")
        try await tmux.waitFor("the demote confirmation") { $0.contains("Demote manager-1?") }
        try await tmux.send(literal: "y")

        let screen = try await tmux.waitFor("swarmkit's refusal in the status line") {
            $0.lastLine.contains("attempting to demote the last manager of the swarm")
        }
        #expect(screen.lastLine.contains("✗ demote manager-1"), "\(screen)")
        #expect(screen.contains("managers 1/1"), "\(screen)")

        try await tmux.quit(keys: ["q"])
    }

    /// One manager and two workers: the smallest swarm whose only manager cannot be demoted.
    static let oneManagerScenario = """
        name: solo
        description: one manager and two workers
        seed: 7
        nodes:
          - hostname: manager-1
            role: manager
          - hostname: worker-{1..2}
        services:
          - name: web
            image: nginx:1.25
            replicas: 2

        """

    // MARK: However it quits, the terminal is given back

    @Test func qQuitsAndLeavesASaneTerminal() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo])
        try await tmux.quit(keys: ["q"])
    }

    @Test func ctrlCQuitsAndLeavesASaneTerminal() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo])
        try await tmux.quit(keys: ["C-c"])
    }

    @Test func sigtermQuitsAndLeavesASaneTerminal() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo])
        try await tmux.quit(signal: SIGTERM)
    }

    @Test func sighupQuitsAndLeavesASaneTerminal() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo])
        try await tmux.quit(signal: SIGHUP)
    }

    @Test func noColorOnAPlainXtermRunsWithoutColourAndQuitsCleanly() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo], environment: ["NO_COLOR": "1", "TERM": "xterm"])
        let styled = try await tmux.styledScreen()
        #expect(styled.sgrColourParameters.isEmpty, "colours drawn despite NO_COLOR: \(styled.sgrColourParameters.prefix(10))")
        #expect(styled.sgrParameters.contains(7), "the header should still stand out (reverse video)")
        try await tmux.quit(keys: ["q"])
    }

    // MARK: Themes

    @Test func aBrokenThemeFileStartsInTheDefaultThemeWithTheProblemInTheStatusLine() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        let theme = tmux.folder.appendingPathComponent("broken.yaml")
        try "description: broken\ninherit: default\nroles:\n  taks.running: { fg: green }\n".write(to: theme, atomically: true, encoding: .utf8)
        try await tmux.start(["--scenario", Self.demo, "--theme", theme.path])
        let screen = try await tmux.waitFor("the theme's problem in the status line") {
            $0.lastLine.contains("unknown role 'taks.running'")
        }
        #expect(screen.lastLine.contains("broken.yaml:4"), "\(screen)")
        try await tmux.quit(keys: ["q"])
        // Printed before the dashboard opened, it is on the screen after it closed too.
        let after = try await tmux.screen()
        #expect(after.contains("swarmtop: \(theme.path):4: unknown role 'taks.running' (did you mean 'task.running'?)"), "\(after)")
    }

    @Test func tAndThemeCommandRedrawInAnotherThemesColours() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo, "--theme", "nord", "--colors", "256"])
        // nord's normal background #2e3440 is colour 237 of the 256.
        let nord = try await tmux.styledScreen()
        #expect(nord.hasSGR([48, 5, 237]), "nord's background missing:\n\(nord.debugDescription.prefix(1500))")
        try await tmux.send(literal: ":theme light")
        try await tmux.send(keys: ["Enter"])
        try await tmux.waitFor("the switch in the status line") { $0.lastLine.contains("theme light") }
        // light's background #fafafa is colour 231.
        let light = try await tmux.styledScreen()
        #expect(light.hasSGR([48, 5, 231]), "light's background missing:\n\(light.debugDescription.prefix(1500))")
        #expect(!light.hasSGR([48, 5, 237]), "nord's background is still there")
        try await tmux.send(literal: "t")
        try await tmux.waitFor("the next theme in the status line") { $0.lastLine.contains("theme monochrome") }
        try await tmux.quit(keys: ["q"])
    }

    /// Whether terminfo has the direct-colour entry for xterm (Debian: package ncurses-term).
    static let hasXtermDirect = ["/usr/share/terminfo/x/xterm-direct", "/lib/terminfo/x/xterm-direct", "/etc/terminfo/x/xterm-direct"]
        .contains { FileManager.default.fileExists(atPath: $0) }

    @Test(.enabled(if: hasXtermDirect, "needs terminfo's xterm-direct (apt-get install ncurses-term)"))
    func colortermTruecolorDrawsTheThemesOwn24BitColours() async throws {
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo, "--theme", "nord"], environment: ["COLORTERM": "truecolor"])
        // nord0 #2e3440, exactly, not the nearest of the 256.
        let styled = try await tmux.styledScreen()
        #expect(styled.hasSGR([48, 2, 0x2e, 0x34, 0x40]), "no 24-bit background:\n\(styled.debugDescription.prefix(1500))")
        try await tmux.quit(keys: ["q"])
    }

    @Test func theDefaultThemeDrawsInColour() async throws {
        // The counterpart of the NO_COLOR test: the same check does see colours when they are there.
        let tmux = try await TmuxSession()
        defer { tmux.close() }
        try await tmux.start(["--scenario", Self.demo])
        let styled = try await tmux.styledScreen()
        #expect(!styled.sgrColourParameters.isEmpty, "no colours on an xterm-256color screen:\n\(styled.debugDescription.prefix(2000))")
        try await tmux.quit(keys: ["q"])
    }
}

/// A private tmux server with one window of a bare bash (`--norc --noprofile`,
/// TERM=xterm-256color) in which swarmtop is started from a small script, so that the shell
/// remains after it quits and can report how it left the terminal.
final class TmuxSession: @unchecked Sendable {
    /// A fresh folder for the socket, the scripts, swarmtop's log and pid.
    let folder: URL
    let socket: String
    static let target = "e2e"
    /// How long any one condition may take to appear.
    static let deadline: Duration = .seconds(30)

    private var runs = 0

    init(width: Int = 120, height: Int = 40) async throws {
        guard FileManager.default.isExecutableFile(atPath: SwarmtopProcess.binary.path) else {
            throw E2EError("no swarmtop binary at \(SwarmtopProcess.binary.path): build the package first (swift build)")
        }
        // Short, so the socket path stays under the 104-byte limit of sockaddr_un.
        folder = URL(fileURLWithPath: "/tmp/swarmtop-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        socket = folder.appendingPathComponent("tmux.sock").path
        // A known environment, not the test runner's (`swift test` sets NO_COLOR, for one);
        // HOME is the folder, so nothing can land in the real one.
        let environment = ProcessInfo.processInfo.environment
        let locale = [environment["LC_ALL"], environment["LANG"]].compactMap { $0 }.first { $0.uppercased().contains("UTF-8") } ?? "C.UTF-8"
        let shell = ["env", "-i", "HOME=\(folder.path)", "PATH=\(environment["PATH"] ?? "/usr/bin:/bin")", "LANG=\(locale)",
                     "TERM=xterm-256color", "PS1=$ ", "HISTFILE=/dev/null", "bash", "--norc", "--noprofile"].map(shellQuoted).joined(separator: " ")
        do {
            let created = try await tmux(["new-session", "-d", "-s", Self.target, "-x", "\(width)", "-y", "\(height)",
                                          "-c", SwarmtopProcess.repoRoot.path, shell])
            guard created.status == 0 else {
                throw E2EError("tmux new-session failed (\(created.status)): \(created.stderr)")
            }
            try await tmux(["set-option", "-g", "status", "off"])
            try await waitFor("the shell prompt") { $0.contains("$") }
        } catch {
            close()
            throw error
        }
    }

    /// Kills the server (and with it anything still running in the pane) and removes the folder.
    func close() {
        let null = "/dev/null"
        if let pid = try? Spawn.start(["tmux", "-S", socket, "kill-server"], stdout: null, stderr: null) {
            _ = Spawn.waitBlocking(pid)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: tmux

    /// Runs one tmux command against this server.
    @discardableResult
    func tmux(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let out = folder.appendingPathComponent("tmux.out").path, err = folder.appendingPathComponent("tmux.err").path
        let pid: pid_t
        do {
            pid = try Spawn.start(["tmux", "-S", socket, "-f", "/dev/null"] + arguments, stdout: out, stderr: err)
        } catch SpawnError.notOnPath {
            throw E2EError("tmux is not on PATH; the end-to-end tests need tmux (e.g. apt-get install tmux) and fail without it")
        }
        guard let status = try await Spawn.wait(pid, upTo: .seconds(20)) else {
            throw E2EError("tmux \(arguments.joined(separator: " ")) did not finish in 20 s")
        }
        let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        return (status, stdout, stderr)
    }

    /// The pane as text, one line per row.
    func screen() async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", Self.target]).stdout
    }

    /// The pane with its SGR escape sequences (`capture-pane -e`).
    func styledScreen() async throws -> String {
        try await tmux(["capture-pane", "-p", "-e", "-t", Self.target]).stdout
    }

    /// A tmux format evaluated for the pane, e.g. `#{alternate_on}`.
    func format(_ format: String) async throws -> String {
        try await tmux(["display-message", "-p", "-t", Self.target, format]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends tmux key names (`Enter`, `C-c`), then literal text, then more key names.
    func send(keys: [String] = [], literal: String? = nil, then after: [String] = []) async throws {
        if !keys.isEmpty { try await tmux(["send-keys", "-t", Self.target] + keys) }
        if let literal { try await tmux(["send-keys", "-t", Self.target, "-l", literal]) }
        if !after.isEmpty { try await tmux(["send-keys", "-t", Self.target] + after) }
    }

    /// Polls the screen until `condition` holds and returns it; fails with the last screen
    /// seen after `deadline`.
    @discardableResult
    func waitFor(_ what: String, deadline: Duration = TmuxSession.deadline, _ condition: (String) -> Bool) async throws -> String {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var last = ""
        while true {
            last = try await screen()
            if condition(last) { return last }
            if clock.now > end { break }
            try await _Concurrency.Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("waited \(deadline) for \(what); the screen was:\n\(last)")
    }

    // MARK: swarmtop

    /// The pid of the swarmtop started last.
    private(set) var pid: pid_t = 0

    /// The log file of the swarmtop started last (never in $HOME).
    var log: URL { folder.appendingPathComponent("swarmtop-\(runs).log") }

    /// Starts swarmtop in the pane and waits for its dashboard. The script notes the
    /// terminal's modes first and, once swarmtop has quit, prints its exit status, whether the
    /// modes are back as they were, and `stty -a`.
    func start(_ arguments: [String], environment: [String: String] = [:], ready: String = "swarmtop demo (embedded)",
               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        runs += 1
        let pidFile = folder.appendingPathComponent("swarmtop-\(runs).pid")
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuoted($0.value))" }.joined(separator: " ")
        let command = ([SwarmtopProcess.binary.path] + arguments + ["--log", log.path]).map(shellQuoted).joined(separator: " ")
        let script = """
            clear
            saved=$(stty -g)
            sh -c 'echo "$$" > "$0"; exec "$@"' \(shellQuoted(pidFile.path)) env \(assignments) \(command)
            echo "EXIT=$?"
            if [ "$(stty -g)" = "$saved" ]; then echo "TTY=same"; else echo "TTY=changed"; fi
            stty -a
            echo "END-OF-RUN"

            """
        let scriptFile = folder.appendingPathComponent("run-\(runs).sh")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        try await send(literal: ". \(shellQuoted(scriptFile.path))", then: ["Enter"])
        try await waitFor("the dashboard") { $0.contains(ready) && $0.contains("[1] Nodes") }
        let text = (try? String(contentsOf: pidFile, encoding: .utf8)) ?? ""
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw E2EError("no pid in \(pidFile.path): '\(text)'")
        }
        self.pid = pid
        // While it runs, the pane is in the alternate screen: the checks after quitting can tell.
        let alternate = try await format("#{alternate_on}")
        #expect(alternate == "1", "swarmtop should draw in the alternate screen", sourceLocation: sourceLocation)
    }

    /// Quits swarmtop with keys, then checks that it exited with 0 and left the terminal sane.
    func quit(keys: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await send(keys: keys)
        try await expectCleanExit(after: "pressing \(keys.joined(separator: " "))", sourceLocation: sourceLocation)
    }

    /// Sends `signal` to swarmtop from outside, then checks as `quit(keys:)` does.
    func quit(signal: Int32, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(kill(pid, signal) == 0, "kill(\(pid), \(signal)) failed: errno \(errno)", sourceLocation: sourceLocation)
        try await expectCleanExit(after: "signal \(signal)", sourceLocation: sourceLocation)
    }

    /// The script's report: exit status 0, the terminal modes as they were (echo, canonical
    /// input, signals…), out of the alternate screen, cursor shown, mouse reporting off. All
    /// that is wrong is reported at once, with the screen.
    private func expectCleanExit(after what: String, sourceLocation: SourceLocation) async throws {
        let screen = try await waitFor("the shell after \(what)") { $0.contains("END-OF-RUN") }
        var problems: [String] = []
        let status = screen.firstMatch(#"EXIT=([0-9]+)"#) ?? "none"
        if status != "0" { problems.append("exit status \(status), not 0") }
        if !screen.contains("TTY=same") { problems.append("the terminal modes (stty -g) differ from before swarmtop started") }
        let flags = Set(screen.split { $0 == " " || $0 == ";" || $0 == "\n" }.map(String.init))
        let missing = ["echo", "icanon", "isig", "iexten", "icrnl", "ixon", "opost", "onlcr"].filter { !flags.contains($0) || flags.contains("-" + $0) }
        if !missing.isEmpty { problems.append("stty -a lacks \(missing.joined(separator: ", "))") }
        let pane = try await format("#{alternate_on} #{cursor_flag} #{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag} #{keypad_cursor_flag}")
        if pane != "0 1 0000 0" {
            problems.append("tmux sees the pane as (alternate screen, cursor shown, mouse any/button/standard/sgr, cursor keys) \(pane), not 0 1 0000 0")
        }
        if !problems.isEmpty {
            Issue.record("after \(what): \(problems.joined(separator: "; ")); the screen:\n\(screen)", sourceLocation: sourceLocation)
        }
    }
}

/// A failure of the end-to-end machinery (tmux missing, a condition never met…).
struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `text` in single quotes for sh.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}

extension String {
    /// The first capture group of the regular expression's first match.
    func firstMatch(_ pattern: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: self, range: NSRange(startIndex..., in: self)), match.numberOfRanges > 1,
              let range = Range(match.range(at: 1), in: self) else { return nil }
        return String(self[range])
    }

    /// Whether the regular expression matches somewhere.
    func matches(_ pattern: String) -> Bool {
        range(of: pattern, options: .regularExpression) != nil
    }

    /// The last line that is not blank (the status line of a full-screen pane).
    var lastLine: String {
        split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
    }

    /// The parameters of every SGR sequence (`ESC [ … m`) in the text.
    var sgrParameters: [Int] {
        var result: [Int] = []
        var rest = self[...]
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" { result += rest[..<end].split(separator: ";").compactMap { Int($0) } }
            rest = rest[end...]
        }
        return result
    }

    /// Whether an SGR sequence has `parameters` one after the other (`[48, 5, 237]`).
    func hasSGR(_ parameters: [Int]) -> Bool {
        sgrParameterRuns.contains { run in
            run.count >= parameters.count && (0...(run.count - parameters.count)).contains { Array(run[$0..<($0 + parameters.count)]) == parameters }
        }
    }

    /// The parameters of every SGR sequence, one list per sequence.
    var sgrParameterRuns: [[Int]] {
        var result: [[Int]] = []
        var rest = self[...]
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" { result.append(rest[..<end].split(separator: ";").compactMap { Int($0) }) }
            rest = rest[end...]
        }
        return result
    }

    /// SGR parameters that set a colour (30–38, 40–48, 90–97, 100–107); 39 and 49, the
    /// terminal's own colours, do not count.
    var sgrColourParameters: [Int] {
        sgrParameters.filter { (30...38).contains($0) || (40...48).contains($0) || (90...97).contains($0) || (100...107).contains($0) }
    }
}
