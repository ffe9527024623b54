import Testing

@testable import SwarmFormat

// Cases from docker/go-units duration_test.go, plus both sides of every threshold.

/// A duration of days, hours, minutes, seconds and milliseconds.
private func span(d: Int64 = 0, h: Int64 = 0, m: Int64 = 0, s: Int64 = 0, ms: Int64 = 0) -> Duration {
    .milliseconds((((d * 24 + h) * 60 + m) * 60 + s) * 1000 + ms)
}

private let underASecond: [(Duration, String)] = [
    (span(), "Less than a second"), (span(ms: 450), "Less than a second"), (span(ms: 999), "Less than a second"),
]
private let oneSecond: [(Duration, String)] = [(span(s: 1), "1 second"), (span(s: 1, ms: 999), "1 second")]
private let seconds: [(Duration, String)] = [(span(s: 2), "2 seconds"), (span(s: 45), "45 seconds"), (span(s: 59, ms: 999), "59 seconds")]
private let aboutAMinute: [(Duration, String)] = [(span(m: 1), "About a minute"), (span(m: 1, s: 59), "About a minute")]
private let minutes: [(Duration, String)] = [(span(m: 2), "2 minutes"), (span(m: 35, s: 40), "35 minutes"), (span(m: 59, s: 59), "59 minutes")]
private let aboutAnHour: [(Duration, String)] = [
    (span(h: 1), "About an hour"), (span(h: 1, m: 29), "About an hour"), (span(h: 1, m: 29, s: 59), "About an hour"),
]
private let hours: [(Duration, String)] = [
    (span(h: 1, m: 30), "2 hours"), (span(h: 3, m: 29), "3 hours"), (span(h: 3, m: 31), "4 hours"),
    (span(d: 1), "24 hours"), (span(d: 1, h: 12), "36 hours"), (span(h: 47, m: 29), "47 hours"),
]
private let days: [(Duration, String)] = [
    (span(h: 47, m: 30), "2 days"), (span(d: 2), "2 days"), (span(d: 13, h: 5), "13 days"), (span(d: 13, h: 23, m: 29), "13 days"),
]
private let weeks: [(Duration, String)] = [
    (span(d: 14), "2 weeks"), (span(d: 18), "2 weeks"), (span(d: 30), "4 weeks"), (span(d: 44), "6 weeks"), (span(d: 59), "8 weeks"),
]
private let months: [(Duration, String)] = [
    (span(d: 60), "2 months"), (span(d: 97), "3 months"), (span(d: 720), "24 months"), (span(d: 729), "24 months"),
]
private let years: [(Duration, String)] = [(span(d: 730), "2 years"), (span(d: 734), "2 years"), (span(d: 3 * 365 + 60), "3 years")]

@Test(arguments: underASecond)
func underASecondIsLessThanASecond(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test func negativeDurationIsLessThanASecond() {
    #expect(humanDuration(.seconds(-90)) == "Less than a second")
}

@Test(arguments: oneSecond)
func oneWholeSecondIsSingular(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: seconds)
func underAMinuteCountsWholeSeconds(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: aboutAMinute)
func oneWholeMinuteIsAboutAMinute(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: minutes)
func underAnHourCountsWholeMinutes(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: aboutAnHour)
func hoursRoundingToOneAreAboutAnHour(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: hours)
func underFortyEightRoundedHoursCountsHours(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: days)
func underTwoWeeksCountsDays(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: weeks)
func underSixtyDaysCountsWeeks(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: months)
func underTwoYearsCountsMonthsOfThirtyDays(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test(arguments: years)
func fromSevenHundredThirtyDaysCountsYears(d: Duration, text: String) {
    #expect(humanDuration(d) == text)
}

@Test func hugeDurationDoesNotOverflow() {
    #expect(humanDuration(.seconds(Int64.max / 1_000_000_000)) == "292 years")
}
