/// Why a terminal could not be opened.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, /dev/null).
    /// - Parameter stream: "standard input" or "standard output".
    case notATerminal(stream: String)
    /// `TERM` is not set, or empty.
    case terminalTypeNotSet
    /// terminfo has no entry for `TERM`.
    case unknownTerminalType(String)
    /// No terminfo database was found at all.
    case noTerminfoDatabase(String)
    /// The terminal type is known but curses cannot drive it (e.g. it cannot move the cursor).
    case unusableTerminal(String, reason: String)
    /// Another `CursesTerminal` is open in this process.
    case alreadyOpen
    /// A system call the terminal needs failed.
    case systemCallFailed(String, errno: Int32)

    /// What went wrong and what to do about it, in one line.
    public var description: String {
        switch self {
        case let .notATerminal(stream):
            "not a terminal: \(stream) is not a tty (the dashboard needs an interactive terminal; run it in one, not through a pipe or a redirect)"
        case .terminalTypeNotSet:
            "TERM is not set: cannot tell what the terminal can do (set it, e.g. TERM=xterm-256color)"
        case let .unknownTerminalType(term):
            "TERM is unknown: terminfo has no entry for \"\(term)\" (install one, e.g. the ncurses-term package, or set TERM=xterm-256color)"
        case let .noTerminfoDatabase(term):
            "TERM=\(term): no terminfo database found (install ncurses-base, or set TERMINFO to where the entries are)"
        case let .unusableTerminal(term, reason):
            "TERM=\(term) cannot run the dashboard: \(reason) (set TERM to the terminal you use, e.g. TERM=xterm-256color)"
        case .alreadyOpen:
            "a terminal is already open in this process (shut it down before opening another)"
        case let .systemCallFailed(call, code):
            "\(call) failed with errno \(code) while setting up the terminal"
        }
    }
}
