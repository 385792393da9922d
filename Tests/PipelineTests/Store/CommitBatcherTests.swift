import Testing

@testable import Pipeline

/// Group commit decisions, driven with explicit times.
@Suite struct CommitBatcherTests {
    typealias Batcher = CommitBatcher<String>

    static func describe(_ actions: [Batcher.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .commit(let entries): "commit \(entries.map(\.append).joined(separator: ","))"
            case .wakeUp(let at): "wake \(at)"
            case .conflict(let entry): "conflict \(entry.append)"
            }
        }
    }

    @Test func anIdleStoreCommitsAtOnceAndABusyOneGathers() {
        var batcher = Batcher(limits: .init(maxMessages: 100, maxInFlight: 1))
        #expect(Self.describe(batcher.enqueue("a", messages: 1, bytes: 10, now: 0)) == ["commit a"])
        #expect(Self.describe(batcher.enqueue("b", messages: 1, bytes: 10, now: 1)) == [])
        #expect(Self.describe(batcher.enqueue("c", messages: 1, bytes: 10, now: 2)) == [])
        #expect(Self.describe(batcher.committed(now: 3)) == ["commit b,c"])
        #expect(Self.describe(batcher.committed(now: 4)) == [])
        #expect(batcher.inFlight == 0)
    }

    @Test func batchesRespectTheMessageAndByteLimits() {
        var batcher = Batcher(limits: .init(maxMessages: 3, maxBytes: 100, maxInFlight: 1))
        _ = batcher.enqueue("x", messages: 1, bytes: 1, now: 0)
        for name in ["a", "b", "c", "d"] { _ = batcher.enqueue(name, messages: 1, bytes: 10, now: 0) }
        #expect(Self.describe(batcher.committed(now: 1)) == ["commit a,b,c"])
        #expect(Self.describe(batcher.committed(now: 2)) == ["commit d"])
        _ = batcher.committed(now: 3)
        _ = batcher.enqueue("big", messages: 1, bytes: 500, now: 4)
        #expect(batcher.inFlight == 1)
    }

    @Test func lingerWaitsForCompanyUnlessTheBatchIsFull() {
        var batcher = Batcher(limits: .init(maxMessages: 2, linger: 100, maxInFlight: 2))
        #expect(Self.describe(batcher.enqueue("a", messages: 1, bytes: 1, now: 0)) == ["wake 100"])
        #expect(Self.describe(batcher.timerFired(now: 50)) == ["wake 100"])
        #expect(Self.describe(batcher.enqueue("b", messages: 1, bytes: 1, now: 60)) == ["commit a,b"])
        #expect(Self.describe(batcher.enqueue("c", messages: 1, bytes: 1, now: 70)) == ["wake 170"])
        #expect(Self.describe(batcher.timerFired(now: 170)) == ["commit c"])
    }

    @Test func aRefusedBatchIsSplitUntilOnlyTheConflictingAppendFails() {
        var batcher = Batcher(limits: .init(maxMessages: 100, maxInFlight: 1))
        _ = batcher.enqueue("x", messages: 1, bytes: 1, now: 0)
        for name in ["a", "b", "c", "d"] { _ = batcher.enqueue(name, messages: 1, bytes: 1, now: 0) }
        let batch = batcher.committed(now: 1)
        guard case .commit(let entries)? = batch.first else {
            Issue.record("expected a commit")
            return
        }
        // The batch a,b,c,d is refused because of c.
        let halves = batcher.rejected(entries, now: 2)
        #expect(Self.describe(halves) == ["commit a,b", "commit c,d"])
        #expect(Self.describe(batcher.committed(now: 3)) == [])
        guard case .commit(let second) = halves[1] else { return }
        let quarters = batcher.rejected(second, now: 4)
        #expect(Self.describe(quarters) == ["commit c", "commit d"])
        guard case .commit(let single) = quarters[0] else { return }
        #expect(Self.describe(batcher.rejected(single, now: 5)) == ["conflict c"])
        #expect(Self.describe(batcher.committed(now: 6)) == [])
        #expect(batcher.inFlight == 0)
    }

    @Test func newAppendsWaitWhileEverySlotIsBusy() {
        var batcher = Batcher(limits: .init(maxMessages: 10, maxInFlight: 2))
        #expect(Self.describe(batcher.enqueue("a", messages: 1, bytes: 1, now: 0)) == ["commit a"])
        #expect(Self.describe(batcher.enqueue("b", messages: 1, bytes: 1, now: 0)) == ["commit b"])
        #expect(Self.describe(batcher.enqueue("c", messages: 1, bytes: 1, now: 0)) == [])
        #expect(batcher.waiting == 1)
        #expect(Self.describe(batcher.committed(now: 1)) == ["commit c"])
    }
}
