import Foundation
import NIOCore
import NIOPosix
import TestSupport
import Testing
import Wire

/// The `NATSServer` fixture against a real nats-server, checked with Wire's decoder and encoders.
@Suite struct NATSServerFixtureTests {
    @Test func serverGreetsWithInfoAndAnswersPing() async throws {
        try await NATSServer.withServer { server in
            let info = try await pingRoundTrip(port: server.port)
            #expect(info.headers)
            #expect(info.jetStream)
            #expect(info.maxPayload > 0)
            #expect(info.proto == 1)
            #expect(!info.authRequired)
            #expect(info.serverName == server.serverName)
            #expect(info.version == server.version.description)
            #expect(server.url == "nats://127.0.0.1:\(server.port)")
        }
    }

    @Test func appendedConfigRequiresToken() async throws {
        let options = NATSServer.Options().appendingConfig(#"authorization { token: "s3cret" }"#)
        try await NATSServer.withServer(options) { server in
            let port = server.port
            try await withTimeout(.seconds(10), "-ERR for a CONNECT without token") {
                try await withRawConnection(port: port) { ops, outbound in
                    let info = try await expectInfo(from: &ops)
                    #expect(info.authRequired)
                    try await outbound.write(connectAndPing(ConnectOptions()))
                    let reply = try await ops.next(isolation: #isolation)
                    guard case .err(let error) = reply else {
                        Issue.record("expected -ERR 'Authorization Violation', got \(String(describing: reply))")
                        return
                    }
                    #expect(error.text.contains("Authorization Violation"))
                }
            }
            // The same server accepts the token.
            _ = try await pingRoundTrip(port: port, ConnectOptions(authToken: "s3cret"))
        }
    }

    @Test func restartKeepsPortAndStore() async throws {
        let directory = try await NATSServer.withServer { server in
            let port = server.port
            _ = try await pingRoundTrip(port: port)

            try await server.restart()
            #expect(server.port == port)
            #expect(server.isRunning)
            _ = try await pingRoundTrip(port: port)

            await server.kill()
            #expect(!server.isRunning)
            try await server.restart()
            #expect(server.port == port)
            _ = try await pingRoundTrip(port: port)
            #expect(FileManager.default.fileExists(atPath: server.storeDirectory))
            return server.directory
        }
        #expect(!FileManager.default.fileExists(atPath: directory), "stop() removes the temporary directory")
    }

    @Test func missingBinaryFailsWithInstallHint() async throws {
        let options = NATSServer.Options(executable: "/nonexistent/nats-server", keepLogsOnFailure: false)
        let error = await #expect(throws: NATSServerError.self) {
            try await NATSServer.withServer(options) { _ in }
        }
        #expect(error?.code == .binaryNotFound)
        #expect(error?.message.contains("scripts/install-deps.sh") == true)
    }
}

// MARK: - A raw client on Wire's codec

/// `CONNECT {…}␍␊PING␍␊`.
private func connectAndPing(_ options: ConnectOptions) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeConnect(options)
    buffer.writePing()
    return buffer
}

/// Connects, checks the greeting, sends CONNECT and PING, and expects PONG.
///
/// - Returns: The server's `INFO`.
private func pingRoundTrip(port: Int, _ options: ConnectOptions = ConnectOptions()) async throws -> ServerInfo {
    try await withTimeout(.seconds(10), "INFO and PONG on port \(port)") {
        try await withRawConnection(port: port) { ops, outbound in
            let info = try await expectInfo(from: &ops)
            try await outbound.write(connectAndPing(options))
            let reply = try await ops.next(isolation: #isolation)
            #expect(reply == .pong)
            return info
        }
    }
}

private struct UnexpectedOp: Error, CustomStringConvertible {
    var description: String
}

/// Reads the first op and requires it to be `INFO`.
private func expectInfo(from ops: inout NIOAsyncChannelInboundStream<ServerOp>.AsyncIterator) async throws -> ServerInfo {
    let first = try await ops.next(isolation: #isolation)
    guard case .info(let info) = first else {
        throw UnexpectedOp(description: "expected INFO first, got \(String(describing: first))")
    }
    return info
}

/// Opens a TCP connection to `127.0.0.1:<port>` whose inbound bytes are decoded by `NATSDecoder`.
private func withRawConnection<T: Sendable>(
    port: Int,
    _ body: (
        _ ops: inout NIOAsyncChannelInboundStream<ServerOp>.AsyncIterator,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> T
) async throws -> T {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NATSDecoder()))
                return try NIOAsyncChannel<ServerOp, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        var ops = inbound.makeAsyncIterator()
        return try await body(&ops, outbound)
    }
}
