import NIOCore
import NATS
import ServiceLifecycle
import ServiceLifecycleTestKit
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
}
