#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import TerminalUI

@Suite struct CursesTerminalTests {
    /// Under `swift test` in CI standard input is not a terminal; opening one must fail with a
    /// clear error instead of exiting the process (as `initscr()` would). Skipped when run from
    /// a terminal, where it would take the screen over.
    @Test(.enabled(if: isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0))
    func openingWithoutATerminalThrowsNotATerminal() {
        #expect {
            _ = try CursesTerminal()
        } throws: { error in
            guard let error = error as? TerminalError, case .notATerminal = error else { return false }
            return error.description.hasPrefix("not a terminal: standard")
        }
    }

    @Test func errorsSayWhatToDo() {
        #expect(TerminalError.terminalTypeNotSet.description.contains("set it, e.g. TERM=xterm-256color"))
        #expect(TerminalError.unknownTerminalType("vt999").description.contains("\"vt999\""))
    }

    @Test func resolvedDepthNamesItsMode() {
        #expect(ColorDepth.ansi8.mode == .ansi16)
        #expect(ColorDepth.direct.mode == .trueColor)
        #expect(ColorDepth.none.mode == ColorMode.none)
    }
}
