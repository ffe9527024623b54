import Dashboard
import SwarmModel
import SwarmRecording

/// Plays a recording into a dashboard state, line by line, with no terminal and no wall
/// clock: the same lines give the same states and the same screens on every run and machine.
///
/// Cluster events and input go through the `Reducer` as they did live. The effects it asks
/// for are not carried out: actions are never sent again (their answers are in the recording
/// as cluster events), and the clock follows the recorded `clock` lines.
public struct ReplayPlayer {
    public let header: RecordingHeader
    /// The dashboard as the lines played so far made it.
    public var state: DashboardState {
        mutating get {
            buildIfNeeded()
            return current
        }
    }
    /// The recording time of the last line played (or of the last `moveClock(to:)`).
    public private(set) var time: Duration = .zero
    /// The markers passed so far, in order.
    public private(set) var markers: [(name: String, time: Duration)] = []
    /// Lines played so far, by kind (`cluster`, `key`, …).
    public private(set) var counts: [String: Int] = [:]
    /// Actions the operator sent, with their answers, in order.
    public private(set) var actions: [(time: Duration, action: RecordedAction)] = []
    /// Whether the recording's `end` line was played.
    public private(set) var ended = false

    private var current: DashboardState
    private var snapshot = Cluster()
    private var snapshotPending = false
    private var anchor: (time: Duration, clock: RecordedClock)
    private let fixedSize: Bool

    /// - Parameters:
    ///   - header: The recording's header.
    ///   - name: The recording's name, for the dashboard's header (`replay NAME`).
    ///   - size: The screen size; nil for the recorded size, following recorded resizes.
    public init(header: RecordingHeader, name: String, size: (width: Int, height: Int)? = nil) {
        self.header = header
        fixedSize = size != nil
        let size = size ?? (header.terminal.width, header.terminal.height)
        anchor = (.zero, header.clock)
        current = DashboardState(
            cluster: Cluster(), clusterName: header.source.cluster, source: .replay(name), clock: ClockState(header.clock),
            readOnly: header.readOnly, width: size.width, height: size.height)
    }

    /// Plays one line.
    /// - Complexity: what the reducer takes for the line: O(log n) for most cluster events.
    public mutating func play(_ line: RecordedLine) {
        counts[line.entry.kind, default: 0] += 1
        if case .snapshot(let object) = line.entry {
            switch object {
            case .node(let n): snapshot.upsert(n)
            case .service(let s): snapshot.upsert(s)
            case .task(let t): snapshot.upsert(t)
            }
            snapshotPending = true
            return
        }
        buildIfNeeded()
        time = max(time, line.time)
        switch line.entry {
        case .snapshot, .unknown: break
        case .cluster(let event):
            _ = Reducer.reduce(&current, .cluster(event))
        case .input(let input):
            if fixedSize, case .resize = input { break }
            moveClock(to: line.time)
            _ = Reducer.reduce(&current, .input(input))
        case .action(let action):
            actions.append((line.time, action))
        case .clock(let clock):
            anchor = (line.time, clock)
            _ = Reducer.reduce(&current, .clock(ClockState(clock)))
        case .marker(let name):
            markers.append((name, line.time))
            current.status = StatusMessage("◆ marker \(name)")
        case .end:
            ended = true
        }
    }

    /// Moves the dashboard's clock to where it was at recording time `time`: the last
    /// recorded clock moved on by its speed (unless paused), never behind the cluster's events.
    public mutating func moveClock(to time: Duration) {
        buildIfNeeded()
        self.time = max(self.time, time)
        let clock = anchor.clock
        var now = clock.now
        if !clock.paused {
            let elapsed = Double((self.time - anchor.time).nanoseconds) * clock.speed
            now = clock.now + .nanoseconds(clamping: max(elapsed, 0).rounded())
        }
        if now > current.clock.now { current.clock.now = now }
    }

    /// Resizes the screen (the terminal the replay is shown on changed size).
    public mutating func resize(width: Int, height: Int) {
        buildIfNeeded()
        _ = Reducer.reduce(&current, .input(.resize(width: width, height: height)))
    }

    /// The screen as the dashboard would draw it now.
    /// - Complexity: O(width × height) plus the rows on screen.
    public mutating func render() -> Canvas {
        buildIfNeeded()
        return DashboardView.render(current)
    }

    /// Builds the dashboard from the snapshot once the snapshot lines are over.
    private mutating func buildIfNeeded() {
        guard snapshotPending else { return }
        snapshotPending = false
        let old = current
        current = DashboardState(
            cluster: snapshot, clusterName: old.clusterName, source: old.source, clock: old.clock, readOnly: old.readOnly,
            width: old.width, height: old.height)
        snapshot = Cluster()
    }
}
