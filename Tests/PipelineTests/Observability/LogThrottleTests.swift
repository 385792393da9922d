import Testing

@testable import Pipeline

/// A repeated failure is logged once per window, with the count of the others (`LogThrottle`).
@Suite struct LogThrottleTests {
    static let second: UInt64 = 1_000_000_000

    @Test func theFirstIsLoggedTheRestCountedAndReportedWhenTheWindowEnds() {
        var throttle = LogThrottle<String>(window: 10 * Self.second)
        #expect(throttle.record("append unavailable", now: 0) == .log(suppressedBefore: 0))
        for tenth in 1...30 {
            #expect(throttle.record("append unavailable", now: UInt64(tenth) * Self.second / 10) == .suppress)
        }
        // Another kind has a window of its own.
        #expect(throttle.record("load unavailable", now: 5 * Self.second) == .log(suppressedBefore: 0))
        #expect(throttle.due(now: 9 * Self.second).isEmpty, "no window has ended yet")
        let due = throttle.due(now: 10 * Self.second)
        #expect(due.map(\.key) == ["append unavailable"])
        #expect(due.map(\.suppressed) == [30])
        // Reported once; the next failure opens a new window and is logged in full.
        #expect(throttle.due(now: 11 * Self.second).isEmpty)
        #expect(throttle.record("append unavailable", now: 12 * Self.second) == .log(suppressedBefore: 0))
        // The load window ended with nothing counted: nothing to report, and it closes.
        #expect(throttle.due(now: 15 * Self.second).isEmpty)
        #expect(throttle.record("load unavailable", now: 15 * Self.second) == .log(suppressedBefore: 0))
    }

    /// Without a `due` in between (no tick came), the count travels with the next full line.
    @Test func aFailureAfterTheWindowCarriesTheCountNotYetReported() {
        var throttle = LogThrottle<String>(window: 10 * Self.second)
        #expect(throttle.record("k", now: 0) == .log(suppressedBefore: 0))
        #expect(throttle.record("k", now: 1) == .suppress)
        #expect(throttle.record("k", now: 2) == .suppress)
        #expect(throttle.record("k", now: 10 * Self.second) == .log(suppressedBefore: 2))
        #expect(throttle.due(now: 20 * Self.second).isEmpty, "the new window counted nothing")
    }
}
