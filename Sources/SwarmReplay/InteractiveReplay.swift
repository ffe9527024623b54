import Dashboard
import SwarmRecording
import TerminalUI

/// Plays a recording in the dashboard on a terminal, in real time times a speed, with a
/// timeline in the bottom row: space pauses, `[` `]` slow down and speed up, `.` steps one
/// line, `n` / `N` jump to the next / previous marker, `g` / `G` to the start / end, `q` quits.
///
/// The operator cannot act on a replay: the recorded keys and actions are shown as they
/// happened, and nothing is sent anywhere. Seeking back plays the recording again from the
/// start without drawing (fast: no frame per line).
public struct InteractiveReplay: Sendable {
    public let header: RecordingHeader
    public let lines: [RecordedLine]
    public let name: String
    public let terminal: any TerminalBackend
    public var speed: Double
    /// How often the screen moves on while playing.
    public var frameInterval: Duration = .milliseconds(33)

    public init(header: RecordingHeader, lines: [RecordedLine], name: String, terminal: any TerminalBackend, speed: Double = 1) {
        self.header = header
        self.lines = lines
        self.name = name
        self.terminal = terminal
        self.speed = speed
    }

    enum Message: Sendable {
        case input(InputEvent)
        case tick
        case inputEnded
    }

    /// The playback state: where it is, how fast, and the dashboard at that point.
    struct Playback {
        var player: ReplayPlayer
        var next = 0
        var position: Duration = .zero
        var paused = false
        var speed: Double
        let lines: [RecordedLine]
        let end: Duration
        let markers: [(name: String, time: Duration)]
        let makePlayer: () -> ReplayPlayer

        /// Plays every line up to and including `time`.
        mutating func play(upTo time: Duration) {
            while next < lines.count, lines[next].time <= time {
                player.play(lines[next])
                next += 1
            }
            position = min(max(time, .zero), end)
        }

        /// Moves to `time`, playing again from the start when it is behind.
        mutating func seek(_ time: Duration) {
            if time < position {
                let size = (player.state.width, player.state.height)
                player = makePlayer()
                player.resize(width: size.0, height: size.1)
                next = 0
            }
            play(upTo: time)
        }

        /// Plays one more line and stops there.
        mutating func step() {
            paused = true
            guard next < lines.count else { return }
            play(upTo: lines[next].time)
        }
    }

    /// Runs until `q` (or the terminal's input ends).
    public func run() async {
        let size = terminal.size
        let header = header, name = name
        let makePlayer = { ReplayPlayer(header: header, name: name, size: (size.width, size.height)) }
        var playback = Playback(
            player: makePlayer(), speed: speed, lines: lines, end: lines.last?.time ?? .zero,
            markers: lines.compactMap { line in
                if case .marker(let n) = line.entry { return (n, line.time) }
                return nil
            },
            makePlayer: makePlayer)
        playback.play(upTo: .zero)

        let (messages, inbox) = AsyncStream<Message>.makeStream()
        let reader = _Concurrency.Task { [terminal] in
            for await input in terminal.events { inbox.yield(.input(input)) }
            inbox.yield(.inputEnded)
        }
        var ticker: _Concurrency.Task<Void, Never>?
        let interval = frameInterval
        func setTicking(_ on: Bool) {
            ticker?.cancel()
            ticker = nil
            guard on else { return }
            ticker = _Concurrency.Task {
                while !_Concurrency.Task.isCancelled {
                    try? await _Concurrency.Task.sleep(for: interval)
                    inbox.yield(.tick)
                }
            }
        }
        let clock = ContinuousClock()
        var lastTick = clock.now
        draw(&playback)
        setTicking(true)

        loop: for await message in messages {
            switch message {
            case .tick:
                let now = clock.now
                let wall = now - lastTick
                lastTick = now
                guard !playback.paused else { continue }
                let advance = Duration.nanoseconds(Int64(Double(wall.nanoseconds) * playback.speed))
                playback.play(upTo: playback.position + advance)
                if playback.position >= playback.end {
                    playback.paused = true
                    setTicking(false)
                }
            case .input(let input):
                switch input {
                case .terminate, .key(.control("c")), .key(.character("q")): break loop
                case .resize(let w, let h): playback.player.resize(width: w, height: h)
                case .key(.character(" ")):
                    if playback.position >= playback.end { playback.seek(.zero) }
                    playback.paused.toggle()
                    lastTick = clock.now
                    setTicking(!playback.paused)
                case .key(.character("]")), .key(.character("+")): playback.speed = min(playback.speed * 2, 256)
                case .key(.character("[")), .key(.character("-")): playback.speed = max(playback.speed / 2, 1.0 / 16)
                case .key(.character(".")), .key(.right):
                    playback.step()
                    setTicking(false)
                case .key(.character("n")):
                    if let marker = playback.markers.first(where: { $0.time > playback.position }) { playback.seek(marker.time) }
                case .key(.character("N")), .key(.character("p")):
                    // The marker before the one just passed, so that N N walks back.
                    if let marker = playback.markers.last(where: { $0.time < playback.position }) { playback.seek(marker.time) }
                case .key(.character("g")), .key(.home): playback.seek(.zero)
                case .key(.character("G")), .key(.end): playback.seek(playback.end)
                default: break
                }
            case .inputEnded:
                break loop
            }
            draw(&playback)
        }
        ticker?.cancel()
        reader.cancel()
        inbox.finish()
    }

    private func draw(_ playback: inout Playback) {
        playback.player.moveClock(to: playback.position)
        var canvas = playback.player.render()
        Self.drawTimeline(&canvas, playback)
        terminal.draw(canvas)
    }

    /// The bottom row: state, speed, position and length, a bar with the markers, the keys.
    static func drawTimeline(_ canvas: inout Canvas, _ playback: Playback) {
        guard canvas.height > 0, canvas.width > 0 else { return }
        let y = canvas.height - 1
        canvas.fill(x: 0, y: y, width: canvas.width, height: 1, role: .header)
        let state = playback.paused ? "⏸" : "▶"
        let speed = speedText(playback.speed)
        let left = " \(state) replay ×\(speed)  \(SummaryBuilder.clock(playback.position)) / \(SummaryBuilder.clock(playback.end)) "
        let right = " space . [ ] n N g G q "
        var x = canvas.put(left, x: 0, y: y, role: .headerValue)
        let barWidth = canvas.width - x - right.count - 2
        if barWidth >= 10 {
            let end = max(playback.end.nanoseconds, 1)
            func column(_ t: Duration) -> Int { Int(Double(t.nanoseconds) / Double(end) * Double(barWidth - 1)) }
            var bar = Array(repeating: Character("─"), count: barWidth)
            for i in 0...min(column(playback.position), barWidth - 1) { bar[i] = "━" }
            for marker in playback.markers { bar[min(column(marker.time), barWidth - 1)] = "◆" }
            bar[min(column(playback.position), barWidth - 1)] = "●"
            x += canvas.put("[" + String(bar) + "]", x: x, y: y, role: .headerLabel)
        }
        _ = canvas.put(right, x: max(x, canvas.width - right.count), y: y, role: .headerLabel)
    }
}

/// `4`, `1.5`, `1/4`: a speed factor as the header writes it.
func speedText(_ speed: Double) -> String {
    if speed >= 1 { return speed == speed.rounded() ? String(Int(speed)) : String((speed * 10).rounded() / 10) }
    return "1/\(Int((1 / speed).rounded()))"
}
