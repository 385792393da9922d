import MetricsTestKit
import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct NATSClientResilienceTests {
    @Test func reconnectsAfterServerRestartAndResubscribes() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let subscription = try await client.subscribe(to: "after.restart")
                try await client.flush()
                var events = client.connectionEvents.makeAsyncIterator()
                #expect(await events.next() == .connected(server: "nats://127.0.0.1:\(server.port)"))

                try await server.restart()
                var sawDisconnect = false
                while let event = await events.next() {
                    if case .disconnected = event { sawDisconnect = true }
                    if case .reconnected = event { break }
                }
                #expect(sawDisconnect)
                try await client.publish(ByteBuffer(string: "again"), to: "after.restart")
                var iterator = subscription.makeAsyncIterator()
                #expect(try await iterator.next()?.payload.text == "again")
            }
        }
    }

    @Test func publishesWhileDisconnectedAreBufferedAndDelivered() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                // One client both listens and publishes: after the reconnect its SUBs go out before
                // the buffered publishes, so every one of them must come back.
                let subscription = try await client.subscribe(to: "buffered.>")
                try await client.flush()
                var events = client.connectionEvents.makeAsyncIterator()
                await server.kill()
                while let event = await events.next() {
                    if case .disconnected = event { break }
                }
                for i in 0..<100 {
                    try await client.publish(ByteBuffer(string: "\(i)"), to: "buffered.\(i)")
                }
                try await server.restart()
                try await client.flush(timeout: .seconds(10))
                let received = try await withTimeout(.seconds(10), "100 buffered messages") {
                    var received: [String] = []
                    for try await message in subscription {
                        received.append(message.payload.text)
                        if received.count == 100 { break }
                    }
                    return received
                }
                #expect(received == (0..<100).map { "\($0)" })
            }
        }
    }

    @Test func reconnectBufferOverflowIsAnError() async throws {
        try await NATSServer.withServer { server in
            let configuration = try testConfiguration(server) {
                $0.reconnectBufferBytes = 4096
                $0.reconnectWait = .seconds(5)
            }
            try await NATSClient.withConnection(configuration: configuration) { client in
                await server.kill()
                var events = client.connectionEvents.makeAsyncIterator()
                while let event = await events.next() {
                    if case .disconnected = event { break }
                }
                var failure: NATSClientError?
                for _ in 0..<100 {
                    do {
                        try await client.publish(ByteBuffer(repeating: 1, count: 100), to: "overflow")
                    } catch let error as NATSClientError {
                        failure = error
                        break
                    }
                }
                #expect(failure?.code == .reconnectBufferFull)
                client.close()
            }
        }
    }

    @Test func slowConsumerBackPressureLosesNothingAndStaysBounded() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let limits = SubscriptionLimits(maxMessages: 64, maxBytes: 1 << 20)
                let subscription = try await client.subscribe(to: "firehose", limits: limits)
                try await client.flush()
                let count = 5_000
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await NATSClient.withConnection(configuration: try testConfiguration(server)) { publisher in
                            for i in 0..<count {
                                var payload = ByteBuffer()
                                payload.writeDecimal(i)
                                payload.writeRepeatingByte(UInt8(ascii: "."), count: 100)
                                try await publisher.publish(payload, to: "firehose")
                            }
                            try await publisher.flush()
                        }
                    }
                    var next = 0
                    var maxPending = 0
                    for try await message in subscription {
                        let number = Int(message.payload.text.prefix { $0 != "." })
                        #expect(number == next)
                        next += 1
                        maxPending = max(maxPending, subscription.pendingMessages)
                        if next % 500 == 0 { try await Task.sleep(for: .milliseconds(20)) }
                        if next == count { break }
                    }
                    #expect(next == count)
                    #expect(subscription.droppedMessages == 0)
                    // Bounded: the limit plus at most what one socket read (≤ 64 KiB, ~500 of these
                    // messages) carried when the buffer filled.
                    #expect(maxPending < 64 + 1_000)
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test func dropPolicyCountsAndReports() async throws {
        try await NATSServer.withServer { server in
            let metrics = TestMetrics()
            let client = try NATSClient(configuration: try testConfiguration(server), metricsFactory: metrics)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                try await client.waitUntilConnected()
                let limits = SubscriptionLimits(maxMessages: 10, maxBytes: 1 << 20, overflow: .dropNewest)
                let subscription = try await client.subscribe(to: "lossy", limits: limits)
                try await client.flush()
                for _ in 0..<100 { try await client.publish(ByteBuffer(string: "x"), to: "lossy") }
                try await client.flush()
                #expect(subscription.pendingMessages == 10)
                #expect(subscription.droppedMessages == 90)
                let counter = try metrics.expectCounter("nats_client_dropped_messages_total", [("client", "nats")])
                #expect(counter.totalValue == 90)
                var events = client.connectionEvents.makeAsyncIterator()
                while let event = await events.next() {
                    if case .slowConsumer(let sid, let dropped) = event {
                        #expect(sid == subscription.sid)
                        #expect(dropped >= 1)
                        break
                    }
                }
                try await subscription.unsubscribe()
                try await client.drain()
                try await group.waitForAll()
            }
        }
    }

    @Test func drainDeliversWhatArrivedThenEnds() async throws {
        try await NATSServer.withServer { server in
            let client = try NATSClient(configuration: try testConfiguration(server))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                try await client.waitUntilConnected()
                let subscription = try await client.subscribe(to: "drain.me")
                try await client.flush()
                for i in 0..<500 { try await client.publish(ByteBuffer(string: "\(i)"), to: "drain.me") }
                try await client.flush()
                group.addTask { try await client.drain() }
                var received = 0
                for try await _ in subscription { received += 1 }
                #expect(received == 500)
                try await group.waitForAll()
                let error = await #expect(throws: NATSClientError.self) {
                    try await client.publish(ByteBuffer(string: "late"), to: "drain.me")
                }
                #expect(error?.code == .connectionClosed)
            }
        }
    }
}
