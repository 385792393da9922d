import NIOCore
import NIOPosix
import NATS
import TestSupport
import Testing
import Wire

/// One read gate per connection: a full back-pressured subscription stops its client reading the
/// socket, so everything else that client would receive (request replies, PubAcks) waits too.
/// The answer is a second connection: an intake client for subscriptions and a store client for
/// JetStream and requests, made from one configuration on one event loop group.
@Suite struct NATSClientReadGateTests {
    @Test func aFullSubscriptionStallsOnlyItsOwnConnection() async throws {
        try await NATSServer.withServer { server in
            let configuration = try testConfiguration(server)
            let loops = MultiThreadedEventLoopGroup.singleton
            try await withClient(configuration: configuration, eventLoopGroup: loops) { store in
                let service = try await store.subscribe(to: "gate.service")
                try await store.flush()
                // Each answered request's payload, once its reply has been published.
                let (answered, answeredSink) = AsyncStream.makeStream(of: String.self)
                try await withThrowingTaskGroup(of: Void.self) { responder in
                    responder.addTask {
                        for try await request in service {
                            guard let reply = request.replyToString else { continue }
                            try await store.publish(ByteBuffer(string: "re: " + request.payload.text), to: reply)
                            answeredSink.yield(request.payload.text)
                        }
                        answeredSink.finish()
                    }
                    try await withClient(configuration: configuration, eventLoopGroup: loops) { intake in
                        try await Self.run(intake: intake, store: store, answered: answered)
                    }
                    try await service.unsubscribe()
                    try await responder.waitForAll()
                }
            }
        }
    }

    private static func run(intake: NATSClient, store: NATSClient, answered: AsyncStream<String>) async throws {
        var answers = answered.makeAsyncIterator()
        let limits = SubscriptionLimits(maxMessages: 4, maxBytes: 1 << 20)
        let firehose = try await intake.subscribe(to: "gate.firehose", limits: limits)
        try await intake.flush()
        #expect(intake.isReadGateOpen)

        // 100 messages into a buffer of 4 that nobody consumes: the intake stops reading.
        for i in 0..<100 { try await store.publish(ByteBuffer(string: "\(i)"), to: "gate.firehose") }
        try await store.flush()
        try await eventually("the intake's read gate closes") { !intake.isReadGateOpen }

        // The intake's request goes out (writes are not gated) and is answered; the reply then
        // sits unread behind the gate.
        let replied = TestFlag()
        let pending = Task {
            let reply = try await intake.request(ByteBuffer(string: "from intake"), to: "gate.service", timeout: .seconds(30))
            replied.set()
            return reply.payload.text
        }
        #expect(await answers.next() == "from intake")
        try await store.flush()  // the server has the reply, routed to the intake's connection

        // Meanwhile the store connection works: JetStream publishes are acknowledged and a
        // request/reply completes.
        let js = try JetStream(client: store, timeout: .seconds(5))
        _ = try await js.createStream(testStream("GATE", subjects: ["gate.store.>"], storage: .memory))
        for i in 1...10 {
            let ack = try await js.publish(ByteBuffer(string: "event \(i)"), to: "gate.store.\(i)")
            #expect(ack.stream == "GATE")
            #expect(ack.sequence == UInt64(i))
        }
        let reply = try await store.request(ByteBuffer(string: "from store"), to: "gate.service", timeout: .seconds(5))
        #expect(reply.payload.text == "re: from store")
        #expect(await answers.next() == "from store")

        // All of that happened while the intake was still gated, its reply unread.
        #expect(!intake.isReadGateOpen, "\(intake.debugState)")
        #expect(!replied.isSet, "the intake read its reply through a closed gate")

        // Consuming the subscription opens the gate: the intake reads again and its request completes.
        var received = 0
        for try await message in firehose {
            #expect(message.payload.text == "\(received)")
            received += 1
            if received == 100 { break }
        }
        #expect(try await pending.value == "re: from intake")
        #expect(intake.isReadGateOpen)
        try await firehose.unsubscribe()
    }
}
