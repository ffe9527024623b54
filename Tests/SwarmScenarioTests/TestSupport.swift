import Foundation
import SwarmScenario

/// The URL of a file in `Fixtures/`.
func fixtureURL(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil, subdirectory: nil)!.appendingPathComponent(name)
}

/// The text of a file in `Fixtures/`.
func fixtureText(_ name: String) throws -> String {
    try String(contentsOf: fixtureURL(name), encoding: .utf8)
}

/// Parses a fixture under its bare name, so errors read `name.yaml:LINE: …`.
func parseFixture(_ name: String) throws -> Scenario {
    try ScenarioLoader.parse(fixtureText(name), file: name)
}

/// The one-line error parsing `text` gives, or nil when it parses.
func errorText(_ text: String, file: String = "s.yaml") -> String? {
    do {
        _ = try ScenarioLoader.parse(text, file: file)
        return nil
    } catch {
        return error.description
    }
}

/// The one-line error a fixture gives, or nil when it parses.
func fixtureError(_ name: String) throws -> String? {
    errorText(try fixtureText(name), file: name)
}

/// The one-line error loading a path gives, or nil when it loads.
func loadError(_ path: String) -> String? {
    do {
        _ = try ScenarioLoader.load(path: path)
        return nil
    } catch {
        return error.description
    }
}

/// The repository's root, found from this file's place in `Tests/SwarmScenarioTests/`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A minimal valid scenario (lines 1–7) to append a section to; its nodes are `m1`, `w1`,
/// `w2`, its service `web`.
let minimal = """
    name: t
    nodes:
      - hostname: m1
        role: manager
      - hostname: w{1..2}
    services:
      - {name: web, image: nginx}

    """
