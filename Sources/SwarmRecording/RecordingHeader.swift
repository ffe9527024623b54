import Dashboard
import SwarmModel

/// The first line of a recording: what was recorded, from where, on what terminal.
public struct RecordingHeader: Hashable, Sendable, Codable {
    /// Always `RecordingFormat.name`.
    public var format: String
    /// The format version the file was written in.
    public var version: String
    /// The swarmtop that wrote it.
    public var swarmtop: String
    /// Where the cluster came from.
    public var source: Source
    /// The terminal's size when recording started.
    public var terminal: TerminalSize
    /// The colour theme's name.
    public var theme: String
    /// Whether the dashboard refused every action.
    public var readOnly: Bool
    /// When recording started, by the wall clock.
    public var started: Timestamp
    /// The cluster's clock when recording started.
    public var clock: RecordedClock
    /// How many cluster events the snapshot that follows the header already holds: the next
    /// cluster event is numbered above it.
    public var sequence: UInt64

    public init(
        swarmtop: String, source: Source, terminal: TerminalSize, theme: String, readOnly: Bool, started: Timestamp,
        clock: RecordedClock, sequence: UInt64, version: FormatVersion = RecordingFormat.version
    ) {
        format = RecordingFormat.name
        self.version = version.description
        self.swarmtop = swarmtop
        self.source = source
        self.terminal = terminal
        self.theme = theme
        self.readOnly = readOnly
        self.started = started
        self.clock = clock
        self.sequence = sequence
    }

    /// The header's version, parsed (nil when it is not `MAJOR.MINOR`).
    public var formatVersion: FormatVersion? { FormatVersion(version) }

    /// Where the recorded cluster came from.
    public struct Source: Hashable, Sendable, Codable {
        /// `embedded` (the simulator) or `docker` (a real swarm).
        public var kind: Kind
        /// The cluster's name as the header showed it.
        public var cluster: String
        /// For the embedded engine: the scenario the run started from (nil for a `--stack`
        /// run, whose compose file may hold secrets, or for Docker).
        public var scenario: ScenarioText?
        /// For the embedded engine: the seed it ran with.
        public var seed: UInt64?
        /// For a `--stack` run: the compose file's name (its content is not recorded).
        public var stack: String?
        /// For Docker: the daemon's address.
        public var endpoint: String?

        public init(
            kind: Kind, cluster: String, scenario: ScenarioText? = nil, seed: UInt64? = nil, stack: String? = nil, endpoint: String? = nil
        ) {
            self.kind = kind
            self.cluster = cluster
            self.scenario = scenario
            self.seed = seed
            self.stack = stack
            self.endpoint = endpoint
        }

        public enum Kind: String, Hashable, Sendable, Codable {
            case embedded, docker
        }
    }

    /// A scenario file's name and its whole content.
    public struct ScenarioText: Hashable, Sendable, Codable {
        public var file: String
        public var text: String
        public init(file: String, text: String) {
            self.file = file
            self.text = text
        }
    }

    /// A terminal's size in cells.
    public struct TerminalSize: Hashable, Sendable, Codable {
        public var width: Int
        public var height: Int
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }
}

/// The cluster's clock as the dashboard showed it: in the header, and on every change.
public struct RecordedClock: Hashable, Sendable, Codable {
    public var start: Timestamp
    public var now: Timestamp
    public var speed: Double
    public var paused: Bool
    /// Whether the clock could be paused and sped up (not for a real swarm).
    public var controllable: Bool

    public init(start: Timestamp, now: Timestamp, speed: Double, paused: Bool, controllable: Bool) {
        self.start = start
        self.now = now
        self.speed = speed
        self.paused = paused
        self.controllable = controllable
    }
}

extension RecordedClock {
    /// The dashboard's clock as a recording writes it.
    public init(_ clock: ClockState) {
        self.init(start: clock.start, now: clock.now, speed: clock.speed, paused: clock.paused, controllable: clock.controllable)
    }
}

extension ClockState {
    /// A recorded clock as the dashboard shows it.
    public init(_ clock: RecordedClock) {
        self.init(start: clock.start, now: clock.now, speed: clock.speed, paused: clock.paused, controllable: clock.controllable)
    }
}
