/// The messages one `PullConsumer.fetch` delivered, and the failure that cut it short, if any.
///
/// A collection of the messages, so `for message in batch`, `batch.count` and `batch.first` work
/// as on an array. `error` is nil when the batch ended normally: full, expired, no messages left,
/// or `maxBytes` reached.
public struct PullBatch: RandomAccessCollection, Sendable {
    /// The messages, in delivery order.
    public let messages: [JetStreamMessage]
    /// Why the fetch ended early after some messages arrived: the consumer was deleted, the
    /// server stopped answering, the connection was lost, or the client closed.
    public let error: JetStreamError?

    public init(messages: [JetStreamMessage], error: JetStreamError?) {
        self.messages = messages
        self.error = error
    }

    public var startIndex: Int { messages.startIndex }
    public var endIndex: Int { messages.endIndex }
    public subscript(position: Int) -> JetStreamMessage { messages[position] }

    /// The messages, or the error that cut the batch short: for callers that treat a short batch
    /// as a failure.
    public func get() throws(JetStreamError) -> [JetStreamMessage] {
        if let error { throw error }
        return messages
    }
}
