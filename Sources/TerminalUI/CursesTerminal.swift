#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dashboard
import Foundation

/// The real terminal, through ncurses: the only code that calls it.
///
/// One dedicated thread owns ncurses from start to end (ncurses is not thread-safe, and
/// reading a key can refresh the screen). It sleeps in `poll()` on standard input and a
/// wake-up pipe — no timeout, no busy loop — reads keys and mouse events and hands them out on
/// `events`, and draws the latest frame given to `draw(_:)`, writing only the cells that
/// changed. See `TerminalRestoration` for how the terminal is given back on every way out.
///
/// Only one can be open in a process at a time.
public final class CursesTerminal: TerminalBackend {
    /// Keys, mouse events (button-1 presses and the wheel), resizes, and `.terminate` on
    /// SIGTERM, SIGHUP or SIGINT. Finishes on `shutdown()`.
    public let events: AsyncStream<InputEvent>

    /// The colours in use: `.detect` resolved, and a forced mode capped at what the terminal
    /// has (`.ansi16` also stands for an 8-colour terminal, `.trueColor` for a direct-colour one).
    public var colorMode: ColorMode { colorDepth.mode }

    /// The colours in use, as `colorMode` but telling 8 colours from 16.
    public let colorDepth: ColorDepth

    private let shared: Locked<CursesShared>
    private let continuation: AsyncStream<InputEvent>.Continuation

    /// Opens the terminal: switches to the alternate screen in raw mode (Ctrl-C arrives as a
    /// key), no echo, cursor hidden, mouse reporting on.
    ///
    /// Fails instead of exiting the process, as `initscr()` would.
    /// - Parameters:
    ///   - theme: The colours and attributes of each style role.
    ///   - colorMode: How many colours to use; `.detect` honours `NO_COLOR` and terminfo.
    /// - Throws: `TerminalError` when standard input or output is not a terminal, `TERM` is not
    ///   set or not known to terminfo, the terminal cannot move its cursor, or another
    ///   `CursesTerminal` is open.
    public init(theme: Theme = .defaultDark, colorMode: ColorMode = .detect) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1 else { throw .notATerminal(stream: "standard input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw .notATerminal(stream: "standard output") }
        guard let termValue = getenv("TERM"), termValue.pointee != 0 else { throw .terminalTypeNotSet }
        let term = String(cString: termValue)
        guard TerminalRestoration.slot.withLock({ open in
            defer { open = true }
            return !open
        }) else { throw .alreadyOpen }

        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            let code = errno
            TerminalRestoration.slot.withLock { $0 = false }
            throw .systemCallFailed("pipe", errno: code)
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }

        // Wide characters come out right only in the user's (UTF-8) locale.
        setlocale(LC_ALL, "")
        var environment: [String: String] = [:]
        for name in ["NO_COLOR", "COLORTERM"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }

        let shared = Locked(CursesShared(wakeWrite: descriptors[1]))
        let (events, continuation) = AsyncStream.makeStream(of: InputEvent.self)
        let configuration = CursesSession.Configuration(
            term: term, theme: theme, colorMode: colorMode, environment: environment, wakeRead: descriptors[0], wakeWrite: descriptors[1])
        let thread = Thread {
            CursesSession.run(configuration, shared: shared, continuation: continuation)
        }
        thread.name = "swarmtop-tty"  // Linux allows 15 characters
        thread.start()

        _ = shared.wait(until: { $0.phase != .starting }, timeout: .seconds(3600))
        let outcome = shared.withLock { ($0.phase, $0.startError, $0.depth) }
        guard outcome.0 == .running else {
            continuation.finish()
            TerminalRestoration.slot.withLock { $0 = false }
            throw outcome.1 ?? .unusableTerminal(term, reason: "ncurses did not start")
        }
        self.events = events
        self.continuation = continuation
        self.shared = shared
        self.colorDepth = outcome.2
    }

    deinit {
        shutdown()
    }

    /// The terminal's size in cells, as of the last resize the ncurses thread saw.
    public var size: (width: Int, height: Int) { shared.withLock { $0.size } }

    /// Hands `canvas` to the ncurses thread, which presents it (the latest frame wins) by
    /// writing the cells that differ from the frame on screen, then refreshing once. Returns at
    /// once; does nothing after `shutdown()`.
    public func draw(_ canvas: Canvas) {
        shared.withLock { state in
            guard state.phase == .running else { return }
            state.pendingFrame = canvas
            state.wakeUp()
        }
    }

    /// Changes the theme; the screen is redrawn in it.
    public func setTheme(_ theme: Theme) {
        shared.withLock { state in
            guard state.phase == .running else { return }
            state.pendingTheme = theme
            state.wakeUp()
        }
    }

    /// Gives the terminal back (`endwin()` on the ncurses thread) and finishes `events`.
    ///
    /// Idempotent and safe from any thread; returns once the terminal is restored. Should the
    /// ncurses thread not answer within 2 s, the terminal is restored without ncurses.
    public func shutdown() {
        shared.withLock { state in
            guard state.phase == .running else { return }
            state.phase = .stopping
            state.wakeUp()
        }
        if !shared.wait(until: { $0.phase == .stopped }, timeout: .seconds(2)) {
            TerminalRestoration.emergencyRestore()
        }
        continuation.finish()
    }
}

/// What the ncurses thread and the callers share, under one lock.
struct CursesShared: Sendable {
    enum Phase: Hashable, Sendable { case starting, running, stopping, stopped }

    var phase = Phase.starting
    var startError: TerminalError?
    var depth = ColorDepth.none
    var size = (width: 0, height: 0)
    /// The frame to present next (a newer one replaces it).
    var pendingFrame: Canvas?
    /// The theme to switch to.
    var pendingTheme: Theme?
    /// The write end of the wake-up pipe; -1 once the thread closed it.
    var wakeWrite: Int32
    /// A wake-up byte is in the pipe and the thread has not looked at the shared state since.
    var wakePending = false

    init(wakeWrite: Int32) {
        self.wakeWrite = wakeWrite
    }

    /// Wakes the ncurses thread, unless a wake-up is already on its way. Call with the lock
    /// held (the thread closes the pipe under it).
    mutating func wakeUp() {
        guard !wakePending, wakeWrite >= 0 else { return }
        wakePending = true
        var byte: UInt8 = 0
        _ = write(wakeWrite, &byte, 1)
    }
}
