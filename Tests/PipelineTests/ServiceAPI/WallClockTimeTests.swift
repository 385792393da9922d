import Testing

@testable import Pipeline

@Suite struct WallClockTimeTests {
    @Test(arguments: [
        (Int64(0), Int32(0), "1970-01-01T00:00:00Z"),
        (0, 1, "1970-01-01T00:00:00.000000001Z"),
        (0, 500_000_000, "1970-01-01T00:00:00.5Z"),
        (0, 123_456_789, "1970-01-01T00:00:00.123456789Z"),
        (951_782_400, 0, "2000-02-29T00:00:00Z"),  // a leap day in a year divisible by 400
        (1_767_323_045, 120_000_000, "2026-01-02T03:04:05.12Z"),
        (4_107_542_399, 0, "2100-02-28T23:59:59Z"),
        (4_107_542_400, 0, "2100-03-01T00:00:00Z"),  // 2100 is not a leap year
        (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        (-1, 0, "1969-12-31T23:59:59Z"),
    ])
    func rfc3339(seconds: Int64, nanoseconds: Int32, expected: String) {
        #expect(WallClockTime(secondsSinceEpoch: seconds, nanoseconds: nanoseconds).rfc3339 == expected)
    }

    @Test func civilDatesRoundTripOverFourCenturies() {
        // Every day from 1970 to 2370 follows the one before: day +1, or the first of the next month.
        var previous = WallClockTime.civilDate(daysSinceEpoch: 0)
        #expect(previous == (1970, 1, 1))
        for day in Int64(1)...146_097 {
            let date = WallClockTime.civilDate(daysSinceEpoch: day)
            let nextDay = date.year == previous.year && date.month == previous.month && date.day == previous.day + 1
            let nextMonth = date.day == 1 && (date.month == previous.month + 1 && date.year == previous.year || date.month == 1 && previous.month == 12 && date.year == previous.year + 1)
            #expect(nextDay || nextMonth, "day \(day): \(previous) -> \(date)")
            if !(nextDay || nextMonth) { return }
            previous = date
        }
        #expect(previous == (2370, 1, 1))
    }

    @Test func nowIsAfter2025() {
        #expect(WallClockTime.now() > WallClockTime(secondsSinceEpoch: 1_735_689_600))
    }
}
