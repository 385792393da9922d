import NIOCore

/// Server → client frames, for tests, fuzz seeds and benchmarks that play the server's part.
extension ByteBuffer {
    /// `MSG <subject> <sid> [reply] <n>\r\n<payload>\r\n`, or `HMSG` when `headers` is given
    /// (`headers` is a complete, already encoded header block).
    @discardableResult
    package mutating func writeServerMessage(
        subject: String,
        sid: UInt64,
        replyTo: String? = nil,
        headers: ByteBuffer? = nil,
        payload: ByteBuffer
    ) -> Int {
        var n = writeStaticString(headers == nil ? "MSG " : "HMSG ")
        n += writeString(subject)
        n += writeStaticString(" ")
        n += writeDecimal(sid)
        n += writeStaticString(" ")
        if let replyTo {
            n += writeString(replyTo)
            n += writeStaticString(" ")
        }
        if let headers {
            n += writeDecimal(headers.readableBytes)
            n += writeStaticString(" ")
            n += writeDecimal(headers.readableBytes + payload.readableBytes)
        } else {
            n += writeDecimal(payload.readableBytes)
        }
        n += writeStaticString("\r\n")
        if let headers { n += writeImmutableBuffer(headers) }
        n += writeImmutableBuffer(payload)
        n += writeStaticString("\r\n")
        return n
    }
}
