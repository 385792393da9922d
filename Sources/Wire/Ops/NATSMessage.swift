public import NIOCore

/// A `MSG` or `HMSG` delivery.
///
/// The message keeps one slice of the receive buffer (control line, header block and payload)
/// plus offsets; `subject`, `replyTo`, `headers` and `payload` are views cut from it on demand.
/// Nothing is copied when the frame is cut, and one reference is taken per message. A slice
/// keeps the whole receive buffer alive, so copy messages that are kept for long.
public struct NATSMessage: Sendable {
    /// The control line, header block and payload, as received.
    @usableFromInline let frame: ByteBuffer
    /// The subscription id, echoed from our `SUB`.
    public let sid: UInt64
    @usableFromInline let subjectStart: UInt32
    @usableFromInline let subjectLength: UInt32
    /// `UInt32.max` when there is no reply subject.
    @usableFromInline let replyStart: UInt32
    @usableFromInline let replyLength: UInt32
    /// Where the header block (or, without one, the payload) starts.
    @usableFromInline let bodyStart: UInt32
    /// `UInt32.max` for `MSG`.
    @usableFromInline let headerLength: UInt32
    @usableFromInline let payloadLength: UInt32
    /// The header block's shape, found when it was validated.
    @usableFromInline let headerShape: NATSHeaders.Shape

    init(
        frame: ByteBuffer,
        sid: UInt64,
        subjectStart: Int,
        subjectLength: Int,
        replyStart: Int?,
        replyLength: Int,
        bodyStart: Int,
        headerLength: Int?,
        payloadLength: Int,
        headerShape: NATSHeaders.Shape
    ) {
        self.frame = frame
        self.sid = sid
        self.subjectStart = UInt32(truncatingIfNeeded: subjectStart)
        self.subjectLength = UInt32(truncatingIfNeeded: subjectLength)
        self.replyStart = replyStart.map { UInt32(truncatingIfNeeded: $0) } ?? .max
        self.replyLength = UInt32(truncatingIfNeeded: replyLength)
        self.bodyStart = UInt32(truncatingIfNeeded: bodyStart)
        self.headerLength = headerLength.map { UInt32(truncatingIfNeeded: $0) } ?? .max
        self.payloadLength = UInt32(truncatingIfNeeded: payloadLength)
        self.headerShape = headerShape
    }

    /// Builds a message from parts (copies them into one buffer); for tests and synthesized replies.
    /// - Throws: `NATSProtocolError` with code `.invalidHeaderBlock` when `headers` is not a valid block.
    public init(subject: ByteBuffer, sid: UInt64, replyTo: ByteBuffer? = nil, headers: ByteBuffer? = nil, payload: ByteBuffer) throws {
        var frame = ByteBuffer()
        frame.reserveCapacity(subject.readableBytes + (replyTo?.readableBytes ?? 0) + (headers?.readableBytes ?? 0) + payload.readableBytes)
        frame.writeImmutableBuffer(subject)
        if let replyTo { frame.writeImmutableBuffer(replyTo) }
        let bodyStart = frame.writerIndex
        var shape = NATSHeaders.Shape.none
        if let headers {
            shape = try NATSHeaders.shape(of: headers)
            frame.writeImmutableBuffer(headers)
        }
        frame.writeImmutableBuffer(payload)
        self.init(
            frame: frame,
            sid: sid,
            subjectStart: 0,
            subjectLength: subject.readableBytes,
            replyStart: replyTo.map { _ in subject.readableBytes },
            replyLength: replyTo?.readableBytes ?? 0,
            bodyStart: bodyStart,
            headerLength: headers?.readableBytes,
            payloadLength: payload.readableBytes,
            headerShape: shape
        )
    }

    /// The subject the message was published to (a JetStream delivery carries the stream subject).
    @inlinable
    public var subject: ByteBuffer {
        frame.getSlice(at: frame.readerIndex + Int(subjectStart), length: Int(subjectLength))!
    }

    /// The reply subject, if the publisher set one.
    @inlinable
    public var replyTo: ByteBuffer? {
        guard replyStart != .max else { return nil }
        return frame.getSlice(at: frame.readerIndex + Int(replyStart), length: Int(replyLength))!
    }

    /// The validated header block, present for `HMSG`.
    public var headers: NATSHeaders? {
        guard headerLength != .max else { return nil }
        let block = frame.getSlice(at: frame.readerIndex + Int(bodyStart), length: Int(headerLength))!
        return NATSHeaders(validatedBlock: block, shape: headerShape)
    }

    /// True for `HMSG`.
    public var hasHeaders: Bool { headerLength != .max }

    /// The payload, without headers. May be empty.
    @inlinable
    public var payload: ByteBuffer {
        let headerBytes = headerLength == .max ? 0 : Int(headerLength)
        return frame.getSlice(at: frame.readerIndex + Int(bodyStart) + headerBytes, length: Int(payloadLength))!
    }

    /// Calls `body` with the bytes of the subject and of the payload, both reached through one
    /// access to the frame (each access to a buffer's bytes costs a dynamic exclusivity check).
    package func withUnsafeSubjectAndPayload<Result, Failure: Error>(
        _ body: (_ subject: UnsafeRawBufferPointer, _ payload: UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let subjectStart = Int(subjectStart)
        let payloadStart = Int(bodyStart) + (headerLength == .max ? 0 : Int(headerLength))
        return try frame.withUnsafeReadableBytes { bytes throws(Failure) in
            try body(
                UnsafeRawBufferPointer(rebasing: bytes[subjectStart..<(subjectStart + Int(subjectLength))]),
                UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<(payloadStart + Int(payloadLength))])
            )
        }
    }

    /// Bytes of payload, without cutting a slice.
    public var payloadCount: Int { Int(payloadLength) }

    /// Bytes of the whole frame as received (control line, headers, payload).
    package var frameCount: Int { frame.readableBytes }

    /// The receive buffer this message is a slice of, as an identity: equal for messages cut from
    /// the same buffer.
    package var storageIdentity: UInt {
        frame.withVeryUnsafeBytesWithStorageManagement { _, storage in UInt(bitPattern: storage.toOpaque()) }
    }

    /// The capacity of the receive buffer this message is a slice of, which stays allocated while
    /// any such message lives. Reading it costs a dynamic exclusivity check (the capacity is a
    /// class property of the buffer's storage); the identity does not.
    package var storageCapacity: Int { frame.storageCapacity }

    /// The status of a status message (`503`, `404`, `408`, `409`, `100` …): a message whose header
    /// block has a status code and whose payload is empty. `nil` for ordinary messages.
    public var status: NATSStatus? {
        guard payloadLength == 0, headerShape.statusCode != .max else { return nil }
        return headers?.status
    }

    /// The subject decoded as a String (allocates).
    public var subjectString: String { String(buffer: subject) }
    /// The reply subject decoded as a String (allocates).
    public var replyToString: String? { replyTo.map { String(buffer: $0) } }
}

extension NATSMessage: Equatable {
    public static func == (lhs: NATSMessage, rhs: NATSMessage) -> Bool {
        lhs.sid == rhs.sid && lhs.subject == rhs.subject && lhs.replyTo == rhs.replyTo
            && lhs.headers?.block == rhs.headers?.block && lhs.payload == rhs.payload
    }
}

extension NATSMessage: CustomStringConvertible {
    /// Subject, sid, reply and sizes; never payload bytes.
    public var description: String {
        "NATSMessage(subject: \(subjectString), sid: \(sid), reply: \(replyToString ?? "-"), "
            + "header bytes: \(hasHeaders ? Int(headerLength) : 0), payload bytes: \(payloadLength))"
    }
}
