package import NIOCore

/// Client → server frames, written straight into a reused buffer (no intermediate Strings).
///
/// These write what they are given: validate subjects and queue names once at the API edge with
/// `Subject.validatePublish(_:)` and friends.
extension ByteBuffer {
    /// `PUB <subject> [reply] <n>\r\n<payload>\r\n`
    @discardableResult
    package mutating func writePublish(subject: String, replyTo: String? = nil, payload: ByteBuffer) -> Int {
        writePublish(subject: subject, reply: replyTo.map { .subject($0) } ?? .none, payload: payload)
    }

    /// `HPUB <subject> [reply] <hdr_len> <total_len>\r\n<headers><payload>\r\n`
    @discardableResult
    package mutating func writePublish(subject: String, replyTo: String? = nil, headers: NATSHeaderFields, payload: ByteBuffer) -> Int {
        writePublish(subject: subject, reply: replyTo.map { .subject($0) } ?? .none, headers: headers, payload: payload)
    }

    /// `PUB <subject> [reply] <n>\r\n<payload>\r\n`, the reply given as a `ReplySubject`.
    @discardableResult
    package mutating func writePublish(subject: String, reply: ReplySubject, payload: ByteBuffer) -> Int {
        let payloadCount = payload.readableBytes
        let count = 4 + subject.utf8.count + 1 + FrameWriter.byteCount(of: reply) + ASCIIDecimal.digitCount(UInt64(payloadCount)) + 2
            + payloadCount + 2
        // One write through one pointer: every ByteBuffer write reads the storage's pointer, a class
        // property, and pays a dynamic exclusivity check (seven of them per PUB when written piecewise).
        return writeWithUnsafeMutableBytes(minimumWritableBytes: count) { out in
            var frame = FrameWriter(out)
            frame.append("PUB ")
            frame.append(subject)
            frame.append(" ")
            frame.append(reply)
            frame.appendDecimal(UInt64(payloadCount))
            frame.append("\r\n")
            payload.withUnsafeReadableBytes { frame.append($0) }
            frame.append("\r\n")
            assert(frame.count == count)
            return frame.count
        }
    }

    /// `HPUB <subject> [reply] <hdr_len> <total_len>\r\n<headers><payload>\r\n`, the reply given as
    /// a `ReplySubject`.
    @discardableResult
    package mutating func writePublish(subject: String, reply: ReplySubject, headers: NATSHeaderFields, payload: ByteBuffer) -> Int {
        let headerLength = headers.encodedLength
        var n = writeStaticString("HPUB ")
        n += writeString(subject)
        n += writeStaticString(" ")
        n += writeReply(reply)
        n += writeDecimal(headerLength)
        n += writeStaticString(" ")
        n += writeDecimal(headerLength + payload.readableBytes)
        n += writeStaticString("\r\n")
        n += writeHeaderBlock(headers)
        n += writeImmutableBuffer(payload)
        n += writeStaticString("\r\n")
        return n
    }

    /// `PUB <subject> <n>\r\n<payload>\r\n` with the subject given as bytes (a subject the server
    /// sent, such as a JetStream ack subject, written without making a string of it).
    @discardableResult
    package mutating func writePublish(subjectBytes subject: ByteBuffer, payload: ByteBuffer) -> Int {
        var n = writeStaticString("PUB ")
        n += writeImmutableBuffer(subject)
        n += writeStaticString(" ")
        n += writeDecimal(payload.readableBytes)
        n += writeStaticString("\r\n")
        n += writeImmutableBuffer(payload)
        n += writeStaticString("\r\n")
        return n
    }

    /// The reply subject and the blank after it; nothing for `.none`.
    private mutating func writeReply(_ reply: ReplySubject) -> Int {
        switch reply {
        case .none:
            return 0
        case .subject(let subject):
            return writeString(subject) + writeStaticString(" ")
        case .numbered(let prefix, let number):
            return writeString(prefix) + writeDecimal(number) + writeStaticString(" ")
        }
    }

    /// `SUB <subject> [queue] <sid>\r\n`
    @discardableResult
    package mutating func writeSubscribe(subject: String, queueGroup: String? = nil, sid: UInt64) -> Int {
        var n = writeStaticString("SUB ")
        n += writeString(subject)
        n += writeStaticString(" ")
        if let queueGroup {
            n += writeString(queueGroup)
            n += writeStaticString(" ")
        }
        n += writeDecimal(sid)
        n += writeStaticString("\r\n")
        return n
    }

    /// `UNSUB <sid> [max_msgs]\r\n`: `maxMessages` counts total deliveries, not remaining ones.
    @discardableResult
    package mutating func writeUnsubscribe(sid: UInt64, maxMessages: UInt64? = nil) -> Int {
        var n = writeStaticString("UNSUB ")
        n += writeDecimal(sid)
        if let maxMessages {
            n += writeStaticString(" ")
            n += writeDecimal(maxMessages)
        }
        n += writeStaticString("\r\n")
        return n
    }

    /// `PING\r\n`
    @discardableResult
    package mutating func writePing() -> Int { writeStaticString("PING\r\n") }

    /// `PONG\r\n`
    @discardableResult
    package mutating func writePong() -> Int { writeStaticString("PONG\r\n") }
}
