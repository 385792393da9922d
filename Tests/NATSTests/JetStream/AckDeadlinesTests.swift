import NIOCore
import Testing

@testable import NATS

@Suite struct AckDeadlinesTests {
    let start = NIODeadline.uptimeNanoseconds(5_000_000_000)

    @Test func onlyOverduePendingPublishesExpireInPublishOrder() {
        var deadlines = AckDeadlines()
        for id in UInt64(1)...5 { deadlines.append(id, deadline: start + .seconds(Int64(id))) }
        let pending: Set<UInt64> = [1, 2, 3, 4, 5]
        #expect(deadlines.expire(at: start) { pending.contains($0) } == [])
        #expect(deadlines.expire(at: start + .seconds(2)) { pending.contains($0) } == [1, 2])
        #expect(deadlines.count == 3)
        #expect(deadlines.expire(at: start + .seconds(10)) { pending.contains($0) } == [3, 4, 5])
        #expect(deadlines.count == 0)
    }

    @Test func acknowledgedPublishesAreDroppedNotExpired() {
        var deadlines = AckDeadlines()
        for id in UInt64(1)...4 { deadlines.append(id, deadline: start + .seconds(1)) }
        // 1 and 3 got their acks; 2 and 4 did not.
        let pending: Set<UInt64> = [2, 4]
        #expect(deadlines.expire(at: start + .seconds(1)) { pending.contains($0) } == [2, 4])
        #expect(deadlines.count == 0)
    }

    @Test func aSweepStopsAtTheFirstFutureDeadlineAndDropsAckedOnesBeforeIt() {
        var deadlines = AckDeadlines()
        deadlines.append(1, deadline: start + .seconds(1))
        deadlines.append(2, deadline: start + .seconds(3))
        let pending: Set<UInt64> = [2]
        #expect(deadlines.expire(at: start + .seconds(2)) { pending.contains($0) } == [])
        #expect(deadlines.count == 1)
    }
}
