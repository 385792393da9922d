import Testing

@testable import BenchKit

@Suite struct RateRampTests {
    @Test func stepsFromLowToHigh() throws {
        #expect(try RateRamp(from: 5000, to: 20_000, step: 5000).rates == [5000, 10_000, 15_000, 20_000])
        #expect(throws: WorkloadError.self) { try RateRamp(from: 10, to: 5, step: 1) }
        #expect(parseRate("5k") == 5000 && parseRate("1.5k") == 1500 && parseRate("2m") == 2_000_000 && parseRate("x") == nil)
    }

    @Test func theHighestHeldRateIsTheLastOfTheFirstHeldSteps() {
        let steps = [
            RateRamp.judge(rate: 1000, achieved: 1000, p99Us: 900, errors: 0, sent: 1000, p99BoundUs: 1000, allowedErrorRatio: 0),
            RateRamp.judge(rate: 2000, achieved: 1990, p99Us: 999, errors: 0, sent: 2000, p99BoundUs: 1000, allowedErrorRatio: 0),
            RateRamp.judge(rate: 3000, achieved: 2500, p99Us: 800, errors: 0, sent: 3000, p99BoundUs: 1000, allowedErrorRatio: 0),
        ]
        #expect(steps.map(\.held) == [true, true, false])
        #expect(steps[2].reason?.contains("under 95 %") == true)
        #expect(RateRamp.highestHeld(steps) == 2000)
        let slow = RateRamp.judge(rate: 1000, achieved: 1000, p99Us: 5000, errors: 0, sent: 1000, p99BoundUs: 1000, allowedErrorRatio: 0)
        #expect(!slow.held && RateRamp.highestHeld([slow]) == nil)
    }
}
