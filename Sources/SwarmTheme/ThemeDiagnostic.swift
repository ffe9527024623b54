/// One thing wrong with a theme file, and where: `FILE:LINE: message`, or
/// `FILE:LINE: warning: message` for what the loader could make up for.
///
/// The message says what to write instead where it can, e.g.
/// `themes/x.yaml:7: unknown role 'taks.running' (did you mean 'task.running'?)`.
public struct ThemeDiagnostic: Error, CustomStringConvertible, Hashable, Sendable {
    /// How bad it is.
    public enum Severity: Hashable, Sendable {
        /// The theme cannot be used.
        case error
        /// The theme works, with something filled in or left out (said in the message).
        case warning
    }

    /// The file as it was named to the loader.
    public var file: String
    /// The 1-based line; nil when it is about the whole file (missing, unreadable, not text).
    public var line: Int?
    /// What is wrong, in one line.
    public var message: String
    public var severity: Severity

    /// Makes a diagnostic; newlines in `message` become spaces, so it stays one line.
    public init(file: String, line: Int?, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.message = String(message.map { $0.isNewline ? " " : $0 })
        self.severity = severity
    }

    /// Whether this makes the theme unusable.
    public var isError: Bool { severity == .error }

    /// `FILE:LINE: message` (`FILE: message` without a line); warnings say `warning:` first.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return severity == .warning ? "\(place): warning: \(message)" : "\(place): \(message)"
    }
}

/// Why a theme could not be loaded: its errors (at least one), and any warnings found on the way.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
    /// Errors first, then warnings, each in the order found.
    public var diagnostics: [ThemeDiagnostic]

    /// Makes an error of `diagnostics`, sorted errors first.
    public init(_ diagnostics: [ThemeDiagnostic]) {
        self.diagnostics = diagnostics.filter(\.isError) + diagnostics.filter { !$0.isError }
    }

    /// The first error.
    public var first: ThemeDiagnostic? { diagnostics.first }

    /// Every diagnostic, one per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
