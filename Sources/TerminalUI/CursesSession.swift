#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses
import Dashboard

/// The ncurses thread: set-up, the poll loop, input, drawing, tear-down. Every ncurses call of
/// the module is in this file and runs on that one thread.
final class CursesSession {
    /// What the thread needs to start.
    struct Configuration: Sendable {
        var term: String
        var theme: Theme
        var colorMode: ColorMode
        var environment: [String: String]
        var wakeRead: Int32
        var wakeWrite: Int32
    }

    /// How a style role is drawn: attributes and an ncurses colour pair.
    private struct Look {
        var attributes: attr_t
        var pair: Int32
    }

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// How long the app has, after SIGTERM/SIGHUP/SIGINT, to call `shutdown()`.
    static let terminateGracePeriod = Duration.seconds(2)

    private let shared: Locked<CursesShared>
    private let continuation: AsyncStream<InputEvent>.Continuation
    private let configuration: Configuration
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let depth: ColorDepth
    private let defaultColorsWork: Bool
    private let ncursesHandlesResize: Bool

    private var theme: Theme
    private var looks: [StyleRole: Look] = [:]
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    /// The frame on screen, and the screen size it was drawn at.
    private var presented: Canvas?
    private var presentedSize = (width: -1, height: -1)
    /// The latest frame, redrawn after a resize or a theme change.
    private var latest: Canvas?
    private var standardInputOpen = true
    private var emptyReads = 0
    /// Set on the first SIGTERM/SIGHUP/SIGINT or hang-up: the exit status to use and when.
    private var terminateDeadline: (signal: Int32, deadline: ContinuousClock.Instant)?
    private var signalsSeen = 0

    private init(
        configuration: Configuration, shared: Locked<CursesShared>, continuation: AsyncStream<InputEvent>.Continuation,
        screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, depth: ColorDepth, defaultColorsWork: Bool, ncursesHandlesResize: Bool
    ) {
        self.configuration = configuration
        self.shared = shared
        self.continuation = continuation
        self.screen = screen
        self.window = window
        self.depth = depth
        self.defaultColorsWork = defaultColorsWork
        self.ncursesHandlesResize = ncursesHandlesResize
        theme = configuration.theme
    }

    // MARK: Life cycle

    /// The thread's body: starts ncurses (reporting success or the error through `shared`),
    /// runs until shut down, then gives the terminal back.
    static func run(_ configuration: Configuration, shared: Locked<CursesShared>, continuation: AsyncStream<InputEvent>.Continuation) {
        let session: CursesSession
        do {
            session = try start(configuration, shared: shared, continuation: continuation)
        } catch {
            close(configuration.wakeRead)
            shared.withLock { state in
                close(state.wakeWrite)
                state.wakeWrite = -1
                state.startError = error
                state.phase = .stopped
            }
            return
        }
        session.loop()
        session.tearDown(finishingEvents: true)
    }

    private static func start(
        _ configuration: Configuration, shared: Locked<CursesShared>, continuation: AsyncStream<InputEvent>.Continuation
    ) throws(TerminalError) -> CursesSession {
        // Our SIGINT/SIGTERM handlers go in first, so that newterm leaves them alone.
        TerminalRestoration.install(wake: configuration.wakeWrite)
        // A terminal that announces 24-bit colour is described by its direct-colour entry,
        // when one is installed (ncurses draws 24-bit colour only through such an entry).
        let direct = TerminalType.entry(for: configuration.term, mode: configuration.colorMode, environment: configuration.environment) {
            TerminalType.colors(of: $0, descriptor: TerminalRestoration.terminalDescriptor)
        }
        let started = direct.flatMap { newterm($0, cncurses_stdout(), cncurses_stdin()) }
        guard let screen = started ?? newterm(nil, cncurses_stdout(), cncurses_stdin()) else {
            TerminalRestoration.uninstall()
            TerminalRestoration.markRestored()
            switch cncurses_terminfo_status(configuration.term, TerminalRestoration.terminalDescriptor) {
            case -1: throw .noTerminfoDatabase(configuration.term)
            case 0: throw .unknownTerminalType(configuration.term)
            default: throw .unusableTerminal(configuration.term, reason: "ncurses could not start on it")
            }
        }
        guard let window = cncurses_stdscr() else {
            endwin()
            delscreen(screen)
            TerminalRestoration.uninstall()
            TerminalRestoration.markRestored()
            throw .unusableTerminal(configuration.term, reason: "ncurses has no screen")
        }
        if !hasCapability("cup") {
            endwin()
            delscreen(screen)
            TerminalRestoration.uninstall()
            TerminalRestoration.markRestored()
            throw .unusableTerminal(configuration.term, reason: "it cannot move the cursor")
        }

        raw()  // Ctrl-C, Ctrl-Z, Ctrl-\ arrive as keys, not signals
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        let buttons = cncurses_button1_pressed() | cncurses_button4_pressed() | cncurses_button5_pressed()
        mousemask(buttons, nil)
        mouseinterval(0)  // report presses at once, do not wait to make them clicks

        var depth = ColorDepth.none
        var defaultColorsWork = false
        if has_colors(), ColorDepth.resolve(configuration.colorMode, environment: configuration.environment, hasColors: true, colors: 256) != .none {
            start_color()
            defaultColorsWork = use_default_colors() == OK
            depth = ColorDepth.resolve(
                configuration.colorMode, environment: configuration.environment, hasColors: true, colors: Int(cncurses_colors()))
        }

        let ncursesHandlesResize = TerminalRestoration.installResizeRelay()
        let session = CursesSession(
            configuration: configuration, shared: shared, continuation: continuation, screen: screen, window: window,
            depth: depth, defaultColorsWork: defaultColorsWork, ncursesHandlesResize: ncursesHandlesResize)
        werase(window)
        wnoutrefresh(window)
        doupdate()
        let size = session.screenSize()
        shared.withLock { state in
            state.depth = depth
            state.size = size
            state.phase = .running
        }
        return session
    }

    /// Whether terminfo gives the current terminal string capability `name`.
    private static func hasCapability(_ name: String) -> Bool {
        guard let value = tigetstr(name) else { return false }
        return Int(bitPattern: value) != -1
    }

    /// Gives the terminal back: `endwin()`, the saved modes, the signal handlers as they were.
    /// - Parameter finishingEvents: Whether to finish `events` (not when about to exit: the
    ///   app would wake up and race the exit).
    private func tearDown(finishingEvents: Bool) {
        endwin()
        delscreen(screen)
        TerminalRestoration.markRestored()
        TerminalRestoration.uninstall()
        close(configuration.wakeRead)
        shared.withLock { state in
            close(state.wakeWrite)
            state.wakeWrite = -1
            state.pendingFrame = nil
            state.phase = .stopped
        }
        if finishingEvents { continuation.finish() }
    }

    // MARK: The loop

    /// Sleeps in poll() until input, a wake-up or a signal, handles it, and again, until
    /// shutdown. A poll timeout is set only while a terminate deadline runs.
    private func loop() {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: configuration.wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            descriptors[0].fd = standardInputOpen ? STDIN_FILENO : -1
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            var timeout: Int32 = -1
            if let pending = terminateDeadline {
                let remaining = ContinuousClock.now.duration(to: pending.deadline)
                let (seconds, attoseconds) = remaining.components
                timeout = Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
            }
            let ready = poll(&descriptors, 2, timeout)
            if ready < 0, errno != EINTR, errno != EAGAIN {
                // poll itself failing is not recoverable: act as if the terminal hung up.
                standardInputOpen = false
                beginTermination(signal: SIGHUP, fromSignal: false)
            }
            if ready > 0 {
                if descriptors[1].revents != 0 { drainWakePipe() }
                let input = descriptors[0].revents
                if input & Int16(POLLIN) != 0 {
                    readInput(afterPoll: true)
                } else if input & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                    hangUp()
                }
            }
            if !handleRequests() { return }
            if let pending = terminateDeadline, ContinuousClock.now >= pending.deadline {
                exitForSignal(pending.signal)
            }
        }
    }

    /// Reads the wake-up pipe empty: 0 is a wake-up from `draw`/`shutdown`, anything else a
    /// signal number from the relay handler.
    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(configuration.wakeRead, &buffer, buffer.count)
            guard count > 0 else { return }
            for byte in buffer[0..<count] where byte != 0 {
                let signal = Int32(byte)
                if signal == SIGWINCH {
                    if !ncursesHandlesResize { resizeFromKernel() }
                    readInput(afterPoll: false)  // wget_wch reports KEY_RESIZE
                } else {
                    beginTermination(signal: signal, fromSignal: true)
                }
            }
        }
    }

    /// Takes the latest frame, theme and shutdown request. Returns false to stop.
    private func handleRequests() -> Bool {
        let (frame, newTheme, stopping) = shared.withLock { state in
            defer {
                state.pendingFrame = nil
                state.pendingTheme = nil
                state.wakePending = false
            }
            return (state.pendingFrame, state.pendingTheme, state.phase == .stopping)
        }
        if stopping { return false }
        if let newTheme {
            theme = newTheme
            looks = [:]
            // The pairs are made afresh (and numbered from 1 again), so switching themes
            // back and forth never runs out of them; every cell is redrawn below.
            pairs = [:]
            nextPair = 1
            presented = nil
        }
        if let frame {
            latest = frame
            present(frame)
        } else if newTheme != nil, let latest {
            present(latest)
        }
        return true
    }

    // MARK: Input

    /// Reads every key ncurses has (it may hold more than the descriptor shows) and hands them
    /// out. `afterPoll`: poll said standard input is readable, so reading nothing several
    /// times in a row means end of file.
    private func readInput(afterPoll: Bool) {
        var gotAny = false
        while true {
            var character: wint_t = 0
            let status = wget_wch(window, &character)
            if status == ERR { break }
            gotAny = true
            let raw: RawInput = status == KEY_CODE_YES ? .keyCode(Int32(bitPattern: character)) : .character(UInt32(character))
            switch KeyDecoder.decode(raw) {
            case let .key(key):
                continuation.yield(.key(key))
            case .mouse:
                var event = MEVENT()
                if getmouse(&event) == OK, let mouse = KeyDecoder.mouseEvent(x: event.x, y: event.y, buttons: event.bstate) {
                    continuation.yield(.mouse(mouse))
                }
            case .resize:
                handleResize()
            case .ignored:
                break
            }
        }
        if afterPoll {
            emptyReads = gotAny ? 0 : emptyReads + 1
            if emptyReads >= 50 { hangUp() }
        }
    }

    /// Standard input is gone (the terminal closed): stop reading it and quit as on SIGHUP.
    private func hangUp() {
        guard standardInputOpen else { return }
        standardInputOpen = false
        beginTermination(signal: SIGHUP, fromSignal: false)
    }

    /// ncurses resized its screen: publish the size, deliver `.resize`, repaint everything.
    private func handleResize() {
        let size = screenSize()
        shared.withLock { $0.size = size }
        continuation.yield(.resize(width: size.width, height: size.height))
        presented = nil
        clearok(window, true)  // the terminal may have reflowed what it showed
        if let latest { present(latest) }
    }

    /// Without ncurses' SIGWINCH handler: asks the kernel for the size and resizes ncurses
    /// (which queues KEY_RESIZE).
    private func resizeFromKernel() {
        var size = winsize()
        guard ioctl(TerminalRestoration.terminalDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return }
        resizeterm(Int32(size.ws_row), Int32(size.ws_col))
    }

    private func screenSize() -> (width: Int, height: Int) {
        var rows: Int32 = 0, columns: Int32 = 0
        cncurses_getmaxyx(window, &rows, &columns)
        return (Int(max(0, columns)), Int(max(0, rows)))
    }

    // MARK: Termination

    /// SIGTERM, SIGHUP, SIGINT or a hang-up: deliver `.terminate` and give the app the grace
    /// period to shut down. A second signal means now.
    private func beginTermination(signal: Int32, fromSignal: Bool) {
        if fromSignal {
            signalsSeen += 1
            if signalsSeen > 1 { exitForSignal(signal) }
        }
        guard terminateDeadline == nil else { return }
        terminateDeadline = (signal, ContinuousClock.now.advanced(by: Self.terminateGracePeriod))
        continuation.yield(.terminate)
    }

    /// The app did not shut down in time: give the terminal back and exit as the signal would.
    private func exitForSignal(_ signal: Int32) -> Never {
        shared.withLock { $0.phase = .stopping }
        tearDown(finishingEvents: false)
        exit(128 + signal)
    }

    // MARK: Drawing

    /// Writes the cells of `canvas` that differ from the frame on screen, then refreshes once.
    /// - Complexity: O(width × height) to compare, plus ncurses' work for the changed cells.
    private func present(_ canvas: Canvas) {
        let size = screenSize()
        let old = presentedSize == size ? presented : nil
        let runs = FrameDiff.runs(from: old, to: canvas, width: size.width, height: size.height)
        for run in runs {
            for (offset, column) in run.columns.enumerated() {
                guard case let .glyph(character, role, wide) = column else { continue }
                put(character, columns: wide ? 2 : 1, role: role, x: run.x + offset, y: run.y)
            }
        }
        wnoutrefresh(window)
        doupdate()
        presented = canvas
        presentedSize = size
    }

    /// Writes one glyph at (`x`, `y`), in pieces when the C library measures it differently.
    private func put(_ character: Character, columns: Int, role: StyleRole, x: Int, y: Int) {
        var look = look(for: role)
        var column = x
        for piece in CursesText.pieces(for: character, columns: columns, width: { Int(cncurses_wcwidth(wchar_t(bitPattern: $0))) }) {
            var text = piece.scalars.map { wchar_t(bitPattern: $0) }
            text.append(0)
            var cell = cchar_t()
            // The pair goes through `opts` (an int), so pairs above 32767 work too.
            setcchar(&cell, text, look.attributes, 0, &look.pair)
            wmove(window, Int32(y), Int32(column))
            wadd_wch(window, &cell)  // ERR in the bottom-right cell only means the cursor could not move on
            column += piece.columns
        }
    }

    /// The attributes and colour pair of `role` in the current theme (cached).
    private func look(for role: StyleRole) -> Look {
        if let look = looks[role] { return look }
        let appearance = CellAppearance(role, in: theme, depth: depth)
        var attributes: attr_t = 0
        if appearance.bold { attributes |= cncurses_a_bold() }
        if appearance.dim { attributes |= cncurses_a_dim() }
        if appearance.underline { attributes |= cncurses_a_underline() }
        if appearance.reverse { attributes |= cncurses_a_reverse() }
        let pair = appearance.hasColor ? pairNumber(foreground: appearance.foreground, background: appearance.background) : 0
        let look = Look(attributes: attributes, pair: pair)
        looks[role] = look
        return look
    }

    /// The colour pair for (`foreground`, `background`), made on first use; pair 0 (the
    /// terminal's colours) when the terminal has no pairs left.
    private func pairNumber(foreground: Int, background: Int) -> Int32 {
        var key = PairKey(foreground: foreground, background: background)
        if !defaultColorsWork {
            // Without use_default_colors, -1 is not a colour: use white on black.
            if key.foreground == CellAppearance.defaultColor { key.foreground = 7 }
            if key.background == CellAppearance.defaultColor { key.background = 0 }
        }
        if let pair = pairs[key] { return pair }
        var pair: Int32 = 0
        if nextPair < cncurses_color_pairs(), init_extended_pair(nextPair, Int32(key.foreground), Int32(key.background)) == OK {
            pair = nextPair
            nextPair += 1
        }
        pairs[key] = pair
        return pair
    }
}
