import NIOCore
import Testing
import Wire

/// Decodes `bytes` fed in the given chunk sizes (the rest in one final chunk).
func decodeAll(_ bytes: [UInt8], chunks: [Int] = [], limits: NATSDecoderLimits = NATSDecoderLimits()) throws -> [ServerOp] {
    let processor = NIOSingleStepByteToMessageProcessor(NATSDecoder(limits: limits))
    var ops: [ServerOp] = []
    var offset = 0
    for size in chunks where offset < bytes.count {
        let end = min(bytes.count, offset + size)
        try processor.process(buffer: ByteBuffer(bytes: bytes[offset..<end])) { ops.append($0) }
        offset = end
    }
    if offset < bytes.count {
        try processor.process(buffer: ByteBuffer(bytes: bytes[offset...])) { ops.append($0) }
    }
    return ops
}

func decodeAll(_ text: String, chunks: [Int] = [], limits: NATSDecoderLimits = NATSDecoderLimits()) throws -> [ServerOp] {
    try decodeAll(Array(text.utf8), chunks: chunks, limits: limits)
}

/// The error a decode of `text` throws, as a protocol error code; nil when it decodes. Any other
/// error is a test failure (it is not "accepted").
func decodeError(
    _ text: String,
    limits: NATSDecoderLimits = NATSDecoderLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> NATSProtocolError.Code? {
    do {
        _ = try decodeAll(text, limits: limits)
        return nil
    } catch let error as NATSProtocolError {
        return error.code
    } catch {
        Issue.record("unexpected \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension ServerOp {
    var message: NATSMessage? {
        if case .msg(let message) = self { return message }
        return nil
    }
}

/// A deterministic generator for seeded property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
