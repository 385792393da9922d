import NIOCore
import NIOPosix
import NATS
import Testing
import Wire

@Suite struct NATSClientStaleTests {
    /// A peer that completes the handshake and then stops answering PINGs: the client declares the
    /// connection stale after `maxPingsOutstanding` unanswered PINGs and reconnects.
    @Test func unansweredPingsMakeTheConnectionStale() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SilentAfterHandshake()) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        var configuration = try NATSClientConfiguration(url: "nats://127.0.0.1:\(port)")
        configuration.pingInterval = .milliseconds(100)
        configuration.maxPingsOutstanding = 2
        configuration.reconnectWait = .milliseconds(50)
        configuration.reconnectJitter = .zero
        // No flush here: the peer answers only the handshake's PING, so a flush would race the
        // keepalive timer for nothing. The test follows the client's own events.
        let client = try NATSClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            var events = client.connectionEvents.makeAsyncIterator()
            var connected = false
            var stale: NATSClientError?
            while let event = await events.next() {
                if case .connected = event { connected = true }
                if case .disconnected(let reason) = event {
                    stale = reason
                    break
                }
            }
            #expect(connected)
            #expect(stale?.code == .staleConnection)
            var reconnected = false
            while let event = await events.next() {
                if case .reconnected = event {
                    reconnected = true
                    break
                }
            }
            #expect(reconnected)
            client.close()
            try await group.waitForAll()
        }
    }
}

/// Sends INFO, answers the handshake's PING, then ignores everything.
private final class SilentAfterHandshake: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var answered = 0

    func channelActive(context: ChannelHandlerContext) {
        let info = ByteBuffer(string: "INFO {\"server_id\":\"SILENT\",\"version\":\"2.15.1\",\"proto\":1,\"headers\":true,\"max_payload\":1048576}\r\n")
        context.writeAndFlush(wrapOutboundOut(info), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = String(buffer: unwrapInboundIn(data))
        for _ in text.split(separator: "\r\n").filter({ $0 == "PING" }) where answered < 1 {
            answered += 1
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "PONG\r\n")), promise: nil)
        }
    }
}
