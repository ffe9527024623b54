import Dashboard
import SwarmRecording

/// A recording played through once without a terminal, collecting what was asked for: a
/// screen (at the end, at a time or at a marker) and a summary.
public enum HeadlessReplay {
    /// What a headless replay produced.
    public struct Result {
        /// The screen as text, one line per row.
        public var screen: String?
        public var summary: ReplaySummary?
        /// The reader's warnings, as messages.
        public var warnings: [String]
    }

    /// Why a headless replay could not give what was asked.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Plays the recording at `path`.
    /// - Parameters:
    ///   - size: The screen size; nil for the recorded one.
    ///   - screenAt: The recording time to take the screen at; nil for the end.
    ///   - screenAtMarker: The marker to take the screen at (right after it).
    ///   - summaryInterval: How often the summary counts tasks by state.
    ///   - wantsSummary: Whether to build the summary.
    /// - Throws: `RecordingError`, or `Problem` for a time after the end or a missing marker.
    /// - Complexity: O(lines) plus the reducer's work per line; one frame is rendered.
    public static func run(
        path: String, name: String, size: (width: Int, height: Int)?, screenAt: Duration?, screenAtMarker: String?,
        summaryInterval: Duration, wantsSummary: Bool
    ) throws -> Result {
        var reader = try RecordingReader(path: path, name: path)
        var player = ReplayPlayer(header: reader.header, name: name, size: size)
        var summary = wantsSummary ? SummaryBuilder(interval: summaryInterval) : nil
        var screen: String?
        while let line = try reader.next() {
            if let at = screenAt, screen == nil, line.time > at {
                player.moveClock(to: at)
                screen = player.render().text
            }
            summary?.note(line, player: &player)
            player.play(line)
            if let marker = screenAtMarker, screen == nil, line.entry == .marker(marker) {
                player.moveClock(to: line.time)
                screen = player.render().text
            }
        }
        if let marker = screenAtMarker, screen == nil {
            let names = player.markers.map(\.name)
            throw Problem(description: "\(path): no marker named '\(marker)'" + (names.isEmpty ? " (the recording has none)" : " (markers: \(names.joined(separator: ", ")))"))
        }
        if let at = screenAt, screen == nil {
            guard at <= player.time else {
                throw Problem(description: "\(path): --at \(SummaryBuilder.clock(at)) is after the end of the recording (\(SummaryBuilder.clock(player.time)))")
            }
            player.moveClock(to: at)
            screen = player.render().text
        }
        if screen == nil {
            player.moveClock(to: player.time)
            screen = player.render().text
        }
        let result = summary.map { builder in
            var b = builder
            return b.finish(player: &player, warnings: reader.warnings)
        }
        return Result(screen: screen, summary: result, warnings: reader.warnings.map(\.description))
    }
}
