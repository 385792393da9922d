import DequeModule
import Testing

@testable import Pipeline

/// The queue in front of a shard: everything queued leaves in one batch, in order, and the
/// emptied batch is handed back for the next one.
@Suite struct ShardInboxTests {
    @Test func batchesKeepTheOrderOfSendsAcrossTrades() async {
        let inbox = ShardInbox<Int>()
        var batch = Deque<Int>()
        var seen: [Int] = []
        for round in 0..<4 {
            for value in 0..<(round * 700 + 3) { inbox.send(round * 10_000 + value) }
            #expect(await inbox.next(into: &batch))
            #expect(batch.count == round * 700 + 3)
            while let value = batch.popFirst() { seen.append(value) }
        }
        let expected = (0..<4).flatMap { round in (0..<(round * 700 + 3)).map { round * 10_000 + $0 } }
        #expect(seen == expected)
    }

    @Test func aWaitingReaderWakesForTheFirstSend() async {
        let inbox = ShardInbox<String>()
        async let taken: [String] = {
            var batch = Deque<String>()
            guard await inbox.next(into: &batch) else { return [] }
            return Array(batch)
        }()
        inbox.send("wake")
        #expect(await taken == ["wake"])
    }

    @Test func closingHandsOutWhatIsQueuedThenEndsAndRefusesSends() async {
        let inbox = ShardInbox<Int>()
        #expect(inbox.send(1))
        #expect(inbox.send(2))
        inbox.close()
        #expect(inbox.send(3) == false)
        var batch = Deque<Int>()
        #expect(await inbox.next(into: &batch))
        #expect(Array(batch) == [1, 2])
        batch.removeAll()
        #expect(await inbox.next(into: &batch) == false)
        #expect(batch.isEmpty)
    }
}
