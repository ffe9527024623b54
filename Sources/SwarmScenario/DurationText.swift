/// Parses a Go-style duration as scenario files write them: `90s`, `1m30s`, `500ms`, `1h`;
/// a bare number means seconds. Nil when the text is not one.
public func parseDuration(_ text: String) -> Duration? {
    Units.nanoseconds(text).map { .nanoseconds($0) }
}
