import NIOCore
import Wire

/// A message delivered by a pull consumer, with its ack metadata and the acknowledgements.
///
/// Acks are plain publishes to the message's reply subject: many acks made in one event-loop turn
/// leave in one socket write. `ackSync()` waits for the server's confirmation (a double ack).
public struct JetStreamMessage: Sendable {
    public let message: NATSMessage
    /// Stream, consumer, delivery count, stream and consumer sequences, pending count.
    public let metadata: JetStreamAckMetadata
    let client: NATSClient
    /// The reply subject, a slice of the received frame.
    let ackSubject: ByteBuffer
    let terminateWithReason: Bool

    init(_ message: NATSMessage, client: NATSClient, terminateWithReason: Bool) throws(JetStreamError) {
        guard let reply = message.replyTo else {
            throw JetStreamError(.invalidResponse, "a consumer delivery without an ack subject")
        }
        do {
            metadata = try JetStreamAckMetadata(replySubject: reply)
        } catch {
            throw JetStreamError(.invalidResponse, "a consumer delivery with an invalid ack subject: \(String(buffer: reply))")
        }
        self.message = message
        self.client = client
        self.ackSubject = reply
        self.terminateWithReason = terminateWithReason
    }

    /// The subject the message was stored under.
    public var subject: String { message.subjectString }
    public var payload: ByteBuffer { message.payload }
    public var headers: NATSHeaders? { message.headers }

    /// Acknowledges the message: it will not be delivered again.
    public func ack() async throws {
        try await reply(Self.ackBody)
    }

    /// Publishes `body` to the ack subject.
    private func reply(_ body: ByteBuffer) async throws {
        try await client.publish(body, toSubjectBytes: ackSubject)
    }

    /// Acknowledges and waits until the server has applied the ack (replicated on R>1): for
    /// when a later step must be sure the message will not come back.
    /// - Throws: `JetStreamError(.timeout)` when the confirmation does not come in time.
    public func ackSync(timeout: Duration = .seconds(5)) async throws {
        do {
            _ = try await client.request(Self.ackBody, to: String(buffer: ackSubject), timeout: timeout)
        } catch let error as NATSClientError where error.code == .timeout {
            throw JetStreamError(.timeout, "no confirmation of the ack of stream sequence \(metadata.streamSequence) within \(timeout)")
        }
    }

    /// Asks for redelivery, at once or after `delay`.
    public func nak(delay: Duration? = nil) async throws {
        var body = ByteBuffer(string: "-NAK")
        if let delay { body.writeString(" {\"delay\":\(delay.nanoseconds)}") }
        try await reply(body)
    }

    /// Tells the server the message is still being worked on: resets its ack wait.
    public func inProgress() async throws {
        try await reply(ByteBuffer(string: "+WPI"))
    }

    /// Stops redelivery for good. The reason is recorded in the server's advisory on 2.10.4+;
    /// older servers ignore a `+TERM` with a reason, so there it is sent without one.
    public func term(reason: String? = nil) async throws {
        var body = ByteBuffer(string: "+TERM")
        if let reason, terminateWithReason {
            body.writeString(" ")
            body.writeString(reason.replacingCRLF)
        }
        try await reply(body)
    }

    static let ackBody = ByteBuffer(string: "+ACK")
}

extension String {
    /// Line breaks replaced by spaces (an ack body is one line).
    var replacingCRLF: String {
        String(unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : Character($0) })
    }
}
