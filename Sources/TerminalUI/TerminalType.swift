#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses

/// Which terminfo entry ncurses starts with: `TERM`, or its direct-colour sibling when the
/// terminal says it shows 24-bit colour.
///
/// ncurses draws 24-bit colour only through a terminfo entry whose `colors` is 2^24 (such as
/// `xterm-direct`); most terminals that can show it still set `TERM=xterm-256color` and
/// announce it in `COLORTERM=truecolor` instead. Then the sibling entry, when installed
/// (Debian: the `ncurses-term` package), describes the same terminal with direct colour.
public enum TerminalType {
    /// Whether `COLORTERM` announces 24-bit colour (`truecolor` or `24bit`).
    public static func announcesTrueColor(_ environment: [String: String]) -> Bool {
        guard let value = environment["COLORTERM"]?.lowercased() else { return false }
        return value == "truecolor" || value == "24bit"
    }

    /// The direct-colour entries that could describe terminal type `term`, best first:
    /// `xterm-256color` → `xterm-direct`; `tmux-256color` → `tmux-direct`; any other `xterm…`
    /// type also → `xterm-direct`. Empty for a type that is direct already.
    public static func directSiblings(of term: String) -> [String] {
        guard !term.isEmpty, !term.hasSuffix("-direct") else { return [] }
        var family = term
        for suffix in ["-256color", "-88color", "-16color", "-color"] where family.hasSuffix(suffix) {
            family.removeLast(suffix.count)
            break
        }
        var candidates = ["\(family)-direct"]
        if family.hasPrefix("xterm"), family != "xterm" { candidates.append("xterm-direct") }
        return candidates
    }

    /// The terminfo entry to start ncurses with instead of `term`, or nil to keep `term`.
    ///
    /// A sibling is chosen only when 24-bit colour is wanted (`mode` is `.trueColor`, or
    /// `.detect` with `COLORTERM` announcing it and no `NO_COLOR`), `term`'s own entry has
    /// fewer than 2^24 colours, and the sibling's entry has 2^24.
    /// - Parameters:
    ///   - term: `TERM`.
    ///   - mode: The colour mode asked for.
    ///   - environment: The process environment (`COLORTERM`, `NO_COLOR`).
    ///   - colors: terminfo's `colors` for an entry, nil when there is no such entry.
    public static func entry(for term: String, mode: ColorMode, environment: [String: String], colors: (String) -> Int?) -> String? {
        switch mode {
        case .trueColor:
            break
        case .detect:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return nil }
            guard announcesTrueColor(environment) else { return nil }
        case .none, .ansi16, .indexed256:
            return nil
        }
        guard let own = colors(term), own < 0x100_0000 else { return nil }
        return directSiblings(of: term).first { (colors($0) ?? 0) >= 0x100_0000 }
    }
}

extension TerminalType {
    /// terminfo's `colors` for terminal type `term` (0 for a type without colours), or nil
    /// when terminfo does not know the type.
    ///
    /// Reads the terminfo database without touching the screen. Not while a `CursesTerminal`
    /// is open: ncurses keeps one current terminal, and this replaces it.
    public static func terminfoColors(of term: String) -> Int? {
        colors(of: term, descriptor: STDOUT_FILENO)
    }

    /// `terminfoColors(of:)`, reading the terminal on `descriptor`.
    static func colors(of term: String, descriptor: Int32) -> Int? {
        let colors = cncurses_terminfo_colors(term, descriptor)
        if colors == -1 { return nil }
        return max(0, Int(colors))
    }
}
