import Dashboard
import Foundation
import SwarmEngine
import Testing

/// A terminal size a screen is drawn at.
struct ScreenSize: Sendable, CustomTestStringConvertible {
    var width: Int
    var height: Int
    var testDescription: String { "\(width)x\(height)" }

    /// The sizes every screen is checked at: the classic terminal, a laptop, a big monitor.
    static let all = [ScreenSize(width: 80, height: 24), ScreenSize(width: 120, height: 40), ScreenSize(width: 200, height: 60)]
}

/// Golden text snapshots of every screen of the dashboard: the default demo run to 90 s of
/// virtual time (seeded, so the same every run), driven by keys through the reducer and drawn
/// by the pure `DashboardView.render`. A changed screen fails with its first differing line;
/// `SWARMTOP_UPDATE_GOLDEN=1` writes the files instead (see `Golden`).
@Suite struct GoldenTests {
    /// The demo at 90 s, `size` big, after `keys`.
    func scene(_ size: ScreenSize, _ steps: (inout DashboardState) -> Void = { _ in }) -> DashboardState {
        var (_, state) = Demo.dashboard(at: .seconds(90), width: size.width, height: size.height)
        steps(&state)
        return state
    }

    @Test(arguments: Pane.allCases, ScreenSize.all)
    func mainScreenWithEachPaneFocused(pane: Pane, size: ScreenSize) {
        let digit = Character(String(pane.rawValue + 1))
        let state = scene(size) { Demo.press([.character(digit)], &$0) }
        #expect(state.focus == pane)
        Golden.check(DashboardView.render(state), named: "main-\(pane.title.lowercased())-\(size.testDescription)",
                     scene: "main screen, pane \(digit) (\(pane.title)) focused; keys: \(digit)")
    }

    @Test(arguments: ScreenSize.all)
    func nodeDrillDownShowsTheNodesFactsAndTasks(size: ScreenSize) {
        let state = scene(size) {
            Demo.walk(to: "worker-1", pane: "1", &$0)
            Demo.press([.enter], &$0)
        }
        let text = DashboardView.render(state).text
        #expect(text.contains("Nodes › worker-1"))
        Golden.check(DashboardView.render(state), named: "node-detail-\(size.testDescription)",
                     scene: "node drill-down; keys: 1, j until worker-1, Enter")
    }

    @Test(arguments: ScreenSize.all)
    func serviceDrillDownShowsTaskHistoryUnderItsSlot(size: ScreenSize) {
        let state = scene(size) {
            Demo.walk(to: "reports", pane: "2", &$0)
            Demo.press([.enter], &$0)
        }
        let text = DashboardView.render(state).text
        #expect(text.contains("Services › reports"))
        #expect(text.contains(" \\_ reports."), "the crash-looping job should have history rows")
        Golden.check(DashboardView.render(state), named: "service-detail-\(size.testDescription)",
                     scene: "service drill-down of the crash-looping job; keys: 2, j until reports, Enter")
    }

    @Test(arguments: ScreenSize.all)
    func taskDrillDownShowsTheStateTimeline(size: ScreenSize) {
        let state = scene(size) {
            Demo.walk(to: "reports", pane: "2", &$0)
            // The second row is the slot's previous, failed task.
            Demo.press([.enter, .character("j"), .enter], &$0)
        }
        let text = DashboardView.render(state).text
        #expect(text.contains("State timeline"))
        #expect(text.contains("Failed"))
        Golden.check(DashboardView.render(state), named: "task-detail-\(size.testDescription)",
                     scene: "task drill-down (a failed task of reports); keys: 2, j until reports, Enter, j, Enter")
    }

    @Test(arguments: ScreenSize.all)
    func helpOverlayListsTheKeys(size: ScreenSize) {
        let state = scene(size) { Demo.press([.character("?")], &$0) }
        Golden.check(DashboardView.render(state), named: "help-\(size.testDescription)", scene: "help overlay; keys: ?")
    }

    @Test(arguments: ScreenSize.all)
    func drainConfirmationSpellsOutTheConsequence(size: ScreenSize) {
        let state = scene(size) {
            Demo.walk(to: "worker-3", pane: "1", &$0)
            Demo.press([.character("d")], &$0)
        }
        #expect(DashboardView.render(state).text.contains("Drain worker-3?"))
        Golden.check(DashboardView.render(state), named: "confirm-drain-\(size.testDescription)",
                     scene: "drain confirmation; keys: 1, j until worker-3, d")
    }

    @Test(arguments: ScreenSize.all)
    func filterBeingTypedNarrowsTheTasks(size: ScreenSize) {
        let state = scene(size) { Demo.press([.character("3"), .character("/")] + Key.chars("web"), &$0) }
        #expect(state.mode == .filter("web"))
        Golden.check(DashboardView.render(state), named: "filter-\(size.testDescription)",
                     scene: "tasks pane while typing a filter; keys: 3, /, w, e, b")
    }

    @Test func tooSmallTerminalSaysWhatItNeeds() {
        let state = scene(ScreenSize(width: 50, height: 10))
        Golden.check(DashboardView.render(state), named: "too-small-50x10", scene: "a terminal below the minimum size")
    }
}

/// Golden files: `Tests/DashboardTests/Golden/<name>.txt`, read from and written to the source
/// tree (`#filePath`), so that a regeneration is reread at once; the copy in the test bundle
/// (`resources: [.copy("Golden")]`) is only read when the sources are not there.
///
/// A file is plain text in three parts:
///
///     swarmtop golden screen main-nodes-80x24: <what is on screen and the keys that got there>
///     regenerate: SWARMTOP_UPDATE_GOLDEN=1 swift test --filter GoldenTests
///     -- screen 80x24 (each row ends with |) --
///     <one line per row: the characters, trailing spaces kept, then |>
///     -- styles (row: first-last role, columns from 0, inclusive; normal cells not listed) --
///     0: 0-0 header, 1-15 header.value, 16-26 header.label, …
///
/// A row whose cells are all `normal` has no styles line. A wide character takes one place
/// in the screen part and two columns in the styles part.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// `SWARMTOP_UPDATE_GOLDEN=1`: write the files instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["SWARMTOP_UPDATE_GOLDEN"] == "1" }

    static let regenerate = "SWARMTOP_UPDATE_GOLDEN=1 swift test --filter GoldenTests"

    /// The golden text of `canvas`.
    static func text(of canvas: Canvas, named name: String, scene: String) -> String {
        var out = "swarmtop golden screen \(name): \(scene)\n"
        out += "regenerate: \(regenerate)\n"
        out += "-- screen \(canvas.width)x\(canvas.height) (each row ends with |) --\n"
        for line in canvas.lines { out += line + "|\n" }
        out += "-- styles (row: first-last role, columns from 0, inclusive; normal cells not listed) --\n"
        for y in 0..<canvas.height {
            var runs: [String] = []
            var x = 0
            while x < canvas.width {
                let role = canvas[x, y].role
                var end = x
                while end + 1 < canvas.width, canvas[end + 1, y].role == role { end += 1 }
                if role != .normal { runs.append("\(x)-\(end) \(role.rawValue)") }
                x = end + 1
            }
            if !runs.isEmpty { out += "\(y): " + runs.joined(separator: ", ") + "\n" }
        }
        return out
    }

    /// Compares `canvas` with the golden file `name`, or writes the file when updating.
    static func check(_ canvas: Canvas, named name: String, scene: String, sourceLocation: SourceLocation = #_sourceLocation) {
        check(text(of: canvas, named: name, scene: scene), named: name, regenerate: regenerate, sourceLocation: sourceLocation)
    }

    /// Compares `actual` with the golden file `name`, or writes the file when updating.
    /// - Parameter regenerate: The command that rewrites it, for the failure message.
    static func check(_ actual: String, named name: String, regenerate: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = directory.appendingPathComponent("\(name).txt")
        if updating {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot write \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = stored(name) else {
            Issue.record("""
                no golden file Golden/\(name).txt; create it with
                    \(regenerate)
                then look at it: it is what users will see.
                """, sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        func at(_ lines: [Substring], _ i: Int) -> String { i < lines.count ? "\(lines[i])" : "(end of file)" }
        Issue.record("""
            Golden/\(name).txt differs at line \(line + 1):
              expected: \(at(e, line))
              actual:   \(at(a, line))
            if the new screen is right, regenerate with
                \(regenerate)
            """, sourceLocation: sourceLocation)
    }

    /// The stored golden text: from the source tree, else from the test bundle.
    static func stored(_ name: String) -> String? {
        let source = directory.appendingPathComponent("\(name).txt")
        if let text = try? String(contentsOf: source, encoding: .utf8) { return text }
        if FileManager.default.fileExists(atPath: directory.path) { return nil }
        guard let bundled = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Golden") else { return nil }
        return try? String(contentsOf: bundled, encoding: .utf8)
    }
}
