import NIOCore
import Testing
import Wire

@Suite struct NATSDecoderGoldenTests {
    @Test func plainMessage() throws {
        let ops = try decodeAll("MSG orders.new 9 5\r\nhello\r\n")
        let message = try #require(ops.first?.message)
        #expect(ops.count == 1)
        #expect(message.subjectString == "orders.new")
        #expect(message.sid == 9)
        #expect(message.replyTo == nil)
        #expect(message.headers == nil)
        #expect(String(buffer: message.payload) == "hello")
    }

    @Test func messageWithReply() throws {
        let message = try #require(try decodeAll("MSG a.b 1 _INBOX.x.1 2\r\nhi\r\n").first?.message)
        #expect(message.replyToString == "_INBOX.x.1")
        #expect(String(buffer: message.payload) == "hi")
    }

    @Test func zeroBytePayload() throws {
        let message = try #require(try decodeAll("MSG a 1 0\r\n\r\n").first?.message)
        #expect(message.payload.readableBytes == 0)
        #expect(message.status == nil)
    }

    @Test func payloadContainingAFrameIsNotScanned() throws {
        let payload = "\r\nMSG x 1 3\r\n"
        let ops = try decodeAll("MSG foo 1 \(payload.utf8.count)\r\n\(payload)\r\nPING\r\n")
        #expect(ops.count == 2)
        #expect(String(buffer: try #require(ops[0].message).payload) == payload)
        #expect(ops[1] == .ping)
    }

    @Test func referenceHeaderMessage() throws {
        let ops = try decodeAll("HMSG FOO.BAR 9 BAZ.69 34 45\r\nNATS/1.0\r\nFoodGroup: vegetable\r\n\r\nHello World\r\n")
        let message = try #require(ops.first?.message)
        #expect(message.subjectString == "FOO.BAR")
        #expect(message.sid == 9)
        #expect(message.replyToString == "BAZ.69")
        #expect(message.headers?["foodgroup"] == "vegetable")
        #expect(message.headers?.status == nil)
        #expect(String(buffer: message.payload) == "Hello World")
    }

    @Test func headerOnlyStatusMessage() throws {
        let message = try #require(try decodeAll("HMSG _INBOX.k3.7 4 28 28\r\nNATS/1.0 404 No Messages\r\n\r\n\r\n").first?.message)
        #expect(message.payload.readableBytes == 0)
        #expect(message.status?.code == 404)
        #expect(message.status?.text == "No Messages")
    }

    @Test func noRespondersBefore212() throws {
        let message = try #require(try decodeAll("HMSG _INBOX.a.1 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n").first?.message)
        #expect(message.status?.code == NATSStatus.noResponders)
        #expect(message.status?.text == "")
    }

    @Test func noRespondersFrom212WithSubjectHeader() throws {
        let block = "NATS/1.0 503\r\nNats-Subject: person.commands.create\r\n\r\n"
        let n = block.utf8.count
        let message = try #require(try decodeAll("HMSG _INBOX.a.1 1 \(n) \(n)\r\n\(block)\r\n").first?.message)
        #expect(message.status?.code == NATSStatus.noResponders)
        #expect(message.headers?["Nats-Subject"] == "person.commands.create")
    }

    @Test func statusWithPayloadIsNotAStatusMessage() throws {
        let message = try #require(try decodeAll("HMSG a 1 16 18\r\nNATS/1.0 503\r\n\r\nok\r\n").first?.message)
        #expect(message.headers?.status?.code == 503)
        #expect(message.status == nil)
    }

    @Test func tabsAndDoubleSpaces() throws {
        let message = try #require(try decodeAll("MSG\tfoo  7 \t bar  5\r\nhello\r\n").first?.message)
        #expect(message.subjectString == "foo")
        #expect(message.sid == 7)
        #expect(message.replyToString == "bar")
        #expect(String(buffer: message.payload) == "hello")
    }

    @Test func lowercaseAndMixedCaseOps() throws {
        let ops = try decodeAll("msg foo 1 2\r\nhi\r\nhMsG foo 2 12 12\r\nNATS/1.0\r\n\r\n\r\nping\r\nPoNg\r\n+ok\r\n-err 'Stale Connection'\r\ninfo {}\r\n")
        #expect(ops.count == 7)
        #expect(ops[0].message?.sid == 1)
        #expect(ops[1].message?.sid == 2)
        #expect(ops[1].message?.headers?.isEmpty == true)
        #expect(ops[2] == .ping)
        #expect(ops[3] == .pong)
        #expect(ops[4] == .ok)
        #expect(ops[5] == .err(ServerError(text: "Stale Connection")))
        if case .info = ops[6] {} else { Issue.record("expected INFO, got \(ops[6])") }
    }

    @Test func errTextIsUnquoted() throws {
        let ops = try decodeAll("-ERR 'Permissions Violation for Publish to \"x\"'\r\n-ERR unquoted text\r\n")
        #expect(ops == [.err(ServerError(text: "Permissions Violation for Publish to \"x\"")), .err(ServerError(text: "unquoted text"))])
    }

    @Test func infoOver4KiB() throws {
        let urls = (0..<400).map { "\"10.0.\($0 / 250).\($0 % 250):4222\"" }.joined(separator: ",")
        let line = "INFO {\"server_id\":\"NABC\",\"version\":\"2.15.1\",\"proto\":1,\"headers\":true,\"max_payload\":1048576,\"connect_urls\":[\(urls)]}\r\n"
        #expect(line.utf8.count > 4096)
        guard case .info(let info) = try #require(try decodeAll(line).first) else {
            Issue.record("expected INFO")
            return
        }
        #expect(info.connectURLs.count == 400)
        #expect(info.version == "2.15.1")
        #expect(info.maxPayload == 1_048_576)
    }

    @Test func bareLFEndsAControlLine() throws {
        #expect(try decodeAll("PING\nMSG a 1 1\nx\r\n") == [.ping, try #require(try decodeAll("MSG a 1 1\r\nx\r\n").first)])
    }

    @Test func infoMaxPayloadBecomesTheLimit() throws {
        let text = "INFO {\"max_payload\":8}\r\nMSG a 1 9\r\n123456789\r\n"
        #expect(decodeError(text) == .payloadTooLarge)
        var limits = NATSDecoderLimits()
        limits.adoptsServerMaxPayload = false
        #expect(try decodeAll(text, limits: limits).count == 2)
    }

    @Test func incompleteFrameConsumesNothing() throws {
        var decoder = NATSDecoder()
        var buffer = ByteBuffer(string: "MSG a 1 5\r\nhel")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readerIndex == 0)
        buffer.writeString("lo\r\nPI")
        let op = try decoder.decode(buffer: &buffer)
        #expect(op?.message.map { String(buffer: $0.payload) } == "hello")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 2)
        buffer.writeString("NG\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .ping)
    }

    @Test func slicesShareTheReceiveBuffer() throws {
        var decoder = NATSDecoder()
        var buffer = ByteBuffer(string: "MSG subj 1 reply 4\r\nbody\r\n")
        let message = try #require(try decoder.decode(buffer: &buffer)?.message)
        let bases = [message.subject, message.replyTo!, message.payload].map { slice in
            slice.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        }
        let origin = buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } - UInt(buffer.readerIndex)
        #expect(bases == [origin + 4, origin + 11, origin + 20])
    }
}
