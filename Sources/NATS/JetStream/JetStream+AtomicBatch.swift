import NIOCore
import Wire

/// One message of an atomic batch: its subject, payload, and its own expectations (for example
/// `expectedLastSubjectSequence` to guard the append to one aggregate's subject).
public struct BatchMessage: Sendable {
    public var subject: String
    public var payload: ByteBuffer
    public var options: PublishOptions

    public init(subject: String, payload: ByteBuffer, options: PublishOptions = PublishOptions()) {
        self.subject = subject
        self.payload = payload
        self.options = options
    }
}

extension JetStream {
    /// The server's limit on messages in one atomic batch.
    public static let maxAtomicBatchSize = 1000

    /// Publishes `messages` as one atomic batch (ADR-50): the stream stores all of them, in
    /// order, or none. Each message may carry its own expectations; one that fails rejects the
    /// whole batch with `.wrongLastSequence`. Messages before the commit are sent without
    /// replies, the commit waits for the PubAck, whose `batch` and `count` are checked.
    ///
    /// Needs nats-server 2.12+ and a stream with `allowAtomic`; an older server would store the
    /// messages one by one, so it is refused before anything is sent.
    /// - Throws: `JetStreamError`: `.featureUnavailable` on an older server, `.invalidArgument`
    ///   for an empty batch, more than 1000 messages, or a header the batch cannot carry;
    ///   `.batchRejected`, `.wrongLastSequence` and the other server errors; `.outcomeUnknown`
    ///   when the connection is lost before the commit's ack.
    public func publishAtomicBatch(_ messages: [BatchMessage]) async throws -> PubAck {
        guard !messages.isEmpty else { throw JetStreamError(.invalidArgument, "an atomic batch needs at least one message") }
        guard messages.count <= Self.maxAtomicBatchSize else {
            throw JetStreamError(.invalidArgument, "an atomic batch holds at most \(Self.maxAtomicBatchSize) messages, not \(messages.count)")
        }
        let features = try await features()
        guard features.atomicBatch else {
            throw JetStreamError(
                .featureUnavailable,
                "atomic batch publish needs nats-server 2.12+ (this one is \(features.serverVersion), API level \(features.apiLevel)); it would store the messages one by one"
            )
        }
        for (index, message) in messages.enumerated() {
            try message.options.validate(features)
            if message.options.expectedLastMessageID != nil {
                throw JetStreamError(.invalidArgument, "an atomic batch cannot carry \(PublishOptions.HeaderName.expectedLastMessageID)")
            }
            if index > 0, message.options.expectedLastSequence != nil {
                throw JetStreamError(.invalidArgument, "in an atomic batch only the first message may carry \(PublishOptions.HeaderName.expectedLastSequence)")
            }
        }
        var random = SystemRandomNumberGenerator()
        let batchID = Inbox.token(using: &random)
        let publisher = try publisher()
        for (index, message) in messages.dropLast().enumerated() {
            try await client.publish(message.payload, to: message.subject, headers: Self.batchHeaders(message.options, batchID, index + 1, commit: false))
        }
        let last = messages[messages.count - 1]
        let ack = try await publisher.publish(
            last.payload,
            to: last.subject,
            headers: Self.batchHeaders(last.options, batchID, messages.count, commit: true),
            retryOnNoResponders: false
        ).value()
        guard ack.batch == batchID, ack.count == messages.count else {
            throw JetStreamError(
                .invalidResponse,
                "the commit of batch \(batchID) (\(messages.count) messages) was acknowledged as batch \(ack.batch ?? "none") with count \(ack.count.map(String.init) ?? "none")"
            )
        }
        return ack
    }

    static func batchHeaders(_ options: PublishOptions, _ batchID: String, _ sequence: Int, commit: Bool) -> NATSHeaderFields {
        var fields = options.headers ?? NATSHeaderFields()
        fields.append(knownName: PublishOptions.HeaderName.batchID, batchID)
        fields.append(knownName: PublishOptions.HeaderName.batchSequence, String(sequence))
        if commit { fields.append(knownName: PublishOptions.HeaderName.batchCommit, "1") }
        options.append(to: &fields)
        return fields
    }
}
