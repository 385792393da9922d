import NIOCore
import NATS
import TestSupport
import Testing
import Wire

/// `drain()`: a clean drain returns; one that cannot finish cleanly closes the client all the same
/// and throws `.drainIncomplete` saying what was left; a second drain waits for the first.
@Suite struct NATSClientDrainTests {
    /// Messages nobody takes from a (back-pressure policy) subscription keep the drain waiting
    /// until `drainTimeout`; then it closes the client and names what was left.
    @Test func messagesLeftUnconsumedAtTheDeadlineMakeTheDrainIncomplete() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server, { $0.drainTimeout = .milliseconds(200) }) { client in
                // Back-pressure policy, room for more: the socket stays readable, nothing is dropped.
                let limits = SubscriptionLimits(maxMessages: 16, maxBytes: 1 << 20, overflow: .backPressure)
                let subscription = try await client.subscribe(to: "never.consumed", limits: limits)
                try await client.flush()
                for i in 0..<3 { try await client.publish(ByteBuffer(string: "\(i)"), to: "never.consumed") }
                try await client.flush()
                #expect(subscription.pendingMessages == 3)

                let error = await #expect(throws: NATSClientError.self) { try await client.drain() }
                #expect(error?.code == .drainIncomplete)
                #expect(
                    error?.detail.contains("1 subscriptions with messages not yet consumed") == true,
                    "\(String(describing: error))"
                )
                #expect(!client.isConnected)
                // Closed all the same: publishing is refused.
                let late = await #expect(throws: NATSClientError.self) {
                    try await client.publish(ByteBuffer(string: "late"), to: "never.consumed")
                }
                #expect(late?.code == .connectionClosed)
                // What the detail named is really there: the three messages, then the end.
                var received: [String] = []
                for try await message in subscription { received.append(message.payload.text) }
                #expect(received == ["0", "1", "2"])
            }
        }
    }

    /// A publish made while the server is gone waits in the reconnect buffer; a drain then closes
    /// the client without sending it, and says how many bytes were lost.
    @Test func publishesStillInTheReconnectBufferMakeTheDrainIncomplete() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                var events = client.connectionEvents.makeAsyncIterator()
                await server.kill()
                while let event = await events.next() {
                    if case .disconnected = event { break }
                }
                try await client.publish(ByteBuffer(string: "stranded"), to: "offline.subject")
                let frameBytes = "PUB offline.subject 8\r\nstranded\r\n".utf8.count

                let error = await #expect(throws: NATSClientError.self) { try await client.drain() }
                #expect(error?.code == .drainIncomplete)
                #expect(
                    error?.detail.contains("\(frameBytes) bytes of publishes were never sent") == true,
                    "\(String(describing: error))"
                )
                #expect(!client.isConnected)
            }
        }
    }

    /// Everything consumed, the last publish made just before the drain: the drain sends it,
    /// closes, and does not throw; `run()` then returns without an error.
    @Test func aCleanDrainSendsWhatIsQueuedAndDoesNotThrow() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { observer in
                let outbox = try await observer.subscribe(to: "clean.out")
                try await observer.flush()

                let client = try NATSClient(configuration: try testConfiguration(server))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await client.run() }
                    try await client.waitUntilConnected()
                    let subscription = try await client.subscribe(to: "clean.in")
                    try await client.flush()
                    for i in 0..<5 { try await client.publish(ByteBuffer(string: "\(i)"), to: "clean.in") }
                    var iterator = subscription.makeAsyncIterator()
                    for i in 0..<5 { #expect(try await iterator.next()?.payload.text == "\(i)") }
                    try await client.publish(ByteBuffer(string: "last words"), to: "clean.out")

                    try await client.drain()

                    #expect(!client.isConnected)
                    #expect(try await iterator.next() == nil)
                    try await group.waitForAll()
                }
                var received = outbox.makeAsyncIterator()
                #expect(try await received.next()?.payload.text == "last words")
            }
        }
    }

    /// Two drains at once: the first waits for a pending request; the second waits for the first
    /// and returns only once the client is closed. Neither throws.
    @Test func aSecondDrainWaitsForTheFirstAndReturnsWhenTheClientIsClosed() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { responder in
                let service = try await responder.subscribe(to: "slow.service")
                try await responder.flush()
                var requests = service.makeAsyncIterator()

                let client = try NATSClient(configuration: try testConfiguration(server) { $0.drainTimeout = .seconds(20) })
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await client.run() }
                    try await client.waitUntilConnected()
                    group.addTask {
                        let reply = try await client.request(ByteBuffer(string: "q"), to: "slow.service", timeout: .seconds(20))
                        #expect(reply.payload.text == "answered")
                    }
                    // The request reached the responder: until it is answered, a drain has work left.
                    let request = try #require(try await requests.next())
                    let returnedWhileOpen = TestFlag()
                    for _ in 0..<2 {
                        group.addTask {
                            try await client.drain()
                            // Closed, not merely draining (a draining client says `.draining`).
                            do {
                                try await client.publish(ByteBuffer(string: "after"), to: "slow.after")
                                returnedWhileOpen.set()
                            } catch let error as NATSClientError where error.code == .connectionClosed {
                            } catch {
                                returnedWhileOpen.set()
                            }
                        }
                    }
                    // Both drains are running; the client cannot close before the reply below.
                    try await eventually("two drains are in progress") { client.drainCallsInProgress == 2 }
                    #expect(client.isConnected)
                    try await responder.publish(ByteBuffer(string: "answered"), to: try #require(request.replyToString))
                    try await group.waitForAll()
                    #expect(!returnedWhileOpen.isSet, "a drain returned before the client was closed")
                    #expect(client.drainCallsInProgress == 0)
                    #expect(!client.isConnected)
                }
                try await service.unsubscribe()
            }
        }
    }
}
