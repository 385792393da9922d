import DequeModule
import Wire

/// Messages of one subscription, as an `AsyncSequence` over a bounded buffer.
///
/// The sequence ends (returns nil) after `unsubscribe()`, after an auto-unsubscribe count is
/// reached, or after a drain, once the messages already received have been taken. It throws when
/// the client closes with an error or the server refuses the subscription.
public struct NATSSubscription: AsyncSequence, Sendable {
    public typealias Element = NATSMessage

    /// The subscription id on the wire (kept across reconnects).
    public let sid: UInt64
    public let subject: String
    public let queueGroup: String?
    let buffer: SubscriptionBuffer
    let client: NATSClient

    /// Takes messages from the buffer in batches and hands them out one by one without locking.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: SubscriptionBuffer
        var batch: Deque<NATSMessage> = []

        public mutating func next() async throws -> NATSMessage? {
            if let message = batch.popFirst() { return message }
            guard try await buffer.nextBatch(into: &batch) else { return nil }
            return batch.popFirst()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }

    /// Stops deliveries now; messages already received can still be taken, then the sequence ends.
    public func unsubscribe() async throws {
        try await client.unsubscribe(sid: sid, after: nil)
    }

    /// Ends the subscription after `count` deliveries in total (the server counts too).
    public func unsubscribe(after count: UInt64) async throws {
        try await client.unsubscribe(sid: sid, after: count)
    }

    /// Messages received and not yet taken by an iterator (a batch an iterator holds is not counted).
    public var pendingMessages: Int { buffer.pendingMessages }
    /// Messages dropped because the buffer was full (only with the `.dropNewest` policy).
    public var droppedMessages: UInt64 { buffer.droppedMessages }
}
