import NIOCore
import Testing
import Wire

@Suite struct ClientOpsEncodingTests {
    private func written(_ body: (inout ByteBuffer) -> Int) -> (String, Int) {
        var buffer = ByteBuffer()
        let n = body(&buffer)
        #expect(n == buffer.readableBytes, "returned byte count matches")
        return (String(buffer: buffer), n)
    }

    @Test func publish() {
        #expect(written { $0.writePublish(subject: "orders.new", payload: ByteBuffer(string: "hello")) }.0 == "PUB orders.new 5\r\nhello\r\n")
        #expect(written { $0.writePublish(subject: "notify", payload: ByteBuffer()) }.0 == "PUB notify 0\r\n\r\n")
        #expect(
            written { $0.writePublish(subject: "a", replyTo: "_INBOX.x.1", payload: ByteBuffer(string: "hi")) }.0
                == "PUB a _INBOX.x.1 2\r\nhi\r\n")
    }

    @Test func numberedReplySubjects() {
        let reply = ReplySubject.numbered(prefix: "_INBOX.k3.", number: 4_294_967_296)
        #expect(written { $0.writePublish(subject: "a", reply: reply, payload: ByteBuffer(string: "hi")) }.0 == "PUB a _INBOX.k3.4294967296 2\r\nhi\r\n")
        let fields: NATSHeaderFields = ["Nats-Msg-Id": "ord-1"]
        #expect(
            written { $0.writePublish(subject: "a", reply: .numbered(prefix: "_INBOX.k3.", number: 0), headers: fields, payload: ByteBuffer()) }.0
                == "HPUB a _INBOX.k3.0 32 32\r\nNATS/1.0\r\nNats-Msg-Id: ord-1\r\n\r\n\r\n")
        #expect(written { $0.writePublish(subject: "a", reply: .none, payload: ByteBuffer()) }.0 == "PUB a 0\r\n\r\n")
        #expect(reply.maximumByteCount >= "_INBOX.k3.4294967296".utf8.count)
    }

    @Test func publishToSubjectBytesWritesTheSliceAsIs() {
        var frame = ByteBuffer(string: "xx$JS.ACK.S.c.1.2.3.4.0yy")
        frame.moveReaderIndex(forwardBy: 2)
        let subject = frame.getSlice(at: frame.readerIndex, length: frame.readableBytes - 2)!
        #expect(written { $0.writePublish(subjectBytes: subject, payload: ByteBuffer(string: "+ACK")) }.0 == "PUB $JS.ACK.S.c.1.2.3.4.0 4\r\n+ACK\r\n")
    }

    @Test func headerPublishMatchesTheReference() {
        let fields: NATSHeaderFields = ["Nats-Msg-Id": "ord-1"]
        #expect(fields.encodedLength == 32)
        let (text, _) = written {
            $0.writePublish(subject: "orders.new", replyTo: "_INBOX.k3.1", headers: fields, payload: ByteBuffer(string: "hello"))
        }
        #expect(text == "HPUB orders.new _INBOX.k3.1 32 37\r\nNATS/1.0\r\nNats-Msg-Id: ord-1\r\n\r\nhello\r\n")
    }

    @Test func headerFieldsKeepOrderCaseAndRepeats() {
        var fields = NATSHeaderFields()
        fields.append("B-Key", "1")
        fields.append("a-key", "2")
        fields.append("B-Key", "3")
        var buffer = ByteBuffer()
        let n = buffer.writeHeaderBlock(fields)
        #expect(n == fields.encodedLength)
        #expect(String(buffer: buffer) == "NATS/1.0\r\nB-Key: 1\r\na-key: 2\r\nB-Key: 3\r\n\r\n")
        fields.set("B-Key", "4")
        #expect(fields.fields.map(\.value) == ["2", "4"])
    }

    @Test func emptyHeaderFieldsStillMakeAValidBlock() throws {
        var buffer = ByteBuffer()
        buffer.writeHeaderBlock(NATSHeaderFields())
        #expect(String(buffer: buffer) == "NATS/1.0\r\n\r\n")
        #expect(try NATSHeaders(validating: buffer).isEmpty)
    }

    @Test func lineBreaksInValuesCannotBreakTheFrame() throws {
        let fields: NATSHeaderFields = ["X": "a\r\nMSG evil 1 0\r\n"]
        var buffer = ByteBuffer()
        buffer.writeHeaderBlock(fields)
        #expect(buffer.readableBytes == fields.encodedLength)
        let headers = try NATSHeaders(validating: buffer)
        #expect(headers["X"] == "a  MSG evil 1 0")
    }

    @Test func invalidHeaderNamesAreRejected() {
        for name in ["", "Bad Name", "Colon:", "Tab\tName", "Ünïcode"] {
            var fields = NATSHeaderFields()
            fields.append(name, "v")
            #expect(throws: NATSProtocolError.self) { try fields.validate() }
        }
        #expect(throws: Never.self) { try (["Nats-Msg-Id": "1"] as NATSHeaderFields).validate() }
    }

    @Test func aBadNameIsCaughtAmongTheProtocolsOwnNames() {
        var fields = NATSHeaderFields()
        fields.append(knownName: "Nats-Msg-Id", "1")
        #expect(throws: Never.self) { try fields.validate() }
        fields.append("Bad Name", "v")
        fields.append(knownName: "Nats-Expected-Last-Subject-Sequence", "4")
        #expect(throws: NATSProtocolError.self) { try fields.validate() }
        var replaced = NATSHeaderFields()
        replaced.append(knownName: "Nats-Msg-Id", "1")
        replaced.set("Colon:", "v")
        #expect(throws: NATSProtocolError.self) { try replaced.validate() }
    }

    @Test func subscribeAndUnsubscribe() {
        #expect(written { $0.writeSubscribe(subject: "person.commands.>", sid: 1) }.0 == "SUB person.commands.> 1\r\n")
        #expect(written { $0.writeSubscribe(subject: "a.*", queueGroup: "q", sid: 42) }.0 == "SUB a.* q 42\r\n")
        #expect(written { $0.writeUnsubscribe(sid: 7) }.0 == "UNSUB 7\r\n")
        #expect(written { $0.writeUnsubscribe(sid: 7, maxMessages: 10) }.0 == "UNSUB 7 10\r\n")
    }

    @Test func pingPong() {
        #expect(written { $0.writePing() }.0 == "PING\r\n")
        #expect(written { $0.writePong() }.0 == "PONG\r\n")
    }

    @Test func decimals() {
        for value: UInt64 in [0, 9, 10, 99, 100, 1_048_576, UInt64.max] {
            var buffer = ByteBuffer()
            buffer.writeDecimal(value)
            #expect(String(buffer: buffer) == String(value))
        }
    }

    @Test func encodedPublishDecodesAsTheServerWouldDeliverIt() throws {
        // The same bytes after "PUB"/"HPUB" form a valid MSG/HMSG once a sid is inserted: check
        // that our header block survives the decoder unchanged.
        var fields = NATSHeaderFields()
        fields.append("Nats-Expected-Last-Subject-Sequence", "41")
        var block = ByteBuffer()
        block.writeHeaderBlock(fields)
        var frame = ByteBuffer()
        frame.writeServerMessage(subject: "s", sid: 3, headers: block, payload: ByteBuffer(string: "p"))
        let message = try #require(try decodeAll(Array(frame.readableBytesView)).first?.message)
        #expect(message.headers?["Nats-Expected-Last-Subject-Sequence"] == "41")
        #expect(block.readableBytes == 53)
    }
}
