import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct NATSClientPubSubTests {
    @Test func publishAndSubscribeWithHeaders() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let subscription = try await client.subscribe(to: "person.commands.>")
                try await client.flush()
                var headers = NATSHeaderFields()
                headers.append("Nats-Msg-Id", "m-1")
                headers.append("X-Trace", "a")
                headers.append("X-Trace", "b")
                try await client.publish(ByteBuffer(string: "hello"), to: "person.commands.create", replyTo: "reply.here", headers: headers)
                try await client.publish(ByteBuffer(), to: "person.commands.empty")
                var iterator = subscription.makeAsyncIterator()
                let first = try #require(try await iterator.next())
                #expect(first.subjectString == "person.commands.create")
                #expect(first.replyToString == "reply.here")
                #expect(first.payload.text == "hello")
                #expect(first.headers?["nats-msg-id"] == "m-1")
                #expect(first.headers?.values(forName: "X-Trace") == ["a", "b"])
                let second = try #require(try await iterator.next())
                #expect(second.payload.readableBytes == 0)
                #expect(second.headers == nil)
            }
        }
    }

    @Test func manyMessagesArriveInOrder() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let subscription = try await client.subscribe(to: "load.test")
                try await client.flush()
                let count = 20_000
                for i in 0..<count {
                    var payload = ByteBuffer()
                    payload.writeDecimal(i)
                    try await client.publish(payload, to: "load.test")
                }
                var expected = 0
                for try await message in subscription {
                    #expect(Int(message.payload.text) == expected)
                    expected += 1
                    if expected == count { break }
                }
                #expect(expected == count)
            }
        }
    }

    @Test func queueGroupSplitsMessages() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let a = try await client.subscribe(to: "work", queueGroup: "workers")
                let b = try await client.subscribe(to: "work", queueGroup: "workers")
                try await client.flush()
                for i in 0..<200 { try await client.publish(ByteBuffer(string: "\(i)"), to: "work") }
                // The server delivers to this connection before it answers the PING: once the flush
                // returns, all 200 deliveries are in the two buffers. Unsubscribing then ends each
                // sequence after what it holds.
                try await client.flush()
                try await a.unsubscribe()
                try await b.unsubscribe()
                let (na, nb) = try await (Self.payloads(a), Self.payloads(b))
                // Every message went to exactly one member of the group, and both members got some.
                #expect(na.count + nb.count == 200)
                #expect(Set(na).isDisjoint(with: nb))
                #expect(Set(na).union(nb) == Set((0..<200).map { "\($0)" }))
                #expect(!na.isEmpty)
                #expect(!nb.isEmpty)
            }
        }
    }

    private static func payloads(_ subscription: NATSSubscription) async throws -> [String] {
        var payloads: [String] = []
        for try await message in subscription { payloads.append(message.payload.text) }
        return payloads
    }

    @Test func autoUnsubscribeEndsTheSequence() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let subscription = try await client.subscribe(to: "counted")
                try await subscription.unsubscribe(after: 3)
                try await client.flush()
                for i in 0..<10 { try await client.publish(ByteBuffer(string: "\(i)"), to: "counted") }
                var received: [String] = []
                for try await message in subscription { received.append(message.payload.text) }
                #expect(received == ["0", "1", "2"])
            }
        }
    }

    @Test func invalidSubjectsAreTypedErrors() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                await #expect(throws: NATSClientError.self) { try await client.publish(ByteBuffer(), to: "bad subject") }
                await #expect(throws: NATSClientError.self) { try await client.publish(ByteBuffer(), to: "a.*") }
                await #expect(throws: NATSClientError.self) { try await client.subscribe(to: "a..b") }
                await #expect(throws: NATSClientError.self) { try await client.subscribe(to: "a.>.b") }
            }
        }
    }

    @Test func payloadOverMaxPayloadIsRefused() async throws {
        try await NATSServer.withServer(.init(extraConfig: "max_payload: 1024")) { server in
            try await withClient(server) { client in
                let error = await #expect(throws: NATSClientError.self) {
                    try await client.publish(ByteBuffer(repeating: 0, count: 2000), to: "big")
                }
                #expect(error?.code == .maximumPayloadExceeded)
                try await client.publish(ByteBuffer(repeating: 0, count: 1000), to: "ok")
                try await client.flush()
            }
        }
    }
}
