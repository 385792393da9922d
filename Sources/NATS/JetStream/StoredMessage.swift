import Foundation
import NIOCore
import Wire

/// A message read back from a stream.
public struct StoredMessage: Sendable {
    public var subject: String
    public var sequence: UInt64
    /// The message's headers (a direct get adds `Nats-Stream`, `Nats-Subject`, `Nats-Sequence`,
    /// `Nats-Time-Stamp`, and in batches `Nats-Num-Pending`, `Nats-Last-Sequence`).
    public var headers: NATSHeaders?
    public var payload: ByteBuffer
    /// RFC 3339 time the stream stored it.
    public var time: String

    public init(subject: String, sequence: UInt64, headers: NATSHeaders?, payload: ByteBuffer, time: String) {
        self.subject = subject
        self.sequence = sequence
        self.headers = headers
        self.payload = payload
        self.time = time
    }

    /// A direct-get reply: the stored message with the stream's headers.
    init(directReply message: NATSMessage) throws(JetStreamError) {
        guard let headers = message.headers,
              let subject = headers["Nats-Subject"],
              let sequenceText = headers["Nats-Sequence"],
              let sequence = UInt64(sequenceText)
        else {
            throw JetStreamError(.invalidResponse, "a direct get reply without Nats-Subject and Nats-Sequence")
        }
        self.init(subject: subject, sequence: sequence, headers: headers, payload: message.payload, time: headers["Nats-Time-Stamp"] ?? "")
    }
}

/// `STREAM.MSG.GET` reply.
struct MessageGetResponse: Decodable, Sendable {
    struct Message: Decodable, Sendable {
        var subject: String
        var seq: UInt64
        var hdrs: String?
        var data: String?
        var time: String
    }

    var message: Message

    func stored() throws -> StoredMessage {
        var headers: NATSHeaders?
        if let hdrs = message.hdrs, !hdrs.isEmpty {
            guard let data = Data(base64Encoded: hdrs) else { throw JetStreamError(.invalidResponse, "invalid base64 headers") }
            do {
                headers = try NATSHeaders(validating: ByteBuffer(bytes: data))
            } catch {
                throw JetStreamError(.invalidResponse, "invalid stored header block", underlying: error)
            }
        }
        var payload = ByteBuffer()
        if let body = message.data, !body.isEmpty {
            guard let data = Data(base64Encoded: body) else { throw JetStreamError(.invalidResponse, "invalid base64 data") }
            payload = ByteBuffer(bytes: data)
        }
        return StoredMessage(subject: message.subject, sequence: message.seq, headers: headers, payload: payload, time: message.time)
    }
}

/// The body of `STREAM.MSG.GET` and `DIRECT.GET`.
struct MessageGetRequest: Encodable, Sendable {
    var seq: UInt64?
    var lastBySubject: String?
    var nextBySubject: String?
    var batch: Int?
    var maxBytes: Int?

    enum CodingKeys: String, CodingKey {
        case seq
        case lastBySubject = "last_by_subj"
        case nextBySubject = "next_by_subj"
        case batch
        case maxBytes = "max_bytes"
    }
}
