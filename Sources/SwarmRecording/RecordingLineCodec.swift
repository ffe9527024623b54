import Dashboard
import Foundation
import SwarmModel

/// Turns entries into lines of text and back: `{"t":12.345,"kind":"cluster",…}`.
///
/// `t` and `kind` come first, so a person reading the file sees them first; the rest of the
/// fields follow in sorted order, so the same entry always gives the same bytes.
public struct RecordingLineCodec {
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()

    public init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// The line for `entry` at `time`, with its newline.
    /// - Throws: `EncodingError` when the entry cannot be written as JSON (it always can).
    public func line(_ entry: RecordingEntry, at time: Duration) throws -> String {
        var text = "{\"t\":\(Self.seconds(time)),\"kind\":\(Self.quoted(entry.kind))"
        let payload = try encoder.encode(Payload(entry: entry))
        if payload.count > 2 {
            text += ","
            text += String(decoding: payload.dropFirst().dropLast(), as: UTF8.self)
        }
        text += "}\n"
        return text
    }

    /// The header line, with its newline.
    public func line(_ header: RecordingHeader) throws -> String {
        // The header's identifying fields first, as for entries.
        var text = "{\"format\":\(Self.quoted(header.format)),\"version\":\(Self.quoted(header.version))"
        let payload = try encoder.encode(HeaderPayload(header: header))
        if payload.count > 2 {
            text += ","
            text += String(decoding: payload.dropFirst().dropLast(), as: UTF8.self)
        }
        text += "}\n"
        return text
    }

    /// Decodes one line (without its newline) as an entry.
    /// - Throws: `DecodingError` (the reader turns it into a `RecordingError` with the line).
    func decodeEntry(_ bytes: some Collection<UInt8>) throws -> (time: Double, entry: RecordingEntry) {
        let document = try decoder.decode(EntryDocument.self, from: Data(bytes))
        return (document.t, document.entry)
    }

    /// Decodes the first line as a header, checking only its shape.
    func decodeHeader(_ bytes: some Collection<UInt8>) throws -> RecordingHeader {
        try decoder.decode(RecordingHeader.self, from: Data(bytes))
    }

    /// Decodes the `format` and `version` fields alone, to say what is wrong with a header
    /// before its other fields are looked at.
    func decodeIdentity(_ bytes: some Collection<UInt8>) throws -> (format: String?, version: String?) {
        let identity = try decoder.decode(Identity.self, from: Data(bytes))
        return (identity.format, identity.version)
    }

    /// `12.345`: seconds with at most three decimals, no trailing zeros.
    static func seconds(_ time: Duration) -> String {
        let ms = max(0, time.nanoseconds / 1_000_000)
        let whole = ms / 1000, frac = ms % 1000
        guard frac != 0 else { return "\(whole)" }
        var digits = String(frac)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

private struct Identity: Decodable {
    var format: String?
    var version: String?
}

/// Every field an entry line may have, beside `t` and `kind`.
private enum Field: String, CodingKey {
    case t, kind, node, service, task, event, key, x, y, button, width, height, action, outcome, reason, at, seq, name
}

/// The header's fields beside `format` and `version`.
private struct HeaderPayload: Encodable {
    var header: RecordingHeader
    enum CodingKeys: String, CodingKey { case swarmtop, source, terminal, theme, readOnly, started, clock, sequence }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(header.swarmtop, forKey: .swarmtop)
        try c.encode(header.source, forKey: .source)
        try c.encode(header.terminal, forKey: .terminal)
        try c.encode(header.theme, forKey: .theme)
        try c.encode(header.readOnly, forKey: .readOnly)
        try c.encode(header.started, forKey: .started)
        try c.encode(header.clock, forKey: .clock)
        try c.encode(header.sequence, forKey: .sequence)
    }
}

/// An entry's fields beside `t` and `kind`.
private struct Payload: Encodable {
    var entry: RecordingEntry

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Field.self)
        switch entry {
        case .snapshot(.node(let n)): try c.encode(n, forKey: .node)
        case .snapshot(.service(let s)): try c.encode(s, forKey: .service)
        case .snapshot(.task(let t)): try c.encode(t, forKey: .task)
        case .cluster(let e): try c.encode(e, forKey: .event)
        case .input(.key(let k)): try c.encode(KeyText.text(k), forKey: .key)
        case .input(.mouse(let m)):
            try c.encode(m.x, forKey: .x)
            try c.encode(m.y, forKey: .y)
            try c.encode(MouseButton(m.kind).rawValue, forKey: .button)
        case .input(.resize(let w, let h)):
            try c.encode(w, forKey: .width)
            try c.encode(h, forKey: .height)
        case .input(.terminate), .end, .unknown: break
        case .action(let a):
            try c.encode(a.action, forKey: .action)
            try c.encode(a.outcome.isAccepted ? "accepted" : "refused", forKey: .outcome)
            try c.encodeIfPresent(a.outcome.reason, forKey: .reason)
            try c.encodeIfPresent(a.appliedAt, forKey: .at)
            try c.encodeIfPresent(a.answerSequence, forKey: .seq)
        case .clock(let clock): try clock.encode(to: encoder)
        case .marker(let name): try c.encode(name, forKey: .name)
        }
    }
}

private enum MouseButton: String {
    case press, wheelUp = "wheel-up", wheelDown = "wheel-down"

    init(_ kind: MouseEvent.Kind) {
        switch kind {
        case .press: self = .press
        case .wheelUp: self = .wheelUp
        case .wheelDown: self = .wheelDown
        }
    }

    var kind: MouseEvent.Kind {
        switch self {
        case .press: .press
        case .wheelUp: .wheelUp
        case .wheelDown: .wheelDown
        }
    }
}

/// A whole entry line as decoded.
private struct EntryDocument: Decodable {
    var t: Double
    var entry: RecordingEntry

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        t = try c.decode(Double.self, forKey: .t)
        let kind = try c.decode(String.self, forKey: .kind)
        func fail(_ field: Field, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: field, in: c, debugDescription: message)
        }
        switch kind {
        case "snapshot":
            if c.contains(.node) {
                entry = .snapshot(.node(try c.decode(Node.self, forKey: .node)))
            } else if c.contains(.service) {
                entry = .snapshot(.service(try c.decode(Service.self, forKey: .service)))
            } else if c.contains(.task) {
                entry = .snapshot(.task(try c.decode(Task.self, forKey: .task)))
            } else {
                throw fail(.node, "a snapshot line needs a node, a service or a task")
            }
        case "cluster": entry = .cluster(try c.decode(ClusterEvent.self, forKey: .event))
        case "key":
            let text = try c.decode(String.self, forKey: .key)
            guard let key = KeyText.key(text) else { throw fail(.key, "unknown key '\(text)'") }
            entry = .input(.key(key))
        case "mouse":
            let name = try c.decode(String.self, forKey: .button)
            guard let button = MouseButton(rawValue: name) else { throw fail(.button, "unknown mouse button '\(name)'") }
            entry = .input(.mouse(MouseEvent(x: try c.decode(Int.self, forKey: .x), y: try c.decode(Int.self, forKey: .y), kind: button.kind)))
        case "resize":
            let width = try c.decode(Int.self, forKey: .width), height = try c.decode(Int.self, forKey: .height)
            guard (0...10_000).contains(width), (0...10_000).contains(height) else {
                throw fail(.width, "terminal size \(width)x\(height) is out of range")
            }
            entry = .input(.resize(width: width, height: height))
        case "terminate": entry = .input(.terminate)
        case "action":
            let action = try c.decode(ClusterAction.self, forKey: .action)
            let outcome: ActionOutcome
            switch try c.decode(String.self, forKey: .outcome) {
            case "accepted": outcome = .accepted
            case "refused": outcome = .refused(try c.decodeIfPresent(String.self, forKey: .reason) ?? "")
            case let other: throw fail(.outcome, "outcome must be accepted or refused, not '\(other)'")
            }
            entry = .action(RecordedAction(
                action: action, outcome: outcome, appliedAt: try c.decodeIfPresent(Timestamp.self, forKey: .at),
                answerSequence: try c.decodeIfPresent(UInt64.self, forKey: .seq)))
        case "clock": entry = .clock(try RecordedClock(from: decoder))
        case "marker": entry = .marker(try c.decode(String.self, forKey: .name))
        case "end": entry = .end
        default: entry = .unknown(kind: kind)
        }
    }
}
