import DequeModule
import NIOCore
import Synchronization
import Testing
import Wire

@testable import NATS

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
        let first = try Self.message(0, size: 60)
        let held = first.frameCount + first.storageCapacity
        // Room for one message and its receive buffer, not two.
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 1000, maxBytes: held + 1), gate: gate) {}
        #expect(!buffer.push(contentsOf: [first]).becameFull)
        #expect(buffer.push(contentsOf: [try Self.message(1, size: 60)]).becameFull)
        #expect(buffer.pendingBytes >= 2 * held - 1)
    }

    /// Decodes `count` MSG frames of `size` payload bytes from one receive buffer: the messages
    /// are slices of that one buffer, as they are off the socket.
    static func slicedMessages(count: Int, size: Int) throws -> (messages: [NATSMessage], capacity: Int) {
        var stream = ByteBuffer()
        for _ in 0..<count {
            stream.writeString("MSG s 1 \(size)\r\n")
            stream.writeRepeatingByte(UInt8(ascii: "x"), count: size)
            stream.writeString("\r\n")
        }
        var decoder = NATSDecoder()
        var messages: [NATSMessage] = []
        while let op = try decoder.decode(buffer: &stream) {
            guard case .msg(let message) = op else { continue }
            messages.append(message)
        }
        return (messages, messages.first?.storageCapacity ?? 0)
    }

    @Test func messagesOfOneReceiveBufferChargeItsCapacityOnceUntilTheLastIsTaken() async throws {
        let count = SubscriptionBuffer.maxBatch + 44
        let (messages, capacity) = try Self.slicedMessages(count: count, size: 16)
        #expect(messages.count == count)
        #expect(Set(messages.map(\.storageIdentity)).count == 1)
        let frames = messages.reduce(0) { $0 + $1.frameCount }
        let buffer = SubscriptionBuffer(limits: SubscriptionLimits(maxMessages: 1000, maxBytes: 1 << 30), gate: ReadGate()) {}
        _ = buffer.push(contentsOf: messages[..<100])
        _ = buffer.push(contentsOf: messages[100...])
        // Payload bytes would say 16 a message; what is held is the whole receive buffer, once.
        #expect(buffer.pendingBytes == capacity + frames)
        // One batch takes the oldest; the newest still hold the receive buffer, and are charged it.
        var batch: Deque<NATSMessage> = []
        _ = try await buffer.nextBatch(into: &batch)
        #expect(batch.count == SubscriptionBuffer.maxBatch)
        let left = messages[SubscriptionBuffer.maxBatch...].reduce(0) { $0 + $1.frameCount }
        #expect(buffer.pendingBytes == capacity + left)
        batch.removeAll()
        _ = try await buffer.nextBatch(into: &batch)
        #expect(buffer.pendingBytes == 0)
        // Queued again after the queue emptied: the buffer is held again, so charged again.
        _ = buffer.push(contentsOf: messages[..<1])
        #expect(buffer.pendingBytes == capacity + messages[0].frameCount)
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
            try await Self.waitUntilParked(buffer)
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
        try await Self.waitUntilParked(buffer)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    /// Returns once a consumer is parked in `buffer` (so the test exercises the wake-up, not a
    /// consumer that found messages already queued).
    static func waitUntilParked(_ buffer: SubscriptionBuffer) async throws {
        while !buffer.hasWaiter {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
