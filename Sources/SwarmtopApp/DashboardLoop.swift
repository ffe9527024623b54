import Dashboard
import Logging
import SwarmModel
import SwarmRecording
import TerminalUI

/// Runs the dashboard: source events and terminal input go through the reducer; frames are
/// drawn at most once per `frameInterval`, and only when something changed. With nothing
/// happening the loop waits without waking (a paused clock wakes nothing).
public struct DashboardLoop: Sendable {
    public var source: any ClusterSource
    public var terminal: any TerminalBackend
    public var clusterName: String
    public var sourceKind: SourceKind
    public var readOnly: Bool
    /// The themes `t` and `:theme` switch between, and the one the terminal starts in.
    public var themes: ThemeCatalog
    /// What the status line says at the start (e.g. that the chosen theme could not be
    /// loaded and the default is used), or nil for the key hints.
    public var notice: StatusMessage?
    /// The shortest time between two frames: bursts of events are coalesced into one.
    public var frameInterval: Duration
    /// How often the clock in the header (and every "… ago") moves while the clock runs.
    public var clockTick: Duration
    public var logger: Logger
    /// Records the session when set (`--record FILE`).
    public var recorder: SessionRecorder?

    public init(
        source: any ClusterSource, terminal: any TerminalBackend, clusterName: String, sourceKind: SourceKind, readOnly: Bool = false,
        themes: ThemeCatalog = .builtIn, notice: StatusMessage? = nil, frameInterval: Duration = .milliseconds(16),
        clockTick: Duration = .seconds(1), logger: Logger = Logger(label: "swarmtop"), recorder: SessionRecorder? = nil
    ) {
        self.recorder = recorder
        self.source = source
        self.terminal = terminal
        self.clusterName = clusterName
        self.sourceKind = sourceKind
        self.readOnly = readOnly
        self.themes = themes
        self.notice = notice
        self.frameInterval = frameInterval
        self.clockTick = clockTick
        self.logger = logger
    }

    /// Cluster events handed to the loop in one message, at most: a source's batch is split
    /// into pieces this long.
    package static let pieceLimit = 128
    /// Pieces of cluster events in the loop's inbox or being taken, at most: with
    /// `pieceLimit`, at most 256 events come before a key press, a frame or a tick.
    static let inboxLimit = 2

    enum Message: Sendable {
        case cluster(ArraySlice<ClusterEvent>)
        case input(InputEvent)
        case frame
        case tick
        case sourceEnded
        case inputEnded
    }

    /// Frames drawn and events handled, for tests and the idle measurement.
    public struct Stats: Sendable {
        public var frames = 0
        public var clusterEvents = 0
        public var inputs = 0
    }

    /// Runs until the operator quits (or the terminal's input ends). Returns what it did.
    @discardableResult
    public func run() async -> Stats {
        let (cluster, sequence, events) = await source.attach()
        let size = terminal.size
        var state = DashboardState(
            cluster: cluster, clusterName: clusterName, source: sourceKind, clock: await source.clock(), readOnly: readOnly,
            width: size.width, height: size.height)
        state.themes = themes
        state.status = notice
        let recorder = self.recorder
        recorder?.begin(cluster: cluster, sequence: sequence, clock: state.clock, width: size.width, height: size.height, readOnly: readOnly)
        var markers = 0
        var recordingFailureShown = false
        let (messages, inbox) = AsyncStream<Message>.makeStream()
        // At most `inboxLimit` pieces of cluster events wait in the inbox, so a key press, a
        // frame or a tick is never stuck behind a flood of them (the rest wait in the source's
        // stream). Events go over in pieces: one hand-over between tasks per piece.
        let credits = Credits(DashboardLoop.inboxLimit)
        let feeders = [
            _Concurrency.Task {
                for await batch in events {
                    for start in stride(from: batch.startIndex, to: batch.endIndex, by: DashboardLoop.pieceLimit) {
                        await credits.acquire()
                        inbox.yield(.cluster(batch[start..<min(start + DashboardLoop.pieceLimit, batch.endIndex)]))
                    }
                }
                inbox.yield(.sourceEnded)
            },
            _Concurrency.Task { [terminal] in
                for await i in terminal.events { inbox.yield(.input(i)) }
                inbox.yield(.inputEnded)
            },
        ]
        await source.start()
        logger.info("dashboard started", metadata: ["cluster": "\(clusterName)", "source": "\(sourceKind.label)"])

        var stats = Stats()
        var dirty = true
        var frameDue = false
        var ticking = false
        let interval = frameInterval
        let tick = clockTick

        func scheduleFrame() {
            guard dirty, !frameDue else { return }
            frameDue = true
            // A short-lived timer; once the loop ends, its yield goes nowhere.
            _Concurrency.Task {
                try? await _Concurrency.Task.sleep(for: interval)
                inbox.yield(.frame)
            }
        }
        func scheduleTick(_ clock: ClockState) {
            guard !ticking, !clock.paused else { return }
            ticking = true
            _Concurrency.Task {
                try? await _Concurrency.Task.sleep(for: tick)
                inbox.yield(.tick)
            }
        }

        let wallClock = ContinuousClock()
        var lastFrame = wallClock.now - interval
        func drawIfDue(force: Bool) {
            guard dirty, force || wallClock.now - lastFrame >= interval else { return }
            terminal.draw(DashboardView.render(state))
            stats.frames += 1
            dirty = false
            lastFrame = wallClock.now
        }

        scheduleFrame()
        scheduleTick(state.clock)
        loop: for await message in messages {
            switch message {
            case .cluster(let piece):
                stats.clusterEvents += piece.count
                recorder?.record(piece)
                for e in piece {
                    _ = Reducer.reduce(&state, .cluster(e))
                    if case .actionAnswered(let action, let outcome) = e.change {
                        logger.info("action answered", metadata: ["action": "\(action)", "outcome": "\(outcome.reason ?? "accepted")"])
                    }
                }
                // Only now may another piece come: while one is taken, at most one waits.
                await credits.release()
                dirty = true
            case .input(let input):
                stats.inputs += 1
                recorder?.record(.input(input))
                let effects = Reducer.reduce(&state, .input(input))
                dirty = true
                for effect in effects {
                    switch effect {
                    case .quit:
                        break loop
                    case .send(let action):
                        logger.info("action sent", metadata: ["action": "\(action)"])
                        let receipt = await source.send(action)
                        recorder?.record(.action(RecordedAction(action: action, outcome: receipt.outcome, appliedAt: receipt.appliedAt)))
                    case .setPaused(let paused):
                        await source.setPaused(paused)
                        _ = Reducer.reduce(&state, .clock(await source.clock()))
                        recorder?.record(.clock(RecordedClock(state.clock)))
                        scheduleTick(state.clock)
                    case .setSpeed(let speed):
                        await source.setSpeed(speed)
                        _ = Reducer.reduce(&state, .clock(await source.clock()))
                        recorder?.record(.clock(RecordedClock(state.clock)))
                    case .setTheme(let theme):
                        logger.info("theme changed", metadata: ["theme": "\(theme.name)"])
                        terminal.setTheme(theme)
                    case .marker(let name):
                        if let recorder {
                            markers += 1
                            let marker = name ?? "M\(markers)"
                            recorder.record(.marker(marker))
                            state.status = StatusMessage("◆ marker \(marker)")
                        } else {
                            state.status = StatusMessage("markers are for recordings: start swarmtop with --record FILE", isError: true)
                        }
                    }
                }
            case .tick:
                ticking = false
                let clock = await source.clock()
                if clock != state.clock {
                    _ = Reducer.reduce(&state, .clock(clock))
                    dirty = true
                }
                scheduleTick(state.clock)
            case .frame:
                frameDue = false
                if let failure = recorder?.writer.failure, !recordingFailureShown {
                    recordingFailureShown = true
                    state.status = StatusMessage("recording stopped: \(failure)", isError: true)
                    logger.error("recording stopped", metadata: ["error": "\(failure)"])
                }
                drawIfDue(force: true)
            case .sourceEnded:
                state.status = StatusMessage("the source ended: no more events", isError: true)
                dirty = true
            case .inputEnded:
                break loop
            }
            // Under a flood of events the timer's message would wait behind them: draw in line
            // once a frame interval has passed; the timer covers the moment things go quiet.
            drawIfDue(force: false)
            scheduleFrame()
        }
        for t in feeders { t.cancel() }
        await credits.cancel()
        inbox.finish()
        await source.stop()
        recorder?.finish()
        logger.info("dashboard stopped", metadata: ["frames": "\(stats.frames)", "events": "\(stats.clusterEvents)"])
        return stats
    }
}

/// A counting semaphore for async code: `acquire` waits while no credit is left.
actor Credits {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var cancelled = false

    init(_ count: Int) { available = count }

    func acquire() async {
        if cancelled { return }
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Lets every waiter go, now and later.
    func cancel() {
        cancelled = true
        for w in waiting { w.resume() }
        waiting.removeAll()
    }
}
