import NATS
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

    /// A record stored first, in the same atomic batch as the events, on a subject of its own and
    /// guarded by that subject's last sequence (`Aggregate.exclusiveScope`): the append is refused
    /// when another command of the scope was stored since the claim was read.
    package struct Claim: Sendable {
        package var subject: String
        /// The claim subject's last sequence when it was read (0: it had none).
        package var expectedLastSequence: UInt64
        package var payload: ByteBuffer
        package var messageID: String

        package init(subject: String, expectedLastSequence: UInt64, payload: ByteBuffer, messageID: String) {
            self.subject = subject
            self.expectedLastSequence = expectedLastSequence
            self.payload = payload
            self.messageID = messageID
        }
    }

    /// The aggregate's id in text form.
    package var aggregate: String
    /// The stream sequence of the aggregate's last event (0: it has none).
    package var expectedLastSequence: UInt64
    package var messages: [Message]
    /// Stored before `messages`, all or none with them; its sequence is not in the receipt.
    package var claim: Claim?

    package init(aggregate: String, expectedLastSequence: UInt64, messages: [Message], claim: Claim? = nil) {
        self.aggregate = aggregate
        self.expectedLastSequence = expectedLastSequence
        self.messages = messages
        self.claim = claim
    }

    /// Messages stored: the events and the claim.
    package var messageCount: Int { messages.count + (claim == nil ? 0 : 1) }

    /// Payload bytes of all messages, the claim's included.
    package var payloadBytes: Int { messages.reduce(claim?.payload.readableBytes ?? 0) { $0 + $1.payload.readableBytes } }

    /// The atomic batch that stores this request: the claim, then the events, the first one
    /// guarded by the aggregate's last sequence over `guardSubject` (its own subject when `nil`).
    package func batchMessages(guardSubject: String?) -> [BatchMessage] {
        var batch: [BatchMessage] = []
        batch.reserveCapacity(messageCount)
        appendBatchMessages(to: &batch, guardSubject: guardSubject)
        return batch
    }

    /// Appends what `batchMessages` returns to `batch` (a group commit gathers several requests).
    package func appendBatchMessages(to batch: inout [BatchMessage], guardSubject: String?) {
        if let claim {
            var options = PublishOptions(messageID: claim.messageID)
            options.expectedLastSubjectSequence = claim.expectedLastSequence
            batch.append(BatchMessage(subject: claim.subject, payload: claim.payload, options: options))
        }
        for index in messages.indices {
            var options = PublishOptions(messageID: messages[index].messageID)
            if index == 0 {
                options.expectedLastSubjectSequence = expectedLastSequence
                options.expectedLastSubjectSequenceSubject = guardSubject
            }
            batch.append(BatchMessage(subject: messages[index].subject, payload: messages[index].payload, options: options))
        }
    }

    /// The stream sequence of the last event, given the sequence of the batch's first message of
    /// this request (the claim, then the events, one after another).
    package func lastEventSequence(startingAt first: UInt64) -> UInt64 {
        first + UInt64(messageCount) - 1
    }
}

/// What the stream said about an append.
package struct AppendReceipt: Sendable, Hashable {
    /// The stream sequence of the request's last event: the aggregate's guard for its next append.
    package var lastSequence: UInt64
    /// The stream had already stored these messages (same `Nats-Msg-Id` within its duplicate
    /// window): nothing new was stored.
    package var duplicate: Bool

    package init(lastSequence: UInt64, duplicate: Bool) {
        self.lastSequence = lastSequence
        self.duplicate = duplicate
    }
}
