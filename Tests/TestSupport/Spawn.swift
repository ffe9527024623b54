import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts programs the way a shell would, which Foundation's `Process` does not do here: the
/// child gets default signal handling and no blocked signals (the test runner blocks most
/// signals, and a tmux server and its shell, or a dockerd a script leaves running, would
/// inherit that, so SIGTERM would never reach them), and its end is seen with `waitpid`
/// (`Process` watches a descriptor that a daemon the child forks keeps open, so it would wait
/// for that daemon to die).
public enum Spawn {
    /// Starts `arguments[0]`, found on PATH, with stdin from /dev/null and stdout and stderr
    /// to the files given (truncated). Returns its pid.
    public static func start(_ arguments: [String], stdout: String, stderr: String) throws -> pid_t {
        #if canImport(Darwin)
        var attributes: posix_spawnattr_t? = nil
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal: Int32 in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        #if canImport(Darwin)
        let environment = _NSGetEnviron().pointee
        #else
        let environment = environ
        #endif
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environment)
        guard result == 0 else {
            if result == ENOENT { throw SpawnError.notOnPath(arguments[0]) }
            throw SpawnError.cannotStart(arguments[0], reason: String(cString: strerror(result)))
        }
        return pid
    }

    /// Waits for `pid` to end on a thread of its own (see `offThePool`), whatever happens to the
    /// calling task; its exit status (128 + n if killed by signal n), or nil if it is still
    /// running after `limit` (it is then killed).
    public static func wait(_ pid: pid_t, upTo limit: Duration) async throws -> Int32? {
        try await offThePool { waitBlocking(pid, upTo: limit) }
    }

    /// Waits for `pid` to end, blocking (for clean-up, where there is nothing to await).
    public static func waitBlocking(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return decode(status)
    }

    /// Waits for `pid` to end, blocking the calling thread and polling every 10 ms; its exit
    /// status, or nil if it is still running after `limit` (it is then killed).
    public static func waitBlocking(_ pid: pid_t, upTo limit: Duration) -> Int32? {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while true {
            if let status = reap(pid) { return status }
            if clock.now > end {
                kill(pid, SIGKILL)
                _ = waitBlocking(pid)
                return nil
            }
            usleep(10_000)
        }
    }

    /// Runs `arguments` to its end on a thread of its own (see `offThePool`), whatever happens
    /// to the calling task, so it also serves for clean-up; its exit status (nil if it was
    /// killed after `limit`) and output.
    public static func outcome(of arguments: [String], upTo limit: Duration = .seconds(60)) async throws -> CommandOutcome {
        try await offThePool { try outcomeBlocking(of: arguments, upTo: limit) }
    }

    /// `outcome(of:upTo:)` on the calling thread, blocking it: only for a `defer`, which
    /// cannot await.
    public static func outcomeBlocking(of arguments: [String], upTo limit: Duration = .seconds(60)) throws -> CommandOutcome {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-spawn-\(getpid())-\(UUID().uuidString.prefix(8))").path
        let out = base + ".out", err = base + ".err"
        defer {
            unlink(out)
            unlink(err)
        }
        let pid = try start(arguments, stdout: out, stderr: err)
        let status = waitBlocking(pid, upTo: limit)
        return CommandOutcome(
            command: arguments.joined(separator: " "), status: status,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Runs `arguments` to its end without holding a pool thread (see `outcome(of:upTo:)`);
    /// its standard output, or `CommandError` with its standard error when it did not exit 0.
    @discardableResult
    public static func run(_ arguments: [String], upTo limit: Duration = .seconds(60)) async throws -> String {
        try await outcome(of: arguments, upTo: limit).stdoutIfSucceeded()
    }

    /// `run(_:upTo:)` on the calling thread, blocking it: only for a `defer`, which cannot await.
    @discardableResult
    public static func runBlocking(_ arguments: [String], upTo limit: Duration = .seconds(60)) throws -> String {
        try outcomeBlocking(of: arguments, upTo: limit).stdoutIfSucceeded()
    }

    private static func reap(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return decode(status) }
        if result == -1 && errno != EINTR { return -1 }
        return nil
    }

    private static func decode(_ status: Int32) -> Int32 {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// How a command run to its end ended.
public struct CommandOutcome: Sendable {
    /// The command line, for messages.
    public var command: String
    /// Its exit status (128 + n if killed by signal n); nil if it was killed for running too long.
    public var status: Int32?
    public var stdout: String
    public var stderr: String

    /// Its standard output if it exited 0; else `CommandError` with its standard error.
    func stdoutIfSucceeded() throws -> String {
        guard status == 0 else { throw CommandError(command: command, status: status, output: stderr) }
        return stdout
    }
}

/// A command that did not exit 0, with what it printed on standard error.
public struct CommandError: Error, CustomStringConvertible {
    public var command: String
    /// Its exit status; nil if it was killed for running too long.
    public var status: Int32?
    /// What it printed on standard error.
    public var output: String

    public init(command: String, status: Int32?, output: String) {
        self.command = command
        self.status = status
        self.output = output
    }

    public var description: String {
        "\(command): \(status.map { "exit status \($0)" } ?? "killed after its time limit"): \(output)"
    }
}

/// A program that could not be started.
public enum SpawnError: Error, CustomStringConvertible {
    case notOnPath(String)
    case cannotStart(String, reason: String)

    public var description: String {
        switch self {
        case .notOnPath(let program): "\(program) is not on PATH"
        case .cannotStart(let program, let reason): "cannot start \(program): \(reason)"
        }
    }
}

/// Runs blocking work (a child process from start to end) on a thread of its own and waits for
/// it without holding one of Swift's cooperative threads. There is one per core, two here:
/// a test holding one for seconds starved the dashboards other tests were running meanwhile
/// (a CI run saw a dashboard draw nothing for 10 s).
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result(catching: work)) }
    }
}
