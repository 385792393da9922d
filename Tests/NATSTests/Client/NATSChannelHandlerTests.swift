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

    @Test func aProtocolErrorClosesTheConnection() throws {
        let harness = try Harness()
        try harness.handshake()
        _ = try? harness.channel.writeInbound(ByteBuffer(string: "BOGUS\r\n"))
        harness.loop.run()
        #expect(!harness.channel.isActive)
        #expect(!harness.client.isConnected)
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
