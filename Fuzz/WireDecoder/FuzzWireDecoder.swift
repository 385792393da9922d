import NIOCore
import Wire

/// One fuzz input: decodes the input whole and in chunks; both must agree, and nothing
/// may crash, hang or grow without bound. Decoded messages are also walked (headers, subjects,
/// ack metadata) so that lazy views are exercised on whatever the decoder accepted.
func fuzzWireDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let first = input.first else { return 0 }
    let chunk = Int(first % 23) + 1
    let bytes = input.dropFirst()

    let whole = decode(bytes, chunk: bytes.count + 1)
    let pieces = decode(bytes, chunk: chunk)
    if whole != pieces {
        fatalError("chunked decode (\(chunk)-byte chunks) disagrees with whole decode")
    }
    return 0
}

private let limits = NATSDecoderLimits(maxControlLineBytes: 4096, maxPayloadBytes: 1 << 20, maxHeaderBytes: 64 * 1024)

/// Decodes `bytes` fed `chunk` bytes at a time; returns the ops and the error code, if any.
private func decode(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, chunk: Int) -> Outcome {
    let processor = NIOSingleStepByteToMessageProcessor(NATSDecoder(limits: limits))
    var outcome = Outcome()
    var offset = bytes.startIndex
    do {
        while offset < bytes.endIndex {
            let end = min(bytes.endIndex, offset + chunk)
            try processor.process(buffer: ByteBuffer(bytes: bytes[offset..<end])) { op in
                outcome.ops.append(op)
                walk(op)
            }
            offset = end
        }
    } catch let error as NATSProtocolError {
        outcome.error = error.code
    } catch {
        outcome.other = true
    }
    return outcome
}

private struct Outcome: Equatable {
    var ops: [ServerOp] = []
    var error: NATSProtocolError.Code?
    var other = false
}

private func walk(_ op: ServerOp) {
    guard case .msg(let message) = op else { return }
    if let headers = message.headers {
        for field in headers { _ = field.name.readableBytes + field.value.readableBytes }
        _ = headers["Nats-Msg-Id"]
        _ = message.status
    }
    if let reply = message.replyTo {
        _ = try? JetStreamAckMetadata(replySubject: reply)
    }
    _ = try? Subject.validateSubscribe(message.subjectString)
}
