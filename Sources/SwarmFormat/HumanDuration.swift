import SwarmModel

/// A rough, human description of a duration, exactly as docker/go-units' `HumanDuration` words it:
/// "Less than a second", "1 second", "47 seconds", "About a minute", "35 minutes", "About an hour",
/// "36 hours", "13 days", "6 weeks", "23 months", "3 years".
///
/// The thresholds are go-units': whole seconds and minutes are truncated, hours are rounded to the
/// nearest hour; under 48 hours it counts hours, under 14 days days, under 60 days weeks, under
/// 730 days months (of 30 days), then years (of 365 days, from truncated hours). A negative
/// duration reads "Less than a second".
/// - Parameter d: The duration to describe.
/// - Returns: The description, capitalised as go-units writes it (docker lowercases it in tables).
public func humanDuration(_ d: Duration) -> String {
    let ns = d.nanoseconds
    let second: Int64 = 1_000_000_000
    let minute = 60 * second
    let hour = 60 * minute

    let seconds = ns / second  // Go's int(d.Seconds()) truncates toward zero
    if seconds < 1 { return "Less than a second" }
    if seconds == 1 { return "1 second" }
    if seconds < 60 { return "\(seconds) seconds" }

    let minutes = ns / minute
    if minutes == 1 { return "About a minute" }
    if minutes < 60 { return "\(minutes) minutes" }

    // int(d.Hours() + 0.5): round half up; ns is positive here, and adding half an hour cannot
    // overflow for any duration below Int64.max minus half an hour.
    let (sum, overflow) = ns.addingReportingOverflow(hour / 2)
    let hours = overflow ? ns / hour : sum / hour
    if hours == 1 { return "About an hour" }
    if hours < 48 { return "\(hours) hours" }
    if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
    if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
    if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
    return "\(ns / hour / 24 / 365) years"
}
