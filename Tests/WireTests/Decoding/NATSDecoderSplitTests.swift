import NIOCore
import NIOTestUtils
import Testing
import Wire

@Suite struct NATSDecoderSplitTests {
    static let representative = [
        "HMSG s 1 r 23 30\r\nNATS/1.0\r\nHeader: X\r\n\r\nPAYLOAD\r\n",
        "MSG person.commands.create 42 _INBOX.abcdefghijklmnopqrstuv.1 11\r\n{\"a\":\"b\"}\r\n\r\n",
        "HMSG _INBOX.k3.7 4 28 28\r\nNATS/1.0 404 No Messages\r\n\r\n\r\n",
        "MSG a 1 0\r\n\r\nPING\r\nPONG\r\n+OK\r\n-ERR 'Stale Connection'\r\n",
        "INFO {\"server_id\":\"N1\",\"max_payload\":1048576,\"headers\":true}\r\nMSG x 2 3\r\nabc\r\n",
    ]

    @Test(arguments: representative)
    func everySplitPointDecodesTheSame(_ frame: String) throws {
        let bytes = Array(frame.utf8)
        let whole = try decodeAll(bytes)
        #expect(!whole.isEmpty)
        for split in 1..<bytes.count {
            #expect(try decodeAll(bytes, chunks: [split]) == whole, "split at \(split)")
        }
        #expect(try decodeAll(bytes, chunks: Array(repeating: 1, count: bytes.count)) == whole)
    }

    @Test func nioDecoderVerifier() throws {
        func msg(_ subject: String, _ sid: UInt64, _ reply: String?, _ headers: String?, _ payload: String) throws -> ServerOp {
            .msg(
                try NATSMessage(
                    subject: ByteBuffer(string: subject),
                    sid: sid,
                    replyTo: reply.map { ByteBuffer(string: $0) },
                    headers: headers.map { ByteBuffer(string: $0) },
                    payload: ByteBuffer(string: payload)
                ))
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("MSG a 1 5\r\nhello\r\n", [try msg("a", 1, nil, nil, "hello")]),
                ("HMSG s 1 r 23 30\r\nNATS/1.0\r\nHeader: X\r\n\r\nPAYLOAD\r\n", [try msg("s", 1, "r", "NATS/1.0\r\nHeader: X\r\n\r\n", "PAYLOAD")]),
                ("PING\r\nPONG\r\n", [.ping, .pong]),
                ("MSG a 1 0\r\n\r\n+OK\r\n", [try msg("a", 1, nil, nil, ""), .ok]),
            ],
            decoderFactory: { NATSDecoder() }
        )
    }
}
