import NIOCore
import Pipeline
import TestSupport
import Wire

/// A client configuration for a fixture server, with short timeouts suited to tests.
func testConfiguration(_ server: NATSServer, _ adjust: (inout NATSClientConfiguration) -> Void = { _ in }) throws -> NATSClientConfiguration {
    var configuration = try NATSClientConfiguration(url: server.url)
    configuration.connectTimeout = .seconds(2)
    configuration.reconnectWait = .milliseconds(100)
    configuration.reconnectJitter = .milliseconds(20)
    configuration.maxReconnectWait = .milliseconds(500)
    configuration.requestTimeout = .seconds(5)
    configuration.drainTimeout = .seconds(5)
    adjust(&configuration)
    return configuration
}

/// Runs `body` with a connected client to `server`.
func withClient<T: Sendable>(
    _ server: NATSServer,
    _ adjust: (inout NATSClientConfiguration) -> Void = { _ in },
    _ body: (NATSClient) async throws -> T
) async throws -> T {
    try await NATSClient.withConnection(configuration: try testConfiguration(server, adjust), body)
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
}
