import Dashboard
import SwarmEngine
import SwarmModel

/// Where the dashboard's cluster comes from: the embedded engine, a real swarm, a replay.
/// The dashboard only reads events and sends actions; it cannot tell the sources apart.
public protocol ClusterSource: Sendable {
    /// The cluster now and every later event, taken at one instant.
    func attach() async -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<ClusterEvent>)
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
}

/// The embedded engine as a source, run in real time by an `EngineDriver`.
public struct EngineSource: ClusterSource {
    public let driver: EngineDriver
    let start: Timestamp

    public init(engine: Engine, speed: Double = 1, paused: Bool = false) {
        driver = EngineDriver(engine: engine, speed: speed, paused: paused)
        start = engine.startTime
    }

    public func attach() async -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<ClusterEvent>) { await driver.attach() }
    public func start() async { await driver.start() }
    public func stop() async { await driver.stop() }
    public func apply(_ action: ClusterAction) async -> ActionOutcome { await driver.apply(action) }
    public func clock() async -> ClockState {
        ClockState(start: start, now: await driver.now, speed: await driver.speed, paused: await driver.isPaused, controllable: true)
    }
    public func setPaused(_ paused: Bool) async { await driver.setPaused(paused) }
    public func setSpeed(_ speed: Double) async { await driver.setSpeed(speed) }
}
