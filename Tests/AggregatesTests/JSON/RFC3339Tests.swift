import Aggregates
import Testing

@Suite struct RFC3339Tests {
    static let t0 = Timestamp(secondsSinceEpoch: 1_762_714_800)  // 2025-11-09T19:00:00Z

    @Test(arguments: [
        "2025-11-09T19:00:00Z", "2025-11-09T19:00:00z", "2025-11-09t19:00:00Z", "2025-11-09 19:00:00Z",
        "2025-11-09T20:00:00+01:00", "2025-11-09T14:30:00-04:30", "2025-11-10T00:00:00+05:00", "2025-11-09T19:00:00+00:00",
        "2025-11-09T19:00:00-00:00", "2025-11-09T19:00:00.0Z", "2025-11-09T19:00:00.000000000Z",
    ])
    func parsesAnyOffset(text: String) {
        #expect(Timestamp(rfc3339: text) == Self.t0)
    }

    @Test func parsesZeroToNineFractionalDigits() {
        #expect(Timestamp(rfc3339: "2025-11-09T19:00:00.1Z")?.nanoseconds == 100_000_000)
        #expect(Timestamp(rfc3339: "2025-11-09T19:00:00.12Z")?.nanoseconds == 120_000_000)
        #expect(Timestamp(rfc3339: "2025-11-09T19:00:00.123456789Z")?.nanoseconds == 123_456_789)
        #expect(Timestamp(rfc3339: "2025-11-09T19:00:00.000000001+02:00") == Timestamp(secondsSinceEpoch: 1_762_714_800 - 7200, nanoseconds: 1))
        #expect(Timestamp(rfc3339: "1969-12-31T23:59:59.5Z") == Timestamp(secondsSinceEpoch: -1, nanoseconds: 500_000_000))
    }

    @Test(arguments: [
        "2025-11-09T19:00:00", "2025-11-09T19:00:00.5", "2025-11-09", "2025-11-09T19:00Z", "2025-11-09T19:00:00.Z",
        "2025-11-09T19:00:00.1234567891Z", "2025-02-29T00:00:00Z", "2025-11-31T00:00:00Z", "2025-13-01T00:00:00Z",
        "2025-11-09T24:00:00Z", "2025-11-09T19:60:00Z", "2025-11-09T19:00:60Z", "2025-11-09T19:00:00+24:00",
        "2025-11-09T19:00:00+01:60", "2025-11-09T19:00:00+0100", "2025-11-09T19:00:00+01", "25-11-09T19:00:00Z",
        "2025-11-09T19:00:00Z ", " 2025-11-09T19:00:00Z", "2025-11-09X19:00:00Z", "2025-1-09T19:00:00Z", "", "Z",
        "2025-11-09T19:00:00ZZ", "+2025-11-09T19:00:00Z", "２025-11-09T19:00:00Z",
    ])
    func rejectsEverythingElse(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func writesUTCWithTheFewestExactFractionalDigits() {
        let s: Int64 = 1_762_714_800
        #expect(Self.t0.rfc3339 == "2025-11-09T19:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: s, nanoseconds: 120_000_000).rfc3339 == "2025-11-09T19:00:00.120Z")
        #expect(Timestamp(secondsSinceEpoch: s, nanoseconds: 123_456_000).rfc3339 == "2025-11-09T19:00:00.123456Z")
        #expect(Timestamp(secondsSinceEpoch: s, nanoseconds: 123_456_789).rfc3339 == "2025-11-09T19:00:00.123456789Z")
        #expect(Timestamp(secondsSinceEpoch: s, nanoseconds: 1000).rfc3339 == "2025-11-09T19:00:00.000001Z")
        #expect(Timestamp(secondsSinceEpoch: s, nanoseconds: 1).rfc3339 == "2025-11-09T19:00:00.000000001Z")
        #expect(Timestamp(secondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(secondsSinceEpoch: 951_782_400).rfc3339 == "2000-02-29T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: -62_135_596_800).rfc3339 == "0001-01-01T00:00:00Z")
    }

    @Test func writesExtremeInstantsWithoutTrapping() {
        #expect(Timestamp(secondsSinceEpoch: .max).rfc3339.hasPrefix("+"))
        #expect(Timestamp(secondsSinceEpoch: .min).rfc3339.hasPrefix("-"))
        let farFuture = Timestamp(secondsSinceEpoch: 253_402_300_800)  // 10000-01-01
        #expect(farFuture.rfc3339 == "+10000-01-01T00:00:00Z")
        #expect(Timestamp(rfc3339: farFuture.rfc3339) == farFuture)
        #expect(CalendarDate(year: .min, month: 1, day: 1)?.iso8601 == "-9223372036854775808-01-01")
        #expect(CalendarDate(year: .max, month: 12, day: 31)?.iso8601 == "+9223372036854775807-12-31")
    }

    @Test func roundTripsSeededRandomInstants() {
        var rng = SplitMix64(state: 3339)
        for _ in 0..<5000 {
            let seconds = Int64.random(in: -62_135_596_800...253_402_300_799, using: &rng)
            let nanos = Int32([0, 120_000_000, 999_999_999, Int32.random(in: 0...999_999_999, using: &rng)].randomElement(using: &rng)!)
            let timestamp = Timestamp(secondsSinceEpoch: seconds, nanoseconds: nanos)
            #expect(Timestamp(rfc3339: timestamp.rfc3339) == timestamp)
        }
    }

    @Test func datesAreValidatedAndRoundTrip() {
        #expect(CalendarDate(iso8601: "2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(iso8601: "0005-01-01")?.iso8601 == "0005-01-01")
        #expect(CalendarDate(iso8601: "+12345-06-07") == CalendarDate(year: 12345, month: 6, day: 7))
        #expect(CalendarDate(iso8601: "-0001-12-31")?.iso8601 == "-0001-12-31")
        #expect(CalendarDate(year: 12345, month: 6, day: 7)?.iso8601 == "+12345-06-07")
        for text in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-01", "24-01-01", "2024-01-01T", "2024/01/01",
                     "12345-01-01", "+2024-01-01", "+0001-01-01", "-001-01-01", "", "2024-01-01 "] {
            #expect(CalendarDate(iso8601: text) == nil, "\(text)")
        }
    }

    @Test func daysSinceEpochInvertsCivilFromDays() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
        for days in stride(from: Int64(-1_000_000), through: 3_000_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }
}
