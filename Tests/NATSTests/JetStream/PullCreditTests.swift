import Testing

@testable import NATS

@Suite struct PullCreditTests {
    @Test func theFirstPullAsksForTheWholeBatchAndTheNextWaitsForHalf() {
        var credit = PullCredit(batch: 10)
        #expect(credit.pullToSend() == 10)
        #expect(credit.pullToSend() == nil)
        for _ in 0..<4 { credit.received() }
        #expect(credit.owed == 6)
        #expect(credit.pullToSend() == nil)  // 6 owed: more than half
        credit.received()
        #expect(credit.pullToSend() == 5)  // 5 owed: top up to 10
        #expect(credit.owed == 10)
    }

    @Test func anEarlyEndSubtractsWhatTheServerSaysIsUnfilled() {
        var credit = PullCredit(batch: 100)
        _ = credit.pullToSend()
        for _ in 0..<30 { credit.received() }
        credit.pullEnded(unfilled: 50)
        #expect(credit.owed == 20)
        credit.pullEnded(unfilled: 500)
        #expect(credit.owed == 0)
    }

    @Test func anEarlyEndWithoutACountOwesNothing() {
        var credit = PullCredit(batch: 100)
        _ = credit.pullToSend()
        credit.pullEnded(unfilled: nil)
        #expect(credit.owed == 0)
        #expect(credit.pullToSend() == 100)
    }

    @Test func lostPullsAndFailedSendsOweNothing() {
        var credit = PullCredit(batch: 8)
        #expect(credit.pullToSend() == 8)
        credit.pullFailed(8)
        #expect(credit.owed == 0)
        #expect(credit.pullToSend() == 8)
        credit.pullsLost()
        #expect(credit.owed == 0)
        #expect(credit.pullToSend() == 8)
    }

    @Test func moreMessagesThanOwedNeverGoNegative() {
        var credit = PullCredit(batch: 2)
        _ = credit.pullToSend()
        for _ in 0..<5 { credit.received() }
        #expect(credit.owed == 0)
    }
}
