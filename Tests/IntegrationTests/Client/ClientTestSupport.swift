import Foundation
import NIOCore
import NATS
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

/// Runs `body` with a connected client to `server`, then drains it. A watchdog describes the
/// client on standard error and closes it if the test takes longer than 30 s: waiting calls then
/// fail, so a bug shows as a failed test that says where it stood, never as a hung run.
func withClient<T: Sendable>(
    _ server: NATSServer,
    _ adjust: (inout NATSClientConfiguration) -> Void = { _ in },
    _ body: (NATSClient) async throws -> T
) async throws -> T {
    let client = try NATSClient(configuration: try testConfiguration(server, adjust))
    let phase = Phase()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        group.addTask {
            try await Task.sleep(for: .seconds(30))
            FileHandle.standardError.write(Data("WATCHDOG \(server.url) phase=\(phase.value): \(client.debugState)\n".utf8))
            client.close()
        }
        do {
            phase.value = "connecting"
            try await client.waitUntilConnected()
            phase.value = "body"
            let result = try await body(client)
            phase.value = "draining"
            try await client.drain()
            phase.value = "waiting for run()"
            try await group.next()
            group.cancelAll()
            return result
        } catch {
            client.close()
            group.cancelAll()
            throw error
        }
    }
}

final class Phase: @unchecked Sendable {
    // Written by one task, read by the watchdog for a diagnostic line only.
    private let lock = NSLock()
    private var _value = "start"
    var value: String {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
}
