import SwarmModel

/// Everything the engine starts from: the cluster, its services, how their images behave,
/// and a timeline of actions. A scenario file is parsed into one of these.
public struct EngineSetup: Sendable, Hashable {
    /// Shown in the dashboard header.
    public var clusterName: String
    /// Seeds the engine's only random number generator.
    public var seed: UInt64
    /// The virtual time the simulation starts at.
    public var start: Timestamp
    /// Nodes in join order. The first manager becomes the leader.
    public var nodes: [NodeTemplate]
    /// Services created at the start, in this order.
    public var services: [ServiceSetup]
    /// How images behave on nodes (pull and start times, crashes, missing images), by image
    /// reference. Images not listed behave as `ImageBehavior()`.
    public var images: [String: ImageBehavior]
    /// Actions applied at virtual times after the start.
    public var timeline: [TimedAction]

    public init(
        clusterName: String = "swarm", seed: UInt64 = 1, start: Timestamp = EngineSetup.defaultStart,
        nodes: [NodeTemplate] = [], services: [ServiceSetup] = [], images: [String: ImageBehavior] = [:],
        timeline: [TimedAction] = []
    ) {
        self.clusterName = clusterName
        self.seed = seed
        self.start = start
        self.nodes = nodes
        self.services = services
        self.images = images
        self.timeline = timeline
    }

    /// 2026-01-01T00:00:00Z: a fixed start, so runs are the same on every machine and day.
    public static let defaultStart = Timestamp(nanoseconds: 1_767_225_600_000_000_000)
}

/// A service to create at the start.
public struct ServiceSetup: Sendable, Hashable {
    public var spec: ServiceSpec
    public init(spec: ServiceSpec) { self.spec = spec }
}

/// How an image behaves when a task runs it: simulated time per agent step and how its
/// process ends.
public struct ImageBehavior: Sendable, Hashable {
    /// Time to pull the image the first time a node needs it (preparing → ready).
    public var pullTime: Duration
    /// Time from starting to running.
    public var startTime: Duration
    /// Time a running task takes to stop when asked (the stop grace period it uses).
    public var stopTime: Duration
    /// Mean crashes per minute of running (0: never crashes). Each running task crashes after
    /// an exponentially distributed time with mean `60 / crashRate` seconds.
    public var crashRate: Double
    /// Exit code of a crash.
    public var exitCode: Int
    /// If set, the process exits 0 after running this long (a job-like task: `complete`).
    public var runFor: Duration?
    /// Hostnames of nodes where the image cannot be found: tasks there are `rejected`
    /// with "No such image: …".
    public var missingOn: Set<String>
    /// The image exists nowhere: every task is rejected.
    public var missingEverywhere: Bool

    public init(
        pullTime: Duration = .milliseconds(1500), startTime: Duration = .milliseconds(800), stopTime: Duration = .milliseconds(500),
        crashRate: Double = 0, exitCode: Int = 1, runFor: Duration? = nil, missingOn: Set<String> = [], missingEverywhere: Bool = false
    ) {
        self.pullTime = pullTime
        self.startTime = startTime
        self.stopTime = stopTime
        self.crashRate = crashRate
        self.exitCode = exitCode
        self.runFor = runFor
        self.missingOn = missingOn
        self.missingEverywhere = missingEverywhere
    }
}

/// An action at a virtual time, counted from the start.
public struct TimedAction: Sendable, Hashable {
    public var at: Duration
    public var action: ClusterAction
    /// Where it was written (e.g. `scenario.yaml:42`), for messages about it.
    public var source: String?
    public init(at: Duration, action: ClusterAction, source: String? = nil) {
        self.at = at
        self.action = action
        self.source = source
    }
}
