import Logging
import NIOCore
import NATS
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import TestSupport
import Testing
import Wire

@Suite struct NATSClientServiceTests {
    /// A graceful shutdown (SIGTERM in a ServiceGroup) drains the client: messages already received
    /// are still delivered, the subscription then ends, and `run()` returns without an error.
    @Test func gracefulShutdownDrains() async throws {
        try await NATSServer.withServer { server in
            let client = try NATSClient(configuration: try testConfiguration(server))
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await client.run() }
                    try await client.waitUntilConnected()
                    let subscription = try await client.subscribe(to: "shutdown.test")
                    try await client.flush()
                    for i in 0..<200 { try await client.publish(ByteBuffer(string: "\(i)"), to: "shutdown.test") }
                    try await client.flush()
                    trigger.triggerGracefulShutdown()
                    var received = 0
                    for try await _ in subscription { received += 1 }
                    #expect(received == 200)
                    try await group.waitForAll()
                    #expect(!client.isConnected)
                }
            }
        }
    }

    /// A graceful shutdown whose drain cannot finish (messages nobody consumes, a short drain
    /// timeout): `run()` logs the failure as an error and rethrows it, and the client is closed.
    @Test func gracefulShutdownLogsAndRethrowsAFailedDrain() async throws {
        try await NATSServer.withServer { server in
            let records = CapturedLogs()
            let logger = Logger(label: "nats.client.test") { label in CapturingLogHandler(label: label, records: records) }
            let configuration = try testConfiguration(server) { $0.drainTimeout = .milliseconds(200) }
            let client = try NATSClient(configuration: configuration, logger: logger)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await client.run() }
                    try await client.waitUntilConnected()
                    let subscription = try await client.subscribe(to: "shutdown.unconsumed")
                    try await client.flush()
                    for i in 0..<3 { try await client.publish(ByteBuffer(string: "\(i)"), to: "shutdown.unconsumed") }
                    try await client.flush()
                    #expect(subscription.pendingMessages == 3)
                    trigger.triggerGracefulShutdown()

                    let error = await #expect(throws: NATSClientError.self) { try await group.next() }
                    #expect(error?.code == .drainIncomplete)
                    #expect(!client.isConnected)
                    let logged = records.all.filter { $0.message == "graceful shutdown: the drain did not complete" }
                    #expect(logged.count == 1)
                    #expect(logged.first?.level == .error)
                    #expect(logged.first?.error?.contains("drainIncomplete") == true, "\(logged)")
                }
            }
        }
    }
}

/// Log records kept for a test to inspect.
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        /// The `error` metadata value, as logged.
        var error: String?
    }

    private let records = Mutex<[Record]>([])

    func append(_ record: Record) { records.withLock { $0.append(record) } }
    var all: [Record] { records.withLock { $0 } }
}

/// A log handler that records every message into `CapturedLogs`.
struct CapturingLogHandler: LogHandler {
    let label: String
    let records: CapturedLogs
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let error = event.metadata?["error"] ?? metadata["error"]
        records.append(.init(level: event.level, message: "\(event.message)", error: error.map { "\($0)" }))
    }
}
