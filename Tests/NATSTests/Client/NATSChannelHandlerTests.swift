import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Testing
import Wire

@testable import NATS

/// The channel handler on an `EmbeddedChannel`, with a client whose event loop is the embedded
/// one: bytes in, ops to the client, frames out, and reads gated by full subscriptions.
@Suite struct NATSChannelHandlerTests {
    /// Counts the `read()` calls that reach the head of the pipeline (the socket).
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    struct Harness {
        let loop: EmbeddedEventLoop
        let channel: EmbeddedChannel
        let client: NATSClient
        let counter: ReadCounter

        init(adjust: (inout NATSClientConfiguration) -> Void = { _ in }) throws {
            loop = EmbeddedEventLoop()
            var configuration = try NATSClientConfiguration(url: "nats://127.0.0.1:4222")
            configuration.name = "handler-test"
            adjust(&configuration)
            client = try NATSClient(configuration: configuration, eventLoopGroup: loop)
            // Start the state machine without opening a socket: attempt 1 is this channel.
            _ = client.core.withLock { $0.machine.start() }
            counter = ReadCounter()
            channel = EmbeddedChannel(handlers: [counter, NATSChannelHandler(client: client, generation: 1)], loop: loop)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4222)).wait()
        }

        func send(_ text: String) throws {
            try channel.writeInbound(ByteBuffer(string: text))
            loop.run()
        }

        func written() throws -> String {
            loop.run()
            var text = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text
        }

        func handshake() throws {
            try send("INFO {\"server_id\":\"S\",\"version\":\"2.15.1\",\"proto\":1,\"headers\":true,\"max_payload\":1048576}\r\n")
            let connect = try written()
            #expect(connect.hasPrefix("CONNECT {"))
            #expect(connect.hasSuffix("PING\r\n"))
            try send("PONG\r\n")
            #expect(client.isConnected)
        }
    }

    @Test func handshakeAndServerPing() throws {
        let harness = try Harness()
        try harness.handshake()
        try harness.send("PING\r\n")
        #expect(try harness.written() == "PONG\r\n")
    }

    @Test func deliveriesReachTheSubscription() async throws {
        let harness = try Harness()
        try harness.handshake()
        let subscription = try await harness.client.subscribe(to: "a.>")
        #expect(try harness.written() == "SUB a.> 1\r\n")
        try harness.send("MSG a.b 1 5\r\nhello\r\nHMSG a.c 1 r 22 24\r\nNATS/1.0\r\nK: value\r\n\r\nhi\r\n")
        var iterator = subscription.makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(first.subjectString == "a.b")
        #expect(String(buffer: first.payload) == "hello")
        let second = try #require(try await iterator.next())
        #expect(second.headers?["k"] == "value")
        #expect(second.replyToString == "r")
    }

    /// The handler keeps the start of a frame that a later read completes: the same stream fed
    /// one byte per read gives the same deliveries, in order, and the ping in it is answered.
    @Test func framesSplitAcrossReadsAreJoined() async throws {
        let harness = try Harness()
        try harness.handshake()
        let subscription = try await harness.client.subscribe(to: "a.>")
        _ = try harness.written()
        let stream = "MSG a.b 1 5\r\nhello\r\nHMSG a.c 1 r 22 24\r\nNATS/1.0\r\nK: value\r\n\r\nhi\r\nPING\r\nMSG a.d 1 0\r\n\r\n"
        for byte in stream.utf8 { try harness.channel.writeInbound(ByteBuffer(bytes: [byte])) }
        harness.loop.run()
        #expect(try harness.written() == "PONG\r\n")
        var iterator = subscription.makeAsyncIterator()
        var received: [String] = []
        for _ in 0..<3 {
            let message = try #require(try await iterator.next())
            received.append("\(message.subjectString)=\(String(buffer: message.payload))")
        }
        #expect(received == ["a.b=hello", "a.c=hi", "a.d="])
    }

    @Test func readsStopWhileASubscriptionIsFullAndResumeWhenItDrains() async throws {
        let harness = try Harness()
        try harness.handshake()
        let subscription = try await harness.client.subscribe(to: "x", limits: SubscriptionLimits(maxMessages: 2, maxBytes: 1 << 20))
        _ = try harness.written()
        let before = harness.counter.reads
        harness.channel.read()
        #expect(harness.counter.reads == before + 1)
        try harness.send("MSG x 1 1\r\na\r\nMSG x 1 1\r\nb\r\nMSG x 1 1\r\nc\r\n")
        harness.channel.read()
        #expect(harness.counter.reads == before + 1, "no read while the buffer is full")
        var iterator = subscription.makeAsyncIterator()
        _ = try await iterator.next()  // takes the batch: the buffer drains, reading resumes
        harness.loop.run()
        #expect(harness.counter.reads == before + 2, "the pending read went out")
    }

    /// Bytes that break the protocol, each with the decoder error it must produce.
    static let malformed: [(String, NATSProtocolError.Code)] = [
        ("BOGUS\r\n", .unknownOperation),
        ("MSG a 1 -5\r\n", .invalidInteger),
        ("MSG a\r\n", .invalidArguments),
        ("MSG a 1 3\r\nabcXY", .missingPayloadTerminator),
        ("HMSG a 1 20 10\r\n", .headerLengthExceedsTotal),
        ("HMSG a 1 22 22\r\nNATS/1.0\r\nno colon\r\n\r\n\r\n", .invalidHeaderBlock),
        ("INFO [1,2]\r\n", .invalidInfo),
    ]

    /// A frame that breaks the protocol closes the connection, and the disconnect says why: a
    /// `.protocolError` whose `underlying` is the decoder's own error, with the code this input
    /// must produce. Any other outcome (another code, another error, no disconnect) fails.
    @Test(arguments: malformed)
    func aProtocolErrorClosesTheConnectionWithItsCause(_ input: String, _ expected: NATSProtocolError.Code) async throws {
        let harness = try Harness()
        var events = harness.client.connectionEvents.makeAsyncIterator()
        try harness.handshake()
        #expect(await events.next() == .connected(server: "nats://127.0.0.1:4222"))
        try harness.send(input)
        #expect(!harness.channel.isActive)
        #expect(!harness.client.isConnected)
        guard case .disconnected(let reason)? = await events.next() else {
            Issue.record("expected a disconnect after \(input.debugDescription)")
            return
        }
        #expect(reason.code == .protocolError)
        let cause = reason.underlying as? NATSProtocolError
        #expect(cause?.code == expected, "\(input.debugDescription): \(reason)")
        harness.client.close()
    }

    @Test func publishesAreCoalescedIntoOneWritePerLoopTurn() async throws {
        let harness = try Harness()
        try harness.handshake()
        for i in 0..<3 { try await harness.client.publish(ByteBuffer(string: "\(i)"), to: "p") }
        #expect(try harness.channel.readOutbound(as: ByteBuffer.self) == nil, "nothing is written before the loop turns")
        harness.loop.run()
        let first = try #require(try harness.channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: first) == "PUB p 1\r\n0\r\nPUB p 1\r\n1\r\nPUB p 1\r\n2\r\n")
        #expect(try harness.channel.readOutbound(as: ByteBuffer.self) == nil)
    }
}
