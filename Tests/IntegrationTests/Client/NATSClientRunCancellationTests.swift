import NATS
import TestSupport
import Testing

/// `run()` ends when its task is cancelled (a service group cancels its services when one of them
/// fails): the client closes instead of waiting forever for a shutdown signal.
@Suite struct NATSClientRunCancellationTests {
    @Test func cancellingRunClosesTheClientAndReturns() async throws {
        try await NATSServer.withServer { server in
            let client = try NATSClient(configuration: try NATSClientConfiguration(url: server.url))
            let (ended, endedSink) = AsyncStream.makeStream(of: Void.self)
            let running = Task {
                defer { endedSink.finish() }
                try await client.run()
            }
            try await client.waitUntilConnected(timeout: .seconds(10))
            running.cancel()
            // Woken when run() returns; the timeout only bounds a broken client.
            try await withTimeout(.seconds(10), "run() to return after its task was cancelled") {
                for await _ in ended {}
            }
            _ = await running.result
            #expect(!client.isConnected)
        }
    }
}
