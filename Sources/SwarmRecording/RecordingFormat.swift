/// The name and version a recording's header carries, and the rule for reading versions.
///
/// A version is `MAJOR.MINOR`. A reader reads every version with its own major number or an
/// older one; a newer minor version may add fields and event kinds, which this reader
/// skips with a warning; a newer major version is refused with a message saying so.
///
/// - 1.0: every task event carries the whole task, spec included.
/// - 2.0: task events may be short (`task.updated` with what changed, `task.removed` with
///   the ID), and a task without `Spec` has its service's template; see `TaskLedger`.
/// - 3.0: short task events are lines of their own, `update` and `remove`, whose number and
///   time count from the last event's (`seq` left out when it is one more, `dt` for the
///   time), and whose `version` is left out when it is the event's number.
public enum RecordingFormat {
    /// The `format` field of every recording's header.
    public static let name = "swarmtop-recording"
    /// The version this swarmtop writes, and the newest it reads.
    public static let version = FormatVersion(major: 3, minor: 0)

    /// The newest minor version of `major` this swarmtop knows: kinds it does not know in a
    /// file of a newer minor version are from that version, and are skipped.
    static func latestMinor(ofMajor major: Int) -> Int {
        major == version.major ? version.minor : 0
    }
    /// The longest line a reader accepts by default (a snapshot line holds one object, so
    /// even a huge cluster stays far below it).
    public static let defaultLineLimit = 16 << 20
    /// The terminal widths and heights a recording may give (a replay draws at that size).
    public static let widths = 0...2000
    public static let heights = 0...1000
}

/// A recording format version, `MAJOR.MINOR`.
public struct FormatVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.0`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) }),
              let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0
        else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
}
