public import NIOCore

/// Cuts the bytes a NATS server sends into `ServerOp`s, without copying.
///
/// Incremental: a frame may be split at any byte. An incomplete frame consumes nothing; the
/// searched part of a partial control line is remembered, and a parsed `MSG`/`HMSG` line is kept
/// while its payload arrives, so nothing is scanned twice. Payloads are framed by their byte
/// count and never scanned. Subject, reply, header block and payload are slices of `buffer`.
public struct NATSDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ServerOp

    /// The limits in force; `maxPayloadBytes` follows the server's INFO when so configured.
    public private(set) var limits: NATSDecoderLimits

    /// Bytes of the current, unfinished control line already searched for LF.
    private var scannedBytes = 0
    /// A `MSG`/`HMSG` line parsed while its payload is still arriving.
    private var pending: PendingMessage?

    public init(limits: NATSDecoderLimits = NATSDecoderLimits()) {
        self.limits = limits
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ServerOp? {
        if let pending {
            return try complete(pending, from: &buffer)
        }
        let readable = buffer.readableBytes
        let from = scannedBytes
        let lf = buffer.withUnsafeReadableBytes { Self.indexOfLF($0, from: from) }
        guard let lf else {
            scannedBytes = readable
            // The line so far (minus a possible trailing CR) is already longer than allowed.
            if readable > limits.maxControlLineBytes + 1 {
                throw NATSProtocolError(.controlLineTooLong, "control line exceeds \(limits.maxControlLineBytes) bytes")
            }
            return nil
        }
        scannedBytes = 0
        let line = try buffer.withUnsafeReadableBytes { try Self.parseLine($0, lf: lf, limits: limits) }
        switch line {
        case .message(let message):
            return try complete(message, from: &buffer)
        case .ping:
            buffer.moveReaderIndex(forwardBy: lf + 1)
            return .ping
        case .pong:
            buffer.moveReaderIndex(forwardBy: lf + 1)
            return .pong
        case .ok:
            buffer.moveReaderIndex(forwardBy: lf + 1)
            return .ok
        case .err(let start, let end):
            let text = buffer.getString(at: buffer.readerIndex + start, length: end - start) ?? ""
            buffer.moveReaderIndex(forwardBy: lf + 1)
            return .err(ServerError(text: text))
        case .info(let start, let end):
            let json = buffer.getSlice(at: buffer.readerIndex + start, length: end - start)!
            let info = try ServerInfo(json: json)
            buffer.moveReaderIndex(forwardBy: lf + 1)
            if limits.adoptsServerMaxPayload, info.maxPayload > 0 {
                limits.maxPayloadBytes = info.maxPayload
            }
            return .info(info)
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ServerOp? {
        try decode(buffer: &buffer)
    }

    /// Emits the message once its payload and terminating CRLF are readable.
    private mutating func complete(_ message: PendingMessage, from buffer: inout ByteBuffer) throws -> ServerOp? {
        let frameLength = message.lineLength + message.totalLength + 2
        guard buffer.readableBytes >= frameLength else {
            pending = message
            return nil
        }
        pending = nil
        let base = buffer.readerIndex
        guard buffer.getInteger(at: base + message.lineLength + message.totalLength, as: UInt16.self) == 0x0D0A else {
            throw NATSProtocolError(.missingPayloadTerminator, "payload of \(message.totalLength) bytes is not followed by CRLF")
        }
        let frame = buffer.getSlice(at: base, length: message.lineLength + message.totalLength)!
        var shape = NATSHeaders.Shape.none
        var payloadLength = message.totalLength
        if message.headerLength >= 0 {
            payloadLength -= message.headerLength
            let parsed = frame.withUnsafeReadableBytes { raw in
                NATSHeaders.scan(UnsafeRawBufferPointer(rebasing: raw[message.lineLength..<(message.lineLength + message.headerLength)]))
            }
            guard let parsed else {
                throw NATSProtocolError(.invalidHeaderBlock, "header block is not a valid NATS/1.0 block")
            }
            shape = parsed
        }
        buffer.moveReaderIndex(forwardBy: frameLength)
        return .msg(
            NATSMessage(
                frame: frame,
                sid: message.sid,
                subjectStart: message.subjectStart,
                subjectLength: message.subjectLength,
                replyStart: message.replyStart < 0 ? nil : message.replyStart,
                replyLength: message.replyLength,
                bodyStart: message.lineLength,
                headerLength: message.headerLength < 0 ? nil : message.headerLength,
                payloadLength: payloadLength,
                headerShape: shape
            ))
    }
}

/// A parsed `MSG`/`HMSG` control line; offsets are relative to the reader index.
struct PendingMessage: Sendable {
    var lineLength: Int
    var subjectStart: Int
    var subjectLength: Int
    var replyStart: Int
    var replyLength: Int
    var sid: UInt64
    /// -1 for `MSG`.
    var headerLength: Int
    var totalLength: Int
}
