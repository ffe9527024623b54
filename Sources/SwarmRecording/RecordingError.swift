/// Why a recording cannot be read (or written). Each says where, as `FILE:LINE: …`, and
/// what to do; the command line prints it and exits with code 2.
public struct RecordingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// The line the problem is on (1 for the header); nil when it is about the whole file.
    public var line: Int?
    public var problem: Problem

    public init(file: String, line: Int?, _ problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public enum Problem: Hashable, Sendable {
        /// The file cannot be opened or read.
        case cannotOpen(String)
        /// The file cannot be created or written.
        case cannotWrite(String)
        /// The file holds nothing.
        case empty
        /// The line holds bytes that are not UTF-8 text (a NUL, or a broken sequence).
        case notText
        /// The line is longer than the reader accepts.
        case lineTooLong(limit: Int)
        /// The line is not JSON.
        case invalidJSON(String)
        /// The first line is not a swarmtop recording header.
        case notARecording(String)
        /// The header's version is not `MAJOR.MINOR`.
        case badVersion(String)
        /// The recording is from a newer major version of the format.
        case newerMajorVersion(found: FormatVersion, supported: FormatVersion)
        /// The line is JSON but not a valid entry of its kind.
        case invalidEntry(String)
        /// A kind this version of the format does not have.
        case unknownKind(String, version: FormatVersion)
        /// The line's time offset is before the previous line's.
        case timeGoesBackwards(time: String, previous: String)
        /// A cluster event's sequence number is not above the previous one's.
        case sequenceGoesBackwards(sequence: UInt64, previous: UInt64)
        /// A snapshot line after the first event.
        case snapshotAfterEvents
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        switch problem {
        case .cannotOpen(let why): return "\(place): cannot read the recording: \(why)"
        case .cannotWrite(let why): return "\(place): cannot write the recording: \(why)"
        case .empty: return "\(place): the file is empty: not a swarmtop recording"
        case .notText: return "\(place): binary data, not text: not a swarmtop recording"
        case .lineTooLong(let limit):
            let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            return "\(place): line is longer than \(size): not a swarmtop recording, or a damaged one"
        case .invalidJSON(let why): return "\(place): not valid JSON (\(why))"
        case .notARecording(let why):
            return "\(place): not a swarmtop recording: \(why) (the first line must be a header {\"format\":\"\(RecordingFormat.name)\",\"version\":\"\(RecordingFormat.version)\",…})"
        case .badVersion(let text): return "\(place): version '\(text)' is not MAJOR.MINOR, e.g. \"\(RecordingFormat.version)\""
        case .newerMajorVersion(let found, let supported):
            return "\(place): recording format \(found) is newer than this swarmtop reads (\(supported.major).x): update swarmtop to replay it"
        case .invalidEntry(let why): return "\(place): \(why)"
        case .unknownKind(let kind, let version): return "\(place): unknown event kind '\(kind)' in a version \(version) recording"
        case .timeGoesBackwards(let time, let previous): return "\(place): time goes backwards (t=\(time) after t=\(previous))"
        case .sequenceGoesBackwards(let sequence, let previous):
            return "\(place): cluster event \(sequence) after event \(previous): sequence numbers must increase"
        case .snapshotAfterEvents: return "\(place): a snapshot line after other events: snapshot lines come right after the header"
        }
    }
}

/// Something odd in a recording that does not stop it being replayed.
public struct RecordingWarning: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var problem: Problem

    public enum Problem: Hashable, Sendable {
        /// The last line ends without a newline and is not whole: the writer was stopped mid-line.
        case truncatedLine
        /// A kind from a newer minor version, skipped.
        case unknownKindSkipped(kind: String, version: FormatVersion)
    }

    public init(file: String, line: Int, _ problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .truncatedLine:
            return "\(file):\(line): line is cut off (the recording ended mid-write); replayed up to line \(line - 1)"
        case .unknownKindSkipped(let kind, let version):
            let known = FormatVersion(major: version.major, minor: RecordingFormat.latestMinor(ofMajor: version.major))
            return "\(file):\(line): unknown event kind '\(kind)' (from format \(version), newer than \(known)): skipped"
        }
    }
}
