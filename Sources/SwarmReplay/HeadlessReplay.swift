import Dashboard
import SwarmRecording

/// A recording played through once without a terminal, collecting what was asked for: a
/// screen (at the end, at a time or at a marker), a summary, text frames at markers and
/// intervals, and an asciicast.
public enum HeadlessReplay {
    /// What to collect.
    public struct Options {
        /// The screen size; nil for the recorded one (following recorded resizes).
        public var size: (width: Int, height: Int)?
        /// The recording time to take the screen at; nil for the end.
        public var screenAt: Duration?
        /// The marker to take the screen at (right after it).
        public var screenAtMarker: String?
        /// Whether to build the summary, and how often it counts tasks by state.
        public var wantsSummary = false
        public var summaryInterval: Duration = .seconds(10)
        /// Whether to take a text frame at every marker.
        public var wantsFrames = false
        /// Also a text frame every this much recording time.
        public var framesEvery: Duration?
        /// Receives an asciicast v2 file's text, if one is wanted.
        public var cast: ((String) -> Void)?

        public init() {}
    }

    /// A screen taken on the way.
    public struct Frame: Hashable, Sendable {
        /// A file name for it: `marker-01-NAME.txt`, `at-000010s.txt`.
        public var name: String
        public var text: String
    }

    /// What a headless replay produced.
    public struct Result {
        /// The screen as text, one line per row.
        public var screen: String
        public var summary: ReplaySummary?
        public var frames: [Frame]
        /// The reader's warnings, as messages.
        public var warnings: [String]
    }

    /// Why a headless replay could not give what was asked.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Plays the recording at `path`.
    /// - Parameters:
    ///   - path: The recording; messages name it so.
    ///   - name: The recording's name for the dashboard's header.
    /// - Throws: `RecordingError`, or `Problem` for a time after the end or a missing marker.
    /// - Complexity: O(lines) plus the reducer's work per line, and one render per screen
    ///   or frame asked for (for an asciicast, one per distinct time and per second).
    public static func run(path: String, name: String, options: Options) throws -> Result {
        // Lines are decoded on a second thread while the dashboard plays the ones before.
        let reader = ReadAheadReader(try RecordingReader(path: path, name: path))
        var player = ReplayPlayer(header: reader.header, name: name, size: options.size)
        var summary = options.wantsSummary ? SummaryBuilder(interval: options.summaryInterval) : nil
        var screen: String?
        var frames: [Frame] = []
        var nextFrame = options.framesEvery.map { _ in Duration.zero }
        var cast = options.cast.map { AsciicastExporter(theme: AsciicastExporter.theme(named: reader.header.theme), write: $0) }
        var castTime: Duration = .zero
        var castDirty = true
        if let cast {
            let size = options.size ?? (reader.header.terminal.width, reader.header.terminal.height)
            cast.header(width: size.width, height: size.height, started: reader.header.started, title: "swarmtop replay \(name)")
        }

        func frameAt(_ time: Duration) -> String {
            player.moveClock(to: time)
            return player.render().text
        }
        func castUpTo(_ time: Duration) {
            guard cast != nil, time > castTime else { return }
            if castDirty {
                player.moveClock(to: castTime)
                cast?.frame(player.render(), at: castTime)
                castDirty = false
            }
            // The clock ticks each second in between, as it does on a live screen.
            var tick = Duration.seconds(castTime.components.seconds + 1)
            while tick < time {
                player.moveClock(to: tick)
                cast?.frame(player.render(), at: tick)
                tick += .seconds(1)
            }
            castTime = time
        }

        while let line = try reader.next() {
            if let at = options.screenAt, screen == nil, line.time > at { screen = frameAt(at) }
            if let every = options.framesEvery, var due = nextFrame {
                while line.time > due {
                    frames.append(Frame(name: "at-\(Self.padded(due))s.txt", text: frameAt(due)))
                    due += every
                }
                nextFrame = due
            }
            castUpTo(line.time)
            summary?.note(line, player: &player)
            player.play(line)
            castDirty = true
            switch line.entry {
            case .marker(let marker):
                if marker == options.screenAtMarker, screen == nil { screen = frameAt(line.time) }
                if options.wantsFrames {
                    let index = player.markers.count
                    frames.append(Frame(name: "marker-\(index < 10 ? "0" : "")\(index)-\(Self.fileName(marker)).txt", text: frameAt(line.time)))
                }
                cast?.marker(marker, at: line.time)
            case .input(.resize(let width, let height)) where options.size == nil:
                cast?.resize(width: width, height: height, at: line.time)
            default:
                break
            }
        }
        let end = player.time
        if let every = options.framesEvery, var due = nextFrame {
            while due <= end {
                frames.append(Frame(name: "at-\(Self.padded(due))s.txt", text: frameAt(due)))
                due += every
            }
        }
        if cast != nil {
            player.moveClock(to: end)
            cast?.frame(player.render(), at: end)
        }
        if let marker = options.screenAtMarker, screen == nil {
            let names = player.markers.map(\.name)
            throw Problem(description: "\(path): no marker named '\(marker)'" + (names.isEmpty ? " (the recording has none)" : " (markers: \(names.joined(separator: ", ")))"))
        }
        if let at = options.screenAt, screen == nil {
            guard at <= end else {
                throw Problem(description: "\(path): --at \(SummaryBuilder.clock(at)) is after the end of the recording (\(SummaryBuilder.clock(end)))")
            }
            screen = frameAt(at)
        }
        let finalScreen = screen ?? frameAt(end)
        let built = summary.map { builder in
            var b = builder
            return b.finish(player: &player, warnings: reader.warnings)
        }
        return Result(screen: finalScreen, summary: built, frames: frames, warnings: reader.warnings.map(\.description))
    }

    /// Whole seconds, six digits: `000010`.
    static func padded(_ time: Duration) -> String {
        let text = String(time.components.seconds)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// A marker name as a safe file name part: letters, digits, `-` and `_`; others become `_`.
    static func fileName(_ marker: String) -> String {
        let safe = String(marker.prefix(60).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return safe.isEmpty ? "_" : safe
    }
}
