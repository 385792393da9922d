import DequeModule
import NIOCore
import Synchronization
import Testing
import Wire

@testable import Pipeline

@Suite struct SubscriptionBufferTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    static func message(_ i: Int, size: Int = 10) throws -> NATSMessage {
        try NATSMessage(subject: ByteBuffer(string: "s"), sid: 1, payload: ByteBuffer(repeating: UInt8(i % 256), count: size))
    }

    @Test func fillingClosesTheGateAndDrainingReopensIt() async throws {
        let gate = ReadGate()
        let reopened = Counter()
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 4, maxBytes: 1 << 20), gate: gate) {
            reopened.value.add(1, ordering: .relaxed)
        }
        let result = buffer.push(contentsOf: try (0..<4).map { try Self.message($0) })
        #expect(result.becameFull)
        #expect(!gate.isOpen)
        var batch: Deque<NATSMessage> = []
        #expect(try await buffer.nextBatch(into: &batch))
        #expect(batch.count == 4)
        #expect(gate.isOpen)
        #expect(reopened.value.load(ordering: .relaxed) == 1)
    }

    @Test func twoFullBuffersKeepTheGateClosedUntilBothDrain() async throws {
        let gate = ReadGate()
        let a = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 2, maxBytes: 1 << 20), gate: gate) {}
        let b = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 2, maxBytes: 1 << 20), gate: gate) {}
        _ = a.push(contentsOf: try [Self.message(1), Self.message(2)])
        _ = b.push(contentsOf: try [Self.message(1), Self.message(2)])
        var batch: Deque<NATSMessage> = []
        _ = try await a.nextBatch(into: &batch)
        #expect(!gate.isOpen)
        b.finish()  // ending a full buffer counts as draining it
        #expect(gate.isOpen)
    }

    @Test func byteLimitFillsToo() throws {
        let gate = ReadGate()
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 1000, maxBytes: 100), gate: gate) {}
        #expect(!buffer.push(contentsOf: [try Self.message(0, size: 60)]).becameFull)
        #expect(buffer.push(contentsOf: [try Self.message(1, size: 60)]).becameFull)
        #expect(buffer.pendingBytes == 120)
    }

    @Test func dropPolicyCountsAndNeverClosesTheGate() throws {
        let gate = ReadGate()
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 3, maxBytes: 1 << 20, overflow: .dropNewest), gate: gate) {}
        let result = buffer.push(contentsOf: try (0..<10).map { try Self.message($0) })
        #expect(result.dropped == 7)
        #expect(result.totalDropped == 7)
        #expect(buffer.pendingMessages == 3)
        #expect(gate.isOpen)
    }

    @Test func finishEndsAfterQueuedMessagesAndErrorsPropagate() async throws {
        let gate = ReadGate()
        let clean = SubscriptionBuffer(limits: SubscriptionLimits(), gate: gate) {}
        _ = clean.push(contentsOf: [try Self.message(7)])
        clean.finish()
        var batch: Deque<NATSMessage> = []
        #expect(try await clean.nextBatch(into: &batch))
        #expect(batch.count == 1)
        #expect(try await !clean.nextBatch(into: &batch))
        #expect(clean.push(contentsOf: [try Self.message(8)]).finished)

        let failed = SubscriptionBuffer(limits: SubscriptionLimits(), gate: gate) {}
        failed.finish(NATSClientError(.permissionsViolation, "no"))
        await #expect(throws: NATSClientError.self) { _ = try await failed.nextBatch(into: &batch) }
    }

    @Test func aWaitingConsumerIsWokenByAPush() async throws {
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(), gate: ReadGate()) {}
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                var batch: Deque<NATSMessage> = []
                _ = try await buffer.nextBatch(into: &batch)
                return batch.count
            }
            try await Task.sleep(for: .milliseconds(20))
            _ = buffer.push(contentsOf: [try Self.message(1), try Self.message(2)])
            #expect(try await group.next() == 2)
        }
    }

    @Test func cancellationEndsAWait() async throws {
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(), gate: ReadGate()) {}
        let task = Task {
            var batch: Deque<NATSMessage> = []
            return try await buffer.nextBatch(into: &batch)
        }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
