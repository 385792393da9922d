import NIOCore

/// One command's events for one aggregate, to be stored all or none, after `expectedLastSequence`.
package struct AppendRequest: Sendable {
    package struct Message: Sendable {
        package var subject: String
        package var payload: ByteBuffer
        /// `Nats-Msg-Id`: the command id and the event's index, so a retried command is stored once.
        package var messageID: String

        package init(subject: String, payload: ByteBuffer, messageID: String) {
            self.subject = subject
            self.payload = payload
            self.messageID = messageID
        }
    }

    /// The aggregate's id in text form.
    package var aggregate: String
    /// The stream sequence of the aggregate's last event (0: it has none).
    package var expectedLastSequence: UInt64
    package var messages: [Message]

    package init(aggregate: String, expectedLastSequence: UInt64, messages: [Message]) {
        self.aggregate = aggregate
        self.expectedLastSequence = expectedLastSequence
        self.messages = messages
    }

    /// Payload bytes of all messages.
    package var payloadBytes: Int { messages.reduce(0) { $0 + $1.payload.readableBytes } }
}

/// What the stream said about an append.
package struct AppendReceipt: Sendable, Hashable {
    /// The stream sequence of each message, in order.
    package var sequences: [UInt64]
    /// The stream had already stored these messages (same `Nats-Msg-Id` within its duplicate
    /// window): nothing new was stored.
    package var duplicate: Bool

    package init(sequences: [UInt64], duplicate: Bool) {
        self.sequences = sequences
        self.duplicate = duplicate
    }
}
