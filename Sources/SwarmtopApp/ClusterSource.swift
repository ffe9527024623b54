import Dashboard
import SwarmEngine
import SwarmModel

/// Where the dashboard's cluster comes from: the embedded engine, a real swarm, a replay.
/// The dashboard only reads events and sends actions; it cannot tell the sources apart.
public protocol ClusterSource: Sendable {
    /// The cluster now and every later event, in batches (each in order, as the source found
    /// them at one time), taken at one instant.
    func attach() async -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>)
    /// Starts the flow of events.
    func start() async
    /// Ends the flow of events; the stream from `attach` finishes.
    func stop() async
    /// Sends an action; the answer also arrives as an event.
    func apply(_ action: ClusterAction) async -> ActionOutcome
    /// The clock as the header shows it.
    func clock() async -> ClockState
    /// Stops or restarts the clock (no effect where the clock is not controllable).
    func setPaused(_ paused: Bool) async
    /// Changes the clock's speed (no effect where the clock is not controllable).
    func setSpeed(_ speed: Double) async
    /// Sends an action like `apply(_:)` and says when the source applied it, if it can.
    func send(_ action: ClusterAction) async -> ActionReceipt
}

/// A source's answer to an action, and when (by the source's clock) it was applied.
public struct ActionReceipt: Hashable, Sendable {
    public var outcome: ActionOutcome
    /// When it was applied; nil when the source cannot say.
    public var appliedAt: Timestamp?

    public init(outcome: ActionOutcome, appliedAt: Timestamp?) {
        self.outcome = outcome
        self.appliedAt = appliedAt
    }
}

extension ClusterSource {
    /// Sends the action with `apply(_:)`; the time it was applied is unknown.
    public func send(_ action: ClusterAction) async -> ActionReceipt {
        ActionReceipt(outcome: await apply(action), appliedAt: nil)
    }
}

/// The embedded engine as a source, run in real time by an `EngineDriver`.
public struct EngineSource: ClusterSource {
    public let driver: EngineDriver
    let start: Timestamp

    public init(engine: Engine, speed: Double = 1, paused: Bool = false) {
        driver = EngineDriver(engine: engine, speed: speed, paused: paused)
        start = engine.startTime
    }

    public func attach() async -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>) { await driver.attach() }
    public func start() async { await driver.start() }
    public func stop() async { await driver.stop() }
    public func apply(_ action: ClusterAction) async -> ActionOutcome { await driver.apply(action) }
    public func clock() async -> ClockState {
        ClockState(start: start, now: await driver.now, speed: await driver.speed, paused: await driver.isPaused, controllable: true)
    }
    public func setPaused(_ paused: Bool) async { await driver.setPaused(paused) }
    public func setSpeed(_ speed: Double) async { await driver.setSpeed(speed) }
    public func send(_ action: ClusterAction) async -> ActionReceipt {
        let (outcome, time) = await driver.applyReportingTime(action)
        return ActionReceipt(outcome: outcome, appliedAt: time)
    }
}
