import Dashboard
import Foundation
import SwarmModel
import SwarmRecording

/// Records a dashboard session: the header and the cluster as it is when the session starts,
/// then everything the loop sees (cluster events, input, actions with their answers, clock
/// changes, markers), each line written as it happens.
public struct SessionRecorder: Sendable {
    public let writer: RecordingWriter
    /// Where the cluster comes from, for the header.
    public var source: RecordingHeader.Source
    /// The colour theme's name, for the header.
    public var theme: String

    public init(writer: RecordingWriter, source: RecordingHeader.Source, theme: String) {
        self.writer = writer
        self.source = source
        self.theme = theme
    }

    /// Writes the header and the snapshot of `cluster`: nodes and services in the order the
    /// cluster keeps them, tasks by creation time and ID.
    /// - Complexity: O(n log n) for n tasks.
    public func begin(cluster: Cluster, sequence: UInt64, clock: ClockState, width: Int, height: Int, readOnly: Bool) {
        let wall = Date().timeIntervalSince1970
        writer.writeHeader(RecordingHeader(
            swarmtop: SwarmtopVersion.current, source: source, terminal: .init(width: width, height: height), theme: theme,
            readOnly: readOnly, started: Timestamp(nanoseconds: Int64(wall * 1e9)), clock: RecordedClock(clock), sequence: sequence))
        for node in cluster.orderedNodes { writer.record(.snapshot(.node(node)), at: .zero) }
        for service in cluster.orderedServices { writer.record(.snapshot(.service(service)), at: .zero) }
        let tasks = cluster.tasks.values.sorted { ($0.createdAt, $0.id.rawValue) < ($1.createdAt, $1.id.rawValue) }
        for task in tasks { writer.record(.snapshot(.task(task)), at: .zero) }
    }

    /// Writes one entry, timed now.
    public func record(_ entry: RecordingEntry) { writer.record(entry) }

    /// Writes cluster events that arrived together, in order, all timed now (as
    /// `record(.cluster(event))` for each, with less work).
    public func record(_ events: ArraySlice<ClusterEvent>) { writer.record(events) }

    /// Writes the `end` line and closes the file.
    public func finish() { writer.finish() }
}
