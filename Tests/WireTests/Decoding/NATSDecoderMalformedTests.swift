import NIOCore
import Testing
import Wire

@Suite struct NATSDecoderMalformedTests {
    /// A header-only HMSG around `block`, with correct lengths.
    static func hmsg(_ block: String) -> String {
        "HMSG a 1 \(block.utf8.count) \(block.utf8.count)\r\n\(block)\r\n"
    }

    static let catalogue: [(String, NATSProtocolError.Code)] = [
        ("FOO bar\r\n", .unknownOperation),
        ("\r\n", .unknownOperation),
        ("PINGX\r\n", .unknownOperation),
        ("MSGX a 1 1\r\n", .unknownOperation),
        ("MSG a 1 -5\r\n", .invalidInteger),
        ("MSG a 1 5x\r\n", .invalidInteger),
        ("MSG a 99999999999999999999 1\r\nx\r\n", .invalidInteger),
        ("MSG a 18446744073709551616 1\r\nx\r\n", .invalidInteger),
        ("MSG a 1 18446744073709551616\r\n", .invalidInteger),
        ("MSG a -1 1\r\nx\r\n", .invalidInteger),
        ("HMSG a 1 20 10\r\n", .headerLengthExceedsTotal),
        ("HMSG a 1 x 10\r\n", .invalidInteger),
        ("MSG a 1 3\r\nabcXY", .missingPayloadTerminator),
        ("MSG a 1 3\r\nabc\nX", .missingPayloadTerminator),
        ("MSG a 1\r\n", .invalidArguments),
        ("MSG a\r\n", .invalidArguments),
        ("MSG a 1 b c 5\r\n", .invalidArguments),
        ("HMSG a 1 12\r\n", .invalidArguments),
        ("HMSG a 1 r q 12 12\r\n", .invalidArguments),
        (hmsg("HTTP/1.1\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0\r\nX\r\n\r\n"), .invalidHeaderBlock),
        (hmsg(""), .invalidHeaderBlock),
        (hmsg("NATS/1.0\r\nK: v\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0 5x3\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0 503x\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0\r\n: empty\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0\r\nno colon\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0\r\nK: a\nb\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.0\r\nK: a\r\n\r\nL: b\r\n\r\n"), .invalidHeaderBlock),
        (hmsg("NATS/1.1\r\n\r\n"), .invalidHeaderBlock),
        ("INFO {\"server_id\":}\r\n", .invalidInfo),
        ("INFO [1,2]\r\n", .invalidInfo),
    ]

    @Test(arguments: catalogue)
    func typedError(_ input: String, _ code: NATSProtocolError.Code) {
        #expect(decodeError(input) == code, "\(input.debugDescription)")
    }

    @Test func oversizeControlLineWithoutLF() {
        let limits = NATSDecoderLimits(maxControlLineBytes: 100)
        #expect(decodeError("MSG " + String(repeating: "a", count: 200), limits: limits) == .controlLineTooLong)
    }

    @Test func oversizeControlLineWithLF() {
        let limits = NATSDecoderLimits(maxControlLineBytes: 100)
        #expect(decodeError("MSG " + String(repeating: "a", count: 120) + " 1 0\r\n\r\n", limits: limits) == .controlLineTooLong)
        #expect(decodeError("MSG " + String(repeating: "a", count: 90) + " 1 0\r\n\r\n", limits: limits) == nil)
    }

    @Test func payloadOverTheLimitIsRefusedBeforeItArrives() {
        let limits = NATSDecoderLimits(maxPayloadBytes: 10)
        #expect(decodeError("MSG a 1 11\r\n", limits: limits) == .payloadTooLarge)
        #expect(decodeError("HMSG a 1 12 11000\r\n", limits: limits) == .payloadTooLarge)
        #expect(decodeError("MSG a 1 10\r\n0123456789\r\n", limits: limits) == nil)
    }

    @Test func headerBlockOverTheLimit() {
        let limits = NATSDecoderLimits(maxHeaderBytes: 16)
        #expect(decodeError("HMSG a 1 17 17\r\n", limits: limits) == .headerBlockTooLarge)
    }

    @Test func errorsDescribeThemselvesWithoutPayloadBytes() {
        do {
            _ = try decodeAll("MSG a 1 3\r\nsecretXY")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("missingPayloadTerminator"))
            #expect(!"\(error)".contains("secret"))
        }
    }
}
