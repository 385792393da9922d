public import NIOCore

/// What a JetStream delivery's `$JS.ACK…` reply subject says about the message.
///
/// Two shapes exist (the second sits behind a server feature flag):
/// - v1, exactly 9 tokens: `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts_ns>.<pending>`
/// - v2, 11 or more: `$JS.ACK.<domain|_>.<acc_hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts_ns>.<pending>[.<more>]`
public struct JetStreamAckMetadata: Sendable, Equatable {
    /// The JetStream domain; `nil` for v1 subjects and for the v2 placeholder `_`.
    public var domain: String?
    /// The account hash; `nil` for v1 subjects.
    public var accountHash: String?
    /// The stream the message is stored in.
    public var stream: String
    /// The consumer that delivered it.
    public var consumer: String
    /// How many times it has been delivered, this delivery included.
    public var delivered: UInt64
    /// Its sequence in the stream.
    public var streamSequence: UInt64
    /// Its sequence in the consumer's delivery order.
    public var consumerSequence: UInt64
    /// When it was stored, in nanoseconds since the Unix epoch.
    public var timestamp: Int64
    /// How many messages the consumer had pending after this one.
    public var pending: UInt64

    /// `true` when the message has been delivered before.
    public var isRedelivery: Bool { delivered > 1 }

    /// Creates metadata from its parts.
    public init(
        domain: String? = nil,
        accountHash: String? = nil,
        stream: String,
        consumer: String,
        delivered: UInt64,
        streamSequence: UInt64,
        consumerSequence: UInt64,
        timestamp: Int64,
        pending: UInt64
    ) {
        self.domain = domain
        self.accountHash = accountHash
        self.stream = stream
        self.consumer = consumer
        self.delivered = delivered
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        self.timestamp = timestamp
        self.pending = pending
    }

    /// Parses a `$JS.ACK` reply subject.
    ///
    /// - Parameter replySubject: The reply subject of a JetStream delivery.
    /// - Throws: `NATSProtocolError(.invalidAckSubject, …)` when the subject does not start with
    ///   `$JS.ACK.`, has a token count other than 9 or 11+, has an empty token, or has a number
    ///   token that is not all digits or overflows.
    public init(replySubject: String) throws {
        var subject = replySubject
        self = try subject.withUTF8 { try Self.parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses a `$JS.ACK` reply subject from the readable bytes of a buffer (e.g. a message's `replyTo`).
    ///
    /// - Parameter replySubject: The reply subject's bytes; the reader index is not moved.
    /// - Throws: `NATSProtocolError(.invalidAckSubject, …)`, as for the `String` initializer.
    public init(replySubject: ByteBuffer) throws {
        self = try replySubject.withUnsafeReadableBytes { try Self.parse($0) }
    }
}

extension JetStreamAckMetadata {
    private static let prefix: StaticString = "$JS.ACK."

    private static func parse(_ bytes: UnsafeRawBufferPointer) throws -> Self {
        func fail(_ reason: String) -> NATSProtocolError {
            NATSProtocolError(.invalidAckSubject, "\(reason) in ack subject \(Subject.quoted(bytes))")
        }
        let hasPrefix = prefix.withUTF8Buffer { bytes.starts(with: $0) }
        guard hasPrefix else { throw fail("no $JS.ACK. prefix") }

        // Count the tokens and reject empty ones before reading any.
        var tokenCount = 1
        var tokenLength = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard tokenLength > 0 else { throw fail("empty token") }
                tokenCount += 1
                tokenLength = 0
            } else {
                tokenLength += 1
            }
        }
        guard tokenLength > 0 else { throw fail("empty token") }
        guard tokenCount == 9 || tokenCount >= 11 else {
            throw fail("\(tokenCount) tokens (expected 9, or 11 or more)")
        }

        var cursor = prefix.utf8CodeUnitCount
        func nextToken() -> UnsafeRawBufferPointer {
            var end = cursor
            while end < bytes.count, bytes[end] != UInt8(ascii: ".") { end += 1 }
            let token = UnsafeRawBufferPointer(rebasing: bytes[cursor..<end])
            cursor = end + 1
            return token
        }
        func text(_ token: UnsafeRawBufferPointer) -> String {
            String(decoding: token, as: UTF8.self)
        }
        func number(_ name: String) throws -> UInt64 {
            do {
                return try ASCIIDecimal.parse(nextToken())
            } catch .overflow {
                throw fail("\(name) overflows")
            } catch {
                throw fail("\(name) is not a number")
            }
        }

        var domain: String?
        var accountHash: String?
        if tokenCount >= 11 {
            let domainToken = nextToken()
            domain = domainToken.count == 1 && domainToken[0] == UInt8(ascii: "_") ? nil : text(domainToken)
            accountHash = text(nextToken())
        }
        let stream = text(nextToken())
        let consumer = text(nextToken())
        let delivered = try number("delivered count")
        let streamSequence = try number("stream sequence")
        let consumerSequence = try number("consumer sequence")
        let rawTimestamp = try number("timestamp")
        guard let timestamp = Int64(exactly: rawTimestamp) else { throw fail("timestamp overflows") }
        let pending = try number("pending count")
        return JetStreamAckMetadata(
            domain: domain,
            accountHash: accountHash,
            stream: stream,
            consumer: consumer,
            delivered: delivered,
            streamSequence: streamSequence,
            consumerSequence: consumerSequence,
            timestamp: timestamp,
            pending: pending
        )
    }
}
