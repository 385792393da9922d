import NATS
import Synchronization
import TestSupport
import Testing

/// `run()` ends when its task is cancelled (a service group cancels its services when one of them
/// fails): the client closes instead of waiting forever for a shutdown signal.
@Suite struct NATSClientRunCancellationTests {
    @Test func cancellingRunClosesTheClientAndReturns() async throws {
        try await NATSServer.withServer { server in
            let client = try NATSClient(configuration: try NATSClientConfiguration(url: server.url))
            let running = Task { try await client.run() }
            try await client.waitUntilConnected(timeout: .seconds(10))
            running.cancel()
            let flag = Flag()
            let ended = Task {
                _ = await running.result
                flag.value.store(true, ordering: .sequentiallyConsistent)
            }
            // Bounded wait: the run task must end well within 10 s.
            let deadline = ContinuousClock.now + .seconds(10)
            var finished = false
            while ContinuousClock.now < deadline {
                if flag.value.load(ordering: .sequentiallyConsistent) {
                    finished = true
                    break
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            if finished { await ended.value }
            #expect(finished, "run() did not return within 10 s of being cancelled")
            #expect(!client.isConnected)
        }
    }
}

private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
}
