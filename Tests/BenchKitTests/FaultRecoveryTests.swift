import Testing

@testable import BenchKit

@Suite struct FaultRecoveryTests {
    /// A timeline of 100 ms buckets from `pattern`: per bucket, (served, unavailable).
    private func timeline(_ pattern: [(Int, Int)]) -> OutcomeTimeline {
        var timeline = OutcomeTimeline(start: 1_000, bucketNanos: 100_000_000)
        for (index, (served, unavailable)) in pattern.enumerated() {
            let at = 1_000 + UInt64(index) * 100_000_000
            for _ in 0..<served { timeline.record(sentAt: at, available: true) }
            for _ in 0..<unavailable { timeline.record(sentAt: at, available: false) }
        }
        return timeline
    }

    @Test func recordsOutcomesByTheirSendTime() {
        var timeline = OutcomeTimeline(start: 1_000_000, bucketNanos: 10_000_000)
        timeline.record(sentAt: 500, available: true)  // before the start: bucket 0
        timeline.record(sentAt: 1_000_000 + 25_000_000, available: false)
        #expect(timeline.served == [1, 0, 0])
        #expect(timeline.unavailable == [0, 0, 1])
        #expect(timeline.csv == "ms,served,unavailable\n0,1,0\n20,0,1\n")
    }

    @Test func recoveryEndsWithTheLastFailedCommandSentAfterTheFault() {
        // Served until 1 s; the fault at 1.0 s; failures sent until 1.5 s; served again from 1.6 s.
        let pattern = Array(repeating: (5, 0), count: 10) + Array(repeating: (0, 5), count: 6) + Array(repeating: (5, 0), count: 10)
        let fault = FaultOutcome(action: .killNode, target: "node 0", injectedMs: 1000, repairedMs: 1400)
        let analyzed = FaultOutcome.analyze([fault], timeline: timeline(pattern), timeoutMs: 200)
        #expect(analyzed[0].failedCommands == 30)
        #expect(analyzed[0].recoveryMs == 600)
        #expect(analyzed[0].recovered)
    }

    @Test func commandsInFlightWhenTheFaultHitCountButDoNotDelayRecovery() {
        // Failures sent in the timeout before the fault (in flight at a killed replica), none after.
        let pattern = Array(repeating: (5, 0), count: 8) + [(3, 2), (3, 2)] + Array(repeating: (5, 0), count: 10)
        let fault = FaultOutcome(action: .killReplica, target: "replica 1", injectedMs: 1000, repairedMs: 2000)
        let analyzed = FaultOutcome.analyze([fault], timeline: timeline(pattern), timeoutMs: 300)
        #expect(analyzed[0].failedCommands == 4)
        #expect(analyzed[0].recoveryMs == 0)
        #expect(analyzed[0].recovered)
    }

    @Test func aServiceThatNeverComesBackIsNotRecovered() {
        let pattern = Array(repeating: (5, 0), count: 10) + Array(repeating: (0, 5), count: 10)
        let fault = FaultOutcome(action: .killNode, target: "node 0", injectedMs: 1000, repairedMs: 1200)
        let analyzed = FaultOutcome.analyze([fault], timeline: timeline(pattern), timeoutMs: 200)
        #expect(!analyzed[0].recovered)
    }

    @Test func eachFaultIsJudgedUntilTheNextOneCouldHaveHitItsCommands() {
        // Fault 1 at 1 s fails commands until 1.2 s; fault 2 at 3 s fails commands from 2.9 s on.
        var pattern = Array(repeating: (5, 0), count: 30)
        for index in 10...12 { pattern[index] = (0, 5) }
        pattern += Array(repeating: (0, 5), count: 5) + Array(repeating: (5, 0), count: 5)
        pattern[29] = (0, 5)
        let faults = [
            FaultOutcome(action: .killNode, target: "node 0", injectedMs: 1000, repairedMs: 1100),
            FaultOutcome(action: .killNode, target: "node 0", injectedMs: 3000, repairedMs: 3100),
        ]
        let analyzed = FaultOutcome.analyze(faults, timeline: timeline(pattern), timeoutMs: 200)
        #expect(analyzed[0].failedCommands == 15)
        #expect(analyzed[0].recoveryMs == 300)
        #expect(analyzed[0].recovered)
        #expect(analyzed[1].failedCommands == 30)
        #expect(analyzed[1].recoveryMs == 500)
        #expect(analyzed[1].recovered)
    }
}
