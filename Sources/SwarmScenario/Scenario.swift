import Foundation
import SwarmEngine
import SwarmModel
import YAMLSupport
import Yams

/// A parsed scenario file: the engine set-up it describes, and where it came from.
public struct Scenario: Sendable {
    /// The cluster, services, image behaviours and timeline to start the engine with.
    public var setup: EngineSetup
    /// The file's one-line `description`, if it has one.
    public var description: String?
    /// The file as it was named to the loader; timeline sources and errors start with it.
    public var file: String

    /// Makes a scenario from its parts.
    public init(setup: EngineSetup, description: String? = nil, file: String) {
        self.setup = setup
        self.description = description
        self.file = file
    }
}

/// Reads scenario files (YAML, described in `docs/scenario-format.md`) into `Scenario`s.
public enum ScenarioLoader {
    /// Reads and parses the scenario file at `path`.
    ///
    /// - Parameter path: The file; errors and timeline sources name it as written here.
    /// - Throws: `ScenarioError` with no line when the file is missing, a directory, unreadable
    ///   or not UTF-8 text; with a line for anything wrong inside it.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        try parse(readText(path: path), file: path)
    }

    /// Parses scenario text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The name to put in errors and in each `TimedAction.source` (`FILE:LINE`).
    /// - Throws: `ScenarioError`, the first problem found, with its line.
    /// - Complexity: O(n) in the size of the text plus the nodes it expands to.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        try ScenarioParser(file: file).scenario(composeRoot(text, file: file, whenEmpty: "the scenario is empty"))
    }

    /// The YAML text's root node, or an error with the parser's line; `whenEmpty` is the
    /// message for a file with nothing in it.
    static func composeRoot(_ text: String, file: String, whenEmpty: String) throws(ScenarioError) -> YAMLNode {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError(yaml: error, file: file, text: text)
        } catch {
            throw ScenarioError(file: file, line: nil, message: "invalid YAML: \(error)")
        }
        guard let root, !root.isNull else { throw ScenarioError(file: file, line: 1, message: whenEmpty) }
        return root
    }

    /// The file's text, or an error without a line saying why there is none.
    static func readText(path: String) throws(ScenarioError) -> String {
        switch TextFile.read(path: path, what: "a scenario file") {
        case .success(let text): return text
        case .failure(let problem): throw ScenarioError(file: path, line: nil, message: problem.message)
        }
    }
}

extension ScenarioError {
    /// Yams' error as one line with the line it points at.
    init(yaml error: YamlError, file: String, text: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            let what = problem.hasPrefix("Maximum nesting level reached") ? "lists and mappings are nested too deeply" : problem
            self.init(file: file, line: mark.line, message: "invalid YAML: \(what)")
        case .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text), \(problem)" } ?? problem
            self.init(file: file, line: mark.line, message: "invalid YAML: \(what)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { o in 1 + text.prefix(o).reduce(0) { $0 + ($1.isNewline ? 1 : 0) } }
            self.init(file: file, line: line, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = context.mark
            if first.line > 0, let again = YAMLText.repeatedKeyLine(key, after: first, in: text) {
                self.init(file: file, line: again, message: "duplicate key '\(key)' (also on line \(first.line))")
            } else {
                self.init(file: file, line: first.line > 0 ? first.line : nil, message: "duplicate key '\(key)'")
            }
        default:
            self.init(file: file, line: nil, message: "invalid YAML: \(error)")
        }
    }
}
