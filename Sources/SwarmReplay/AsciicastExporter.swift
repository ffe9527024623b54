import Dashboard
import SwarmModel
import SwarmRecording

/// Writes an asciicast v2 file (`asciinema play` plays it): a header line, then
/// `[time, "o", data]` for what the terminal was sent, `[time, "r", "WxH"]` for resizes and
/// `[time, "m", name]` for markers, with times in seconds of recording time.
///
/// Frames are drawn as a terminal would be sent them: the whole screen first, then only the
/// rows that changed, with the theme's colours as SGR sequences.
public struct AsciicastExporter {
    private let theme: Theme
    private let write: (String) -> Void
    private var previous: Canvas?

    /// - Parameters:
    ///   - theme: The colours to draw with.
    ///   - write: Receives the file's text, a line at a time (each with its newline).
    public init(theme: Theme, write: @escaping (String) -> Void) {
        self.theme = theme
        self.write = write
    }

    /// The theme a recording's header names (the default one for names this build lacks).
    public static func theme(named name: String) -> Theme {
        name == Theme.monochrome.name ? .monochrome : .defaultDark
    }

    /// Writes the header line.
    public func header(width: Int, height: Int, started: Timestamp, title: String) {
        let timestamp = started.nanoseconds / 1_000_000_000
        write("{\"version\":2,\"width\":\(width),\"height\":\(height),\"timestamp\":\(timestamp),\"title\":\(Self.quoted(title)),\"env\":{\"TERM\":\"xterm-256color\"}}\n")
    }

    /// Writes `canvas` as the frame at `time`: nothing when nothing changed.
    /// - Complexity: O(width × height).
    public mutating func frame(_ canvas: Canvas, at time: Duration) {
        var out = ""
        if let previous, previous.width == canvas.width, previous.height == canvas.height {
            for y in 0..<canvas.height where !Self.rowEqual(previous, canvas, y) {
                out += "\u{1B}[\(y + 1);1H" + row(canvas, y)
            }
        } else {
            // The first frame, or one after a resize: all of it.
            out = "\u{1B}[?25l\u{1B}[0m\u{1B}[2J"
            for y in 0..<canvas.height { out += "\u{1B}[\(y + 1);1H" + row(canvas, y) }
        }
        previous = canvas
        guard !out.isEmpty else { return }
        event(time, "o", out + "\u{1B}[0m")
    }

    /// Writes a resize to `width` × `height`; the next frame is drawn whole.
    public mutating func resize(width: Int, height: Int, at time: Duration) {
        event(time, "r", "\(width)x\(height)")
        previous = nil
    }

    /// Writes a marker.
    public func marker(_ name: String, at time: Duration) {
        event(time, "m", name)
    }

    private func event(_ time: Duration, _ code: String, _ data: String) {
        write("[\(Self.seconds(time)), \"\(code)\", \(Self.quoted(data))]\n")
    }

    private static func rowEqual(_ a: Canvas, _ b: Canvas, _ y: Int) -> Bool {
        for x in 0..<a.width where a[x, y] != b[x, y] { return false }
        return true
    }

    /// One row of the canvas with SGR changes where the style changes.
    private func row(_ canvas: Canvas, _ y: Int) -> String {
        var out = ""
        var current: Style?
        for x in 0..<canvas.width {
            let cell = canvas[x, y]
            if cell.isContinuation { continue }
            let style = theme.style(cell.role)
            if style != current {
                out += Self.sgr(style)
                current = style
            }
            out.append(cell.character)
        }
        return out
    }

    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        codes.append(color(style.foreground, base: 30))
        codes.append(color(style.background, base: 40))
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func color(_ color: TerminalColor, base: Int) -> String {
        switch color {
        case .default: return "\(base + 9)"
        case .indexed(let n) where n < 8: return "\(base + Int(n))"
        case .indexed(let n) where n < 16: return "\(base + 60 + Int(n) - 8)"
        case .indexed(let n): return "\(base + 8);5;\(n)"
        case .rgb(let r, let g, let b): return "\(base + 8);2;\(r);\(g);\(b)"
        }
    }

    static func seconds(_ time: Duration) -> String {
        let ms = max(0, time.nanoseconds / 1_000_000)
        let frac = ms % 1000
        let digits = String(frac)
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - digits.count))\(digits)"
    }

    /// A JSON string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
