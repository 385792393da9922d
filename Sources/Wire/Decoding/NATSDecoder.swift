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
        // A message whose frame is all here is checked while the line is parsed: one closure, as
        // each access to the buffer's bytes costs a dynamic exclusivity check.
        let (line, shape) = try buffer.withUnsafeReadableBytes { bytes -> (ControlLine, NATSHeaders.Shape?) in
            let line = try Self.parseLine(bytes, lf: lf, limits: limits)
            guard case .message(let message) = line, bytes.count >= message.frameLength else { return (line, nil) }
            return (line, try Self.checkBody(of: message, in: bytes))
        }
        switch line {
        case .message(let message):
            guard let shape else {
                pending = message
                return nil
            }
            return cut(message, shape: shape, from: &buffer)
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
        guard buffer.readableBytes >= message.frameLength else {
            pending = message
            return nil
        }
        pending = nil
        let shape = try buffer.withUnsafeReadableBytes { try Self.checkBody(of: message, in: $0) }
        return cut(message, shape: shape, from: &buffer)
    }

    /// Checks the CRLF after the payload and the header block of a frame whose bytes are all in
    /// `bytes` (the readable bytes); returns the header block's shape.
    private static func checkBody(of message: PendingMessage, in bytes: UnsafeRawBufferPointer) throws -> NATSHeaders.Shape {
        let end = message.lineLength + message.totalLength
        guard bytes[end] == 0x0D, bytes[end + 1] == 0x0A else {
            throw NATSProtocolError(.missingPayloadTerminator, "payload of \(message.totalLength) bytes is not followed by CRLF")
        }
        guard message.headerLength >= 0 else { return .none }
        let block = UnsafeRawBufferPointer(rebasing: bytes[message.lineLength..<(message.lineLength + message.headerLength)])
        guard let shape = NATSHeaders.scan(block) else {
            throw NATSProtocolError(.invalidHeaderBlock, "header block is not a valid NATS/1.0 block")
        }
        return shape
    }

    /// Cuts the checked frame of `message` from `buffer`.
    private func cut(_ message: PendingMessage, shape: NATSHeaders.Shape, from buffer: inout ByteBuffer) -> ServerOp {
        let frame = buffer.getSlice(at: buffer.readerIndex, length: message.lineLength + message.totalLength)!
        let payloadLength = message.headerLength >= 0 ? message.totalLength - message.headerLength : message.totalLength
        buffer.moveReaderIndex(forwardBy: message.frameLength)
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

    /// Control line, header block, payload and the CRLF after it.
    var frameLength: Int { lineLength + totalLength + 2 }
}
