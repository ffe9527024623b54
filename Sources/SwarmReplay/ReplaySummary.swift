import Dashboard
import Foundation
import SwarmModel
import SwarmRecording

/// What a recording holds, in numbers: `swarmtop replay FILE --headless --summary`.
public struct ReplaySummary: Encodable, Sendable {
    /// Recording time from the first line to the last, in seconds.
    public var duration: Double
    /// Lines by kind (`cluster`, `key`, `action`, …), the header not counted.
    public var events: [String: Int]
    /// Cluster events by type (`task.updated`, `action.accepted`, …).
    public var clusterEvents: [String: Int]
    /// Tasks per state, sampled every `interval` seconds of recording time and at the end.
    public var tasksOverTime: [Sample]
    /// The operator's actions and their answers, in order.
    public var actions: [Action]
    /// The markers, in order.
    public var markers: [Marker]
    /// The cluster at the end.
    public var final: Counts
    /// Whether the recording ended cleanly (with its `end` line).
    public var complete: Bool
    /// The reader's warnings.
    public var warnings: [String]

    public struct Sample: Encodable, Sendable {
        public var t: Double
        public var clock: String
        public var tasks: [String: Int]
    }

    public struct Action: Encodable, Sendable {
        public var t: Double
        public var action: String
        public var outcome: String
        public var reason: String?
        public var at: String?
    }

    public struct Marker: Encodable, Sendable {
        public var t: Double
        public var name: String
    }

    public struct Counts: Encodable, Sendable {
        public var nodes: Int
        public var nodesByState: [String: Int]
        public var services: Int
        public var tasks: Int
        public var tasksByState: [String: Int]
        public var managers: Int
        public var leader: String?
    }

    /// The summary as pretty, key-sorted JSON, with a newline.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Gathers a `ReplaySummary` while a recording plays.
public struct SummaryBuilder {
    private var clusterEvents: [String: Int] = [:]
    private var samples: [ReplaySummary.Sample] = []
    private var nextSample: Duration = .zero
    private let interval: Duration

    /// - Parameter interval: How often (recording time) to sample the task counts.
    public init(interval: Duration = .seconds(10)) {
        self.interval = max(interval, .milliseconds(1))
    }

    /// Notes `line`; call it before the player plays it (a sample at time T is taken once
    /// every line up to T was played).
    public mutating func note(_ line: RecordedLine, player: inout ReplayPlayer) {
        if case .snapshot = line.entry { return }
        // A sample at `nextSample` once every line up to it was played.
        while line.time > nextSample {
            samples.append(Self.sample(&player, at: nextSample))
            nextSample += interval
        }
        if case .cluster(let e) = line.entry { clusterEvents[e.type, default: 0] += 1 }
    }

    /// The summary, once every line was played.
    public mutating func finish(player: inout ReplayPlayer, warnings: [RecordingWarning]) -> ReplaySummary {
        let end = player.time
        while nextSample <= end {
            samples.append(Self.sample(&player, at: nextSample))
            nextSample += interval
        }
        if nextSample - interval < end { samples.append(Self.sample(&player, at: end)) }
        let state = player.state
        let cluster = state.cluster
        var nodesByState: [String: Int] = [:]
        for node in cluster.nodes.values { nodesByState[node.status.state.rawValue, default: 0] += 1 }
        return ReplaySummary(
            duration: Self.seconds(end),
            events: player.counts, clusterEvents: clusterEvents, tasksOverTime: samples,
            actions: player.actions.map {
                ReplaySummary.Action(
                    t: Self.seconds($0.time), action: $0.action.action.description, outcome: $0.action.outcome.isAccepted ? "accepted" : "refused",
                    reason: $0.action.outcome.reason, at: $0.action.appliedAt.map { Self.clock($0 - player.header.clock.start) })
            },
            markers: player.markers.map { ReplaySummary.Marker(t: Self.seconds($0.time), name: $0.name) },
            final: ReplaySummary.Counts(
                nodes: cluster.nodes.count, nodesByState: nodesByState, services: cluster.services.count, tasks: cluster.tasks.count,
                tasksByState: Self.taskCounts(cluster), managers: state.managers.total, leader: state.managers.leader),
            complete: player.ended, warnings: warnings.map(\.description))
    }

    private static func sample(_ player: inout ReplayPlayer, at time: Duration) -> ReplaySummary.Sample {
        player.moveClock(to: time)
        let state = player.state
        return ReplaySummary.Sample(t: seconds(time), clock: clock(state.clock.now - state.clock.start), tasks: taskCounts(state.cluster))
    }

    private static func taskCounts(_ cluster: Cluster) -> [String: Int] {
        var counts: [String: Int] = [:]
        for state in TaskState.allCases where cluster.count(of: state) > 0 { counts[state.description] = cluster.count(of: state) }
        return counts
    }

    static func seconds(_ d: Duration) -> Double { Double(d.nanoseconds / 1_000_000) / 1000 }

    /// `1m23.4s`-style virtual clock text, to the millisecond.
    static func clock(_ d: Duration) -> String {
        let ms = d.nanoseconds / 1_000_000
        let h = ms / 3_600_000, m = ms / 60_000 % 60, s = Double(ms % 60_000) / 1000
        var text = ""
        if h > 0 { text += "\(h)h" }
        if h > 0 || m > 0 { text += "\(m)m" }
        if s == 0, !text.isEmpty { return text }
        let secondsText = s == s.rounded() ? String(Int(s)) : String(s)
        return text + secondsText + "s"
    }
}
