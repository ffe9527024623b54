#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the terminal back however the process ends. The paths, in the order they are tried:
///
/// 1. `shutdown()` (and `deinit`): the ncurses thread calls `endwin()` — leaves the alternate
///    screen, shows the cursor, turns mouse reporting off, puts back the terminal modes saved
///    at start — then also applies the `termios` saved before ncurses started.
/// 2. SIGTERM, SIGHUP and SIGINT (in raw mode Ctrl-C is a key, so SIGINT only comes from
///    `kill`): the handler only writes the signal number to the wake-up pipe. The ncurses thread
///    delivers `.terminate` on the events stream so the app can quit cleanly and call
///    `shutdown()`. If it has not done so 2 s later, or a second such signal arrives, the thread
///    calls `endwin()` itself and `exit(128 + signal)`.
/// 3. A crash (SIGSEGV, SIGBUS, SIGILL — Swift traps on x86-64 —, SIGFPE, SIGABRT, SIGTRAP —
///    Swift traps on arm64): an async-signal-safe handler puts back the saved `termios`
///    (`tcsetattr`) and `write()`s a reset sequence (`emergencyRestore()`), then re-installs
///    whatever handled the signal before (the default action, or the Swift runtime's
///    backtracer, which can then print on a sane terminal) and lets the signal happen again.
/// 4. `exit()` without `shutdown()` (e.g. a `fatalError`-free early exit): an `atexit` hook
///    runs `emergencyRestore()`.
///
/// SIGWINCH stays ncurses' own (installed by `newterm`, which is why nothing of ours is
/// installed for it before); afterwards a relay is chained in front of it that calls it and
/// then wakes the ncurses thread, which may be asleep in `poll()` while another thread took
/// the signal.
///
/// Signal handlers may only touch memory set up before they were installed and call
/// async-signal-safe functions (`write`, `tcsetattr`, `sigaction`, `raise`), so this state is
/// plain C storage allocated once, written only while no handler of ours is installed.
enum TerminalRestoration {
    /// The descriptor of the terminal that ncurses writes to (and whose modes it changes).
    static let terminalDescriptor = STDOUT_FILENO

    /// The write end of the ncurses thread's wake-up pipe, or -1.
    nonisolated(unsafe) static var wakeDescriptor: Int32 = -1

    /// Non-zero while the terminal is in curses mode and not yet given back.
    nonisolated(unsafe) static var isActive: Int32 = 0

    /// Whether `savedTermios` holds the modes found at start.
    nonisolated(unsafe) static var hasSavedTermios = false

    /// The terminal modes found at start (`tcgetattr`).
    nonisolated(unsafe) static let savedTermios: UnsafeMutablePointer<termios> = {
        let pointer = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        pointer.initialize(to: termios())
        return pointer
    }()

    /// What a terminal needs to be usable again, whatever curses left it in: cancel a sequence
    /// cut off mid-way (CAN), attributes off, mouse reporting off, cursor keys back to normal
    /// mode, cursor shown, alternate screen left.
    nonisolated(unsafe) static let resetSequence: UnsafeBufferPointer<UInt8> = {
        let bytes = Array("\u{18}\u{1B}[0m\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?1l\u{1B}>\u{1B}[?25h\u{1B}[?1049l".utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return UnsafeBufferPointer(buffer)
    }()

    /// The signal numbers that have a slot in `previousActions`.
    static let signalSlots = 65

    /// What handled each signal before ours, indexed by signal number.
    nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: signalSlots)
        pointer.initialize(repeating: sigaction(), count: signalSlots)
        return pointer
    }()

    /// Signals that ask the process to stop: relayed to the ncurses thread.
    static let terminationSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    /// Signals of a crash: restore, then let them take their course.
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Signals whose handlers are ours right now (touched only by the ncurses thread).
    nonisolated(unsafe) private static var installed: [Int32] = []

    /// Whether the `atexit` hook is registered (it stays for the life of the process).
    nonisolated(unsafe) private static var atExitRegistered = false

    /// One open terminal per process: its modes, signals and screen are process-wide.
    static let slot = Locked(false)

    // MARK: Set-up and tear-down (ncurses thread)

    /// Saves the terminal modes and installs the termination and crash handlers and the
    /// `atexit` hook. Call before `newterm`: ncurses then leaves SIGINT and SIGTERM to us.
    /// - Parameter wake: The write end of the wake-up pipe.
    static func install(wake: Int32) {
        // Touch every lazily initialised global here, so that no handler ever initialises one.
        _ = resetSequence.count
        _ = previousActions
        hasSavedTermios = tcgetattr(terminalDescriptor, savedTermios) == 0
        wakeDescriptor = wake
        isActive = 1
        if !atExitRegistered {
            atExitRegistered = true
            atexit { TerminalRestoration.emergencyRestore() }
        }
        for signal in terminationSignals { setHandler(relayHandler, for: signal) }
        for signal in crashSignals { setHandler(crashHandler, for: signal) }
    }

    /// Chains the SIGWINCH relay in front of the handler ncurses installed. Call after `newterm`.
    /// - Returns: Whether ncurses has a SIGWINCH handler (if not, the ncurses thread must
    ///   resize ncurses' screen itself).
    static func installResizeRelay() -> Bool {
        setHandler(relayHandler, for: SIGWINCH)
        return hasHandler(previousActions[Int(SIGWINCH)])
    }

    /// Puts back every handler ours replaced, in reverse order (SIGWINCH goes back to ncurses).
    static func uninstall() {
        for signal in installed.reversed() {
            sigaction(signal, previousActions + Int(signal), nil)
        }
        installed = []
        wakeDescriptor = -1
    }

    /// After `endwin()`: applies the saved modes too and marks the terminal given back.
    static func markRestored() {
        if hasSavedTermios { tcsetattr(terminalDescriptor, TCSADRAIN, savedTermios) }
        isActive = 0
    }

    // MARK: Emergency (any thread, signal handlers)

    /// Gives the terminal back without ncurses: the saved modes and the reset sequence.
    /// Async-signal-safe; does nothing once the terminal was given back.
    static func emergencyRestore() {
        guard isActive != 0 else { return }
        isActive = 0
        if hasSavedTermios { tcsetattr(terminalDescriptor, TCSANOW, savedTermios) }
        _ = write(terminalDescriptor, resetSequence.baseAddress, resetSequence.count)
    }

    // MARK: Handlers

    private typealias Handler = @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

    /// SIGTERM, SIGHUP, SIGINT, SIGWINCH: write the signal number to the wake-up pipe (after
    /// calling ncurses' own handler, for SIGWINCH).
    private static let relayHandler: Handler = { signal, info, context in
        let savedErrno = errno
        if signal == SIGWINCH { TerminalRestoration.callPrevious(signal, info, context) }
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(TerminalRestoration.wakeDescriptor, &byte, 1)
        errno = savedErrno
    }

    /// A crash: restore, put back the previous handler, and let the signal happen again. A
    /// fault re-raises itself when the handler returns (the instruction runs again); a signal
    /// that was sent (kill, raise, abort: `si_code` ≤ 0), or SIGTRAP (whose instruction is not
    /// run again), is raised again.
    private static let crashHandler: Handler = { signal, info, _ in
        TerminalRestoration.emergencyRestore()
        sigaction(signal, TerminalRestoration.previousActions + Int(signal), nil)
        if signal != SIGTRAP, let info, info.pointee.si_code > 0 { return }
        raise(signal)
    }

    /// Calls the handler that was installed before ours, if it is a function.
    private static func callPrevious(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        let previous = previousActions[Int(signal)]
        #if canImport(Glibc)
        if previous.sa_flags & SA_SIGINFO != 0 {
            if let handler = previous.__sigaction_handler.sa_sigaction, isFunction(handler) { handler(signal, info, context) }
        } else if let handler = previous.__sigaction_handler.sa_handler, isFunction(handler) {
            handler(signal)
        }
        #elseif canImport(Darwin)
        if previous.sa_flags & SA_SIGINFO != 0 {
            if let handler = previous.__sigaction_u.__sa_sigaction, isFunction(handler) { handler(signal, info, context) }
        } else if let handler = previous.__sigaction_u.__sa_handler, isFunction(handler) {
            handler(signal)
        }
        #endif
    }

    /// Whether `action` runs a function (rather than SIG_DFL, 0, or SIG_IGN, 1).
    private static func hasHandler(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
        if action.sa_flags & SA_SIGINFO != 0 { return action.__sigaction_handler.sa_sigaction.map(isFunction) ?? false }
        return action.__sigaction_handler.sa_handler.map(isFunction) ?? false
        #elseif canImport(Darwin)
        if action.sa_flags & SA_SIGINFO != 0 { return action.__sigaction_u.__sa_sigaction.map(isFunction) ?? false }
        return action.__sigaction_u.__sa_handler.map(isFunction) ?? false
        #endif
    }

    /// Whether a handler is a function rather than SIG_DFL (0) or SIG_IGN (1). Not generic:
    /// generic code may instantiate metadata (allocate, lock), which a signal handler must not.
    private static func isFunction(_ handler: @convention(c) (Int32) -> Void) -> Bool {
        unsafeBitCast(handler, to: Int.self) > 1
    }

    private static func isFunction(_ handler: Handler) -> Bool { unsafeBitCast(handler, to: Int.self) > 1 }

    /// Installs `handler` for `signal`, keeping the previous action in `previousActions`.
    private static func setHandler(_ handler: Handler, for signal: Int32) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_sigaction = handler
        #elseif canImport(Darwin)
        action.__sigaction_u.__sa_sigaction = handler
        #endif
        // SA_RESTART: the app's own system calls are not cut short by a relayed signal.
        // SA_ONSTACK: a crash from a stack overflow can still run the handler, where the
        // thread has an alternate signal stack (the Swift runtime gives it one for its own).
        action.sa_flags = Int32(SA_SIGINFO | SA_RESTART | SA_ONSTACK)
        sigemptyset(&action.sa_mask)
        if sigaction(signal, &action, previousActions + Int(signal)) == 0 { installed.append(signal) }
    }
}
