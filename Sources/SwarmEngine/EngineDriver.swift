import SwarmModel

/// Runs an engine in real time: virtual time moves at `speed` × wall-clock time and can be
/// paused. Every event goes to every subscriber, as an `AsyncStream` of batches: what one
/// run of the engine published, in order (one hand-over between threads per batch, not per
/// event: at 10,000 events a second the per-event hand-overs cost more than the dashboard's
/// own work).
///
/// The driver sleeps until the engine's next timer is due (scaled by the speed), or until an
/// action, a speed change or a resume wakes it; with nothing due it does not wake at all.
/// Two of its runs are at least `minimumWait` apart (an action runs the engine at once): a
/// busy cluster at a high speed has a timer due every few microseconds of wall-clock time,
/// and waking for each (a timer set, a thread woken, the events sent one wake-up at a time)
/// cost more than the engine's work. What it publishes at one wake is what fell due since
/// the last, with the same virtual times.
public actor EngineDriver {
    /// The shortest time between two of the driver's runs: a quarter of a 60 Hz frame, so a
    /// screen is at most that late, while a busy cluster wakes the driver at most 250 times a
    /// second rather than once per timer.
    package static let minimumWait: Duration = .milliseconds(4)

    private var engine: Engine
    private var subscribers: [Int: AsyncStream<[ClusterEvent]>.Continuation] = [:]
    private var nextSubscriber = 0
    private var loop: _Concurrency.Task<Void, Never>?
    private let clock = ContinuousClock()
    /// Wall-clock and virtual time at the last change of speed or pause.
    private var wallAnchor: ContinuousClock.Instant
    private var virtualAnchor: Timestamp
    private var started = false

    /// Virtual seconds per wall-clock second.
    public private(set) var speed: Double
    /// Whether virtual time stands still.
    public private(set) var isPaused: Bool

    /// - Parameters:
    ///   - engine: the engine to run; its events so far are published to the first subscribers.
    ///   - speed: virtual seconds per wall-clock second (clamped to 0.01…100,000).
    ///   - paused: start with the clock stopped.
    public init(engine: Engine, speed: Double = 1, paused: Bool = false) {
        self.engine = engine
        self.speed = EngineDriver.clamp(speed)
        self.isPaused = paused
        self.wallAnchor = ContinuousClock().now
        self.virtualAnchor = engine.now
    }

    private static func clamp(_ s: Double) -> Double { min(max(s, 0.01), 100_000) }

    /// The virtual time the engine has reached.
    public var now: Timestamp { engine.now }

    /// The engine's name for the cluster, its start, its managers and leader.
    public var engineState: Engine { engine }

    /// The cluster now and a stream of every later event, in batches, taken at one instant:
    /// applying the stream's events to `cluster` keeps it equal to the engine's.
    public func attach() -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>) {
        publish()
        let stream = makeStream()
        return (engine.cluster, engine.lastSequence, stream)
    }

    /// A stream of every event from now on, in batches, including those the engine emitted
    /// but the driver has not published yet (at first: the cluster's creation). It ends when
    /// the driver stops.
    public func subscribe() -> AsyncStream<[ClusterEvent]> { makeStream() }

    private func makeStream() -> AsyncStream<[ClusterEvent]> {
        let (stream, continuation) = AsyncStream<[ClusterEvent]>.makeStream()
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _Concurrency.Task { await self.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// Starts the clock.
    public func start() {
        guard !started else { return }
        started = true
        wallAnchor = clock.now
        virtualAnchor = engine.now
        publish()
        replan()
    }

    /// Stops the clock for good and ends every subscriber's stream.
    public func stop() {
        loop?.cancel()
        loop = nil
        started = false
        for c in subscribers.values { c.finish() }
        subscribers.removeAll()
    }

    /// Applies an action at the current virtual time and publishes what it caused.
    @discardableResult
    public func apply(_ action: ClusterAction) -> ActionOutcome {
        catchUp()
        let outcome = engine.apply(action)
        publish()
        replan()
        return outcome
    }

    /// Applies an action like `apply(_:)` and also says at what virtual time it was applied
    /// (the time of its answer event), so that a recording can apply it again at that time.
    public func applyReportingTime(_ action: ClusterAction) -> (outcome: ActionOutcome, time: Timestamp) {
        let outcome = apply(action)
        return (outcome, engine.now)
    }

    /// Stops or restarts virtual time.
    public func setPaused(_ paused: Bool) {
        guard paused != isPaused else { return }
        catchUp()
        isPaused = paused
        wallAnchor = clock.now
        virtualAnchor = engine.now
        publish()
        replan()
    }

    /// Changes how fast virtual time runs.
    public func setSpeed(_ newSpeed: Double) {
        catchUp()
        speed = EngineDriver.clamp(newSpeed)
        wallAnchor = clock.now
        virtualAnchor = engine.now
        publish()
        replan()
    }

    /// The virtual time that corresponds to the wall clock now.
    private var virtualNow: Timestamp {
        guard started, !isPaused else { return engine.now }
        let wall = clock.now - wallAnchor
        let virtual = Double(wall.components.seconds) * 1e9 + Double(wall.components.attoseconds) / 1e9
        // Virtual time can run far at a high speed: held within Int64's nanoseconds.
        return max(engine.now, virtualAnchor + .nanoseconds(clamping: virtual * speed))
    }

    /// Advances the engine to the virtual time that corresponds to now.
    private func catchUp() {
        let target = virtualNow
        if target > engine.now { engine.advance(to: target) }
    }

    private func publish() {
        let events = engine.pollEvents()
        guard !events.isEmpty else { return }
        for continuation in subscribers.values { continuation.yield(events) }
    }

    /// Sleeps until the next timer is due, then advances and publishes; repeats.
    private func replan() {
        loop?.cancel()
        loop = nil
        guard started, !isPaused, engine.nextTimerTime != nil else { return }
        loop = _Concurrency.Task { [weak self] in await self?.run() }
    }

    /// How long to sleep before the next run when the engine's next timer is due in `ahead`
    /// of virtual time and the last run was `sinceLastRun` ago: the wall-clock time the timer
    /// takes at `speed`, but not less than what is left of `minimumWait` since the last run;
    /// nil when the next run is due now. (After a long quiet spell the run comes when the
    /// timer is due, not 4 ms later; when timers crowd, runs are 4 ms apart, however many
    /// fell due in between.)
    package static func wait(untilDueIn ahead: Duration, speed: Double, sinceLastRun: Duration) -> Duration? {
        // Never more than an hour: the loop works the wait out again when it wakes (a timer
        // years ahead at speed 0.01 is more nanoseconds than an Int64 holds).
        let untilDue: Duration = ahead > .zero ? min(.nanoseconds(clamping: Double(ahead.nanoseconds) / speed), .seconds(3600)) : .zero
        let wait = max(untilDue, minimumWait - sinceLastRun)
        return wait > .zero ? wait : nil
    }

    private func run() async {
        // The first run of a new loop (after an action, a resume or a new speed) waits the
        // whole minimum: the action ran the engine just now.
        var lastRun = clock.now
        while !_Concurrency.Task.isCancelled, started, !isPaused, let next = engine.nextTimerTime {
            if let wall = Self.wait(untilDueIn: next - virtualNow, speed: speed, sinceLastRun: clock.now - lastRun) {
                do { try await clock.sleep(for: wall) } catch { return }
            } else {
                // Behind the wall clock (a high speed): still let actions, pauses and stop in.
                await _Concurrency.Task.yield()
            }
            guard !_Concurrency.Task.isCancelled else { return }
            lastRun = clock.now
            catchUp()
            publish()
        }
    }
}
