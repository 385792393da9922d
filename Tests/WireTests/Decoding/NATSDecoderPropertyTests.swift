import NIOCore
import Testing
import Wire

/// Thousands of random frames, encoded, cut into random chunks, and decoded back exactly.
@Suite struct NATSDecoderPropertyTests {
    struct Frame {
        var subject: String
        var sid: UInt64
        var reply: String?
        var status: UInt16?
        var fields: [(String, String)]?
        var payload: [UInt8]
    }

    static func randomToken(_ rng: inout SeededGenerator, alphabet: [UInt8], length: ClosedRange<Int>) -> String {
        String(decoding: (0..<Int.random(in: length, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
    }

    static func randomFrame(_ rng: inout SeededGenerator) -> Frame {
        let tokenAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-$".utf8)
        let subject = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
            randomToken(&rng, alphabet: tokenAlphabet, length: 1...12)
        }.joined(separator: ".")
        let reply = Bool.random(using: &rng) ? "_INBOX." + randomToken(&rng, alphabet: tokenAlphabet, length: 22...22) : nil
        var fields: [(String, String)]?
        var status: UInt16?
        if Int.random(in: 0..<3, using: &rng) > 0 {
            let keyAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".utf8)
            let valueAlphabet = Array("abc XYZ 0123456789:;/=+-_{}\"'".utf8)
            fields = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
                var value = randomToken(&rng, alphabet: valueAlphabet, length: 0...40)
                while value.first == " " { value.removeFirst() }
                while value.last == " " { value.removeLast() }
                return (randomToken(&rng, alphabet: keyAlphabet, length: 1...24), value)
            }
            if Int.random(in: 0..<5, using: &rng) == 0 { status = UInt16.random(in: 100...599, using: &rng) }
        }
        let size = Int.random(in: 0..<10, using: &rng) < 8 ? Int.random(in: 0...256, using: &rng) : Int.random(in: 0...65536, using: &rng)
        let payload = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Frame(subject: subject, sid: UInt64.random(in: 0...UInt64.max, using: &rng), reply: reply, status: status, fields: fields, payload: payload)
    }

    static func encode(_ frame: Frame, into buffer: inout ByteBuffer) {
        var headerBlock: ByteBuffer?
        if let fields = frame.fields {
            var block = ByteBuffer()
            block.writeString(frame.status.map { "NATS/1.0 \($0) Some Text\r\n" } ?? "NATS/1.0\r\n")
            for (name, value) in fields { block.writeString("\(name): \(value)\r\n") }
            block.writeString("\r\n")
            headerBlock = block
        }
        buffer.writeServerMessage(subject: frame.subject, sid: frame.sid, replyTo: frame.reply, headers: headerBlock, payload: ByteBuffer(bytes: frame.payload))
    }

    @Test(arguments: [UInt64(1), 7, 20_261_122])
    func randomStreamsRoundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let frames = (0..<1500).map { _ in Self.randomFrame(&rng) }
        var stream = ByteBuffer()
        for frame in frames { Self.encode(frame, into: &stream) }
        let bytes = Array(stream.readableBytesView)
        var chunks: [Int] = []
        var covered = 0
        while covered < bytes.count {
            let size = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...16, using: &rng) : Int.random(in: 1...9000, using: &rng)
            chunks.append(size)
            covered += size
        }
        let ops = try decodeAll(bytes, chunks: chunks)
        try #require(ops.count == frames.count)
        for (frame, op) in zip(frames, ops) {
            let message = try #require(op.message)
            #expect(message.subjectString == frame.subject)
            #expect(message.sid == frame.sid)
            #expect(message.replyToString == frame.reply)
            #expect(Array(message.payload.readableBytesView) == frame.payload)
            if let fields = frame.fields {
                let headers = try #require(message.headers)
                #expect(headers.map { [$0.nameString, $0.valueString] } == fields.map { [$0.0, $0.1] })
                #expect(headers.status?.code == frame.status)
                if frame.status != nil { #expect(headers.status?.text == "Some Text") }
            } else {
                #expect(message.headers == nil)
            }
        }
    }
}
