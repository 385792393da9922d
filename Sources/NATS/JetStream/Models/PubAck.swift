import Foundation
import NIOCore
import Wire

/// The server's acknowledgement of a stored message.
public struct PubAck: Sendable, Hashable {
    public var stream: String
    /// The message's sequence in the stream (for a duplicate, the original's; for an atomic
    /// batch, the last message's).
    public var sequence: UInt64
    /// The `Nats-Msg-Id` was seen within the duplicate window: nothing new was stored.
    public var duplicate: Bool
    public var domain: String?
    /// Atomic batch commits: the batch id and the number of messages stored.
    public var batch: String?
    public var count: Int?

    public init(stream: String, sequence: UInt64, duplicate: Bool = false, domain: String? = nil, batch: String? = nil, count: Int? = nil) {
        self.stream = stream
        self.sequence = sequence
        self.duplicate = duplicate
        self.domain = domain
        self.batch = batch
        self.count = count
    }
}

extension PubAck {
    /// Parses a PubAck payload. A flat object is read by the allocation-light scanner; an error
    /// object is decoded and mapped to a typed `JetStreamError`.
    /// - Throws: `JetStreamError` for an error reply, an empty stream name, or malformed JSON.
    static func parse(_ payload: ByteBuffer) throws(JetStreamError) -> PubAck {
        try payload.withUnsafeReadableBytes { bytes throws(JetStreamError) in try parse(bytes) }
    }

    /// ``parse(_:)-(ByteBuffer)`` over bytes the caller already has in hand.
    static func parse(_ payload: UnsafeRawBufferPointer) throws(JetStreamError) -> PubAck {
        var stream = ""
        var sequence: UInt64?
        var duplicate = false
        var domain: String?
        var batch: String?
        var count: Int?
        var hasError = false
        do {
            try JSONScanner.forEachMember(in: payload) { key, scanner in
                switch key {
                case "stream": stream = try scanner.readString()
                case "seq": sequence = try scanner.readUInt64()
                case "duplicate": duplicate = try scanner.readBool()
                case "domain": domain = try scanner.readString()
                case "batch": batch = try scanner.readString()
                case "count": count = Int(try scanner.readInt64())
                case "error":
                    hasError = true
                    try scanner.skipValue()
                default: try scanner.skipValue()
                }
            }
        } catch {
            throw JetStreamError(.invalidResponse, "malformed PubAck: \(String(decoding: payload, as: UTF8.self))")
        }
        if hasError { throw errorReply(payload) }
        guard !stream.isEmpty, let sequence else {
            throw JetStreamError(.invalidResponse, "PubAck without a stream or sequence: \(String(decoding: payload, as: UTF8.self))")
        }
        return PubAck(stream: stream, sequence: sequence, duplicate: duplicate, domain: domain, batch: batch, count: count)
    }

    /// The typed error of a reply that carries `"error"`.
    static func errorReply(_ payload: ByteBuffer) -> JetStreamError {
        payload.withUnsafeReadableBytes { errorReply($0) }
    }

    /// ``errorReply(_:)-(ByteBuffer)`` over bytes the caller already has in hand.
    static func errorReply(_ payload: UnsafeRawBufferPointer) -> JetStreamError {
        guard let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(payload)),
              let body = envelope.error
        else {
            return JetStreamError(.invalidResponse, "malformed error reply: \(String(decoding: payload, as: UTF8.self))")
        }
        return JetStreamError(server: body)
    }
}
