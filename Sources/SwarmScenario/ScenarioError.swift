/// What is wrong with a scenario file, and where: one line, `FILE:LINE: message`.
///
/// The message says what to write instead where it can, e.g.
/// `demo.yaml:12: unknown key 'replica' in service 'web' (did you mean 'replicas'?)`.
public struct ScenarioError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as it was named to the loader.
    public var file: String
    /// The 1-based line the problem is on; nil when it is about the whole file (it is missing,
    /// unreadable or not text).
    public var line: Int?
    /// What is wrong, in one line.
    public var message: String

    /// Makes an error; newlines in `message` become spaces, so it stays one line.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = ScenarioError.oneLine(message)
    }

    /// `FILE:LINE: message`, or `FILE: message` when there is no line.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }

    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
