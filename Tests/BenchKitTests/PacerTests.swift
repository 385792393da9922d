import Testing

@testable import BenchKit

@Suite struct PacerTests {
    @Test func handsOutCommandsAtTheirIntendedTimes() {
        var pacer = Pacer(rate: 1000, start: 5_000_000)
        #expect(pacer.due(at: 4_999_999) == 0)
        #expect(pacer.due(at: 5_000_000) == 1)
        let first = pacer.take()
        #expect(first.index == 0 && first.intended == 5_000_000)
        #expect(pacer.due(at: 5_000_999) == 0)
        #expect(pacer.nextDeadline == 6_000_000)
        // 10 ms late: commands 1…10 are due, each keeps its own intended time.
        #expect(pacer.due(at: 15_000_000) == 10)
        var intended: [UInt64] = []
        for _ in 0..<10 { intended.append(pacer.take().intended) }
        #expect(intended == (1...10).map { 5_000_000 + UInt64($0) * 1_000_000 })
        #expect(pacer.due(at: 15_000_000) == 0)
    }

    @Test func fractionalRatesStayOnTheirSchedule() {
        var pacer = Pacer(rate: 3, start: 0)
        var sent = 0
        for millisecond in stride(from: UInt64(0), through: 10_000, by: 7) {
            let due = pacer.due(at: millisecond * 1_000_000)
            for _ in 0..<due { _ = pacer.take() }
            sent += Int(due)
        }
        // Polled every 7 ms up to 9.996 s: the commands at 0, 1/3 s, … 29/3 s; the one at 10 s is not due yet.
        #expect(sent == 30)
        #expect(pacer.due(at: 10_000_000_000) == 1)
    }
}
