import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOPosix
import NATS
import Synchronization
import TestSupport
import Testing
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
    try await withClient(configuration: try testConfiguration(server, adjust), body)
}

/// `withClient(_:_:_:)` for a configuration made elsewhere (from the environment, or one value
/// shared by several clients), on `eventLoopGroup`.
func withClient<T: Sendable>(
    configuration: NATSClientConfiguration,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    _ body: (NATSClient) async throws -> T
) async throws -> T {
    let client = try NATSClient(configuration: configuration, eventLoopGroup: eventLoopGroup)
    let servers = configuration.servers.map(\.description).joined(separator: ",")
    let phase = Phase()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        group.addTask {
            try await Task.sleep(for: .seconds(30))
            FileHandle.standardError.write(Data("WATCHDOG \(servers) phase=\(phase.value): \(client.debugState)\n".utf8))
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

/// Answers requests on `subject` with "re: <payload>" from `responder` while `body` runs; the
/// responder's subscription is registered with the server before `body` starts.
func withEchoResponder<T: Sendable>(
    _ responder: NATSClient,
    on subject: String,
    _ body: () async throws -> T
) async throws -> T {
    let service = try await responder.subscribe(to: subject)
    try await responder.flush()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            for try await request in service {
                guard let reply = request.replyToString else { continue }
                try await responder.publish(ByteBuffer(string: "re: " + request.payload.text), to: reply)
            }
        }
        do {
            let result = try await body()
            try await service.unsubscribe()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()  // ends the responder's wait for the next request
            throw error
        }
    }
}

/// One request/reply round trip through a responder on the same client: proves the connection
/// carries traffic both ways (and, under TLS or auth, that it was accepted).
func expectRoundTrip(_ client: NATSClient, subject: String = "round.trip") async throws {
    let reply = try await withEchoResponder(client, on: subject) {
        try await client.request(ByteBuffer(string: "ping"), to: subject, timeout: .seconds(5))
    }
    #expect(reply.payload.text == "re: ping")
}

/// The server's `/connz` monitoring page (the fixture must run with `monitoring: true`): one
/// dictionary per client connection, as the server describes it (`name`, `tls_version`, …).
func serverConnections(_ server: NATSServer) async throws -> [[String: Any]] {
    let base = try #require(server.monitoringURL, "the fixture runs without monitoring")
    let url = try #require(URL(string: base + "/connz"))
    let (data, response) = try await URLSession.shared.data(from: url)
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return page["connections"] as? [[String: Any]] ?? []
}

/// A flag one task sets and another reads.
final class TestFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
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

/// The reason `eventually` gave up.
struct ConditionNotMet: Error, CustomStringConvertible {
    var description: String
}

/// Waits until `condition` holds, checking it every 20 ms (for state that announces no event of
/// its own, such as a cluster's gossip or a read gate); throws if it still does not hold after
/// `timeout` (10 s), so a test never goes on from a premise that is false, nor waits for ever.
func eventually(_ what: String, within timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else {
            throw ConditionNotMet(description: "timed out waiting until \(what)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
