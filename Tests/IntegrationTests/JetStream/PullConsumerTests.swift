import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct PullConsumerTests {
    private func seed(_ js: JetStream, count: Int, subject: String = "events.a") async throws {
        _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
        for i in 1...count { _ = try await js.publishAsync(ByteBuffer(string: "m\(i)"), to: subject) }
        try await js.publisher().waitForAcks()
    }

    @Test func fetchBatchesWithMetadataAndExpiry() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 10)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "worker", filterSubject: "events.>"))
                let first = try await consumer.fetch(batch: 5)
                #expect(first.map(\.metadata.streamSequence) == [1, 2, 3, 4, 5])
                #expect(first.map(\.payload.text) == ["m1", "m2", "m3", "m4", "m5"])
                #expect(first.allSatisfy { $0.metadata.delivered == 1 && $0.metadata.consumer == "worker" })
                #expect(first.last?.metadata.pending == 5)
                try await consumer.ack(first)
                // Asks for more than there is: returns what there is when the pull expires.
                let rest = try await consumer.fetch(batch: 50, expires: .milliseconds(500))
                #expect(rest.map(\.metadata.streamSequence) == [6, 7, 8, 9, 10])
                try await consumer.ack(rest)
                let empty = try await consumer.fetch(batch: 5, noWait: true)
                #expect(empty.isEmpty)
                let info = try await js.consumerInfo(stream: "E", name: "worker")
                #expect(info.ackFloor.streamSequence == 10)
                #expect(info.ackPending == 0)
            }
        }
    }

    @Test func nakRedeliversAtOnceOrAfterDelay() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "w"))
                let message = try #require(try await consumer.fetch(batch: 1).first)
                try await message.nak()
                let again = try #require(try await consumer.fetch(batch: 1).first)
                #expect(again.metadata.streamSequence == 1)
                #expect(again.metadata.delivered == 2)
                #expect(again.metadata.isRedelivery)
                try await again.nak(delay: .seconds(2))
                #expect(try await consumer.fetch(batch: 1, noWait: true).isEmpty)
                let later = try #require(try await consumer.fetch(batch: 1, expires: .seconds(6)).first)
                #expect(later.metadata.delivered == 3)
                try await later.ackSync()
                #expect(try await js.consumerInfo(stream: "E", name: "w").ackPending == 0)
            }
        }
    }

    @Test func unackedMessageComesBackAfterAckWait() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "w", ackWait: .milliseconds(400)))
                let first = try #require(try await consumer.fetch(batch: 1).first)
                #expect(first.metadata.delivered == 1)
                let again = try #require(try await consumer.fetch(batch: 1, expires: .seconds(3)).first)
                #expect(again.metadata.streamSequence == 1)
                #expect(again.metadata.delivered == 2)
                try await again.ack()
            }
        }
    }

    /// `backoff` replaces the ack wait per delivery: redeliveries come after 300 ms, not after the
    /// default 30 s ack wait (a fetch waits 10 s at most); `maxDeliver` then stops them.
    @Test func backoffSchedulesRedeliveriesAndMaxDeliverEndsThem() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1)
                var config = ConsumerConfig(durableName: "b", maxDeliver: 3)
                config.backoff = [NanosecondDuration(.milliseconds(300)), NanosecondDuration(.milliseconds(300))]
                let consumer = try await js.createConsumer(stream: "E", config)
                #expect(consumer.info.config.backoff?.count == 2)
                _ = try #require(try await consumer.fetch(batch: 1).first)
                let again = try #require(try await consumer.fetch(batch: 1, expires: .seconds(10)).first)
                #expect(again.metadata.delivered == 2)
                let last = try #require(try await consumer.fetch(batch: 1, expires: .seconds(10)).first)
                #expect(last.metadata.delivered == 3)
                // Delivered maxDeliver times: it does not come again.
                #expect(try await consumer.fetch(batch: 1, expires: .seconds(2)).isEmpty)
            }
        }
    }

    @Test func ackAllAcknowledgesEverythingBefore() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 10)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "all", ackPolicy: .all))
                let messages = try await consumer.fetch(batch: 10)
                #expect(messages.count == 10)
                try await messages[6].ackSync()
                let info = try await js.consumerInfo(stream: "E", name: "all")
                #expect(info.ackFloor.streamSequence == 7)
                #expect(info.ackPending == 3)
                try await consumer.ack(messages)  // one ack: the highest
                try await eventuallyAsync("the ack floor reaches 10") {
                    try await js.consumerInfo(stream: "E", name: "all").ackFloor.streamSequence == 10
                }
            }
        }
    }

    @Test func termStopsRedelivery() async throws {
        try await NATSServer.withServer { server in
            try await termScenario(server)
        }
    }

    @Test(.enabled(if: debianServerInstalled, "Debian's nats-server 2.9.10 is not installed"))
    func termOnDebianServerDropsTheReason() async throws {
        try await NATSServer.withServer(debianOptions()) { server in
            try await termScenario(server)
        }
    }

    private func termScenario(_ server: NATSServer) async throws {
        try await withJetStream(server) { js, _ in
            try await seed(js, count: 2)
            // An ack wait long enough that a loaded machine still sends the TERM within it.
            let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "w", ackWait: .seconds(1)))
            let first = try #require(try await consumer.fetch(batch: 1).first)
            try await first.term(reason: "poison\r\nmessage")
            let second = try #require(try await consumer.fetch(batch: 1).first)
            #expect(second.metadata.streamSequence == 2)
            try await second.ack()
            // After the ack wait, the terminated message does not come back.
            #expect(try await consumer.fetch(batch: 1, expires: .milliseconds(2500)).isEmpty)
        }
    }

    @Test func continuousConsumeKeepsCreditAndSeesNewMessages() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1000)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "c"))
                let messages = try consumer.messages(batch: 64, expires: .seconds(2))
                var sequences: [UInt64] = []
                for try await message in messages {
                    sequences.append(message.metadata.streamSequence)
                    try await message.ack()
                    if sequences.count == 1000 {
                        // More arrive while consuming.
                        for i in 1...200 { _ = try await js.publishAsync(ByteBuffer(string: "late\(i)"), to: "events.b") }
                    }
                    if sequences.count == 1200 { break }
                }
                await messages.stop()
                #expect(sequences == Array(1...1200))
            }
        }
    }

    @Test func deletedConsumerEndsConsumeWithAnError() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "gone"))
                let messages = try consumer.messages(batch: 10, expires: .seconds(5))
                let error = await #expect(throws: JetStreamError.self) {
                    var count = 0
                    for try await message in messages {
                        count += 1
                        try await message.ack()
                        if count == 1 { try await js.deleteConsumer(stream: "E", name: "gone") }
                    }
                }
                #expect(error?.code == .consumerNotFound)
            }
        }
    }

    @Test func consumerManagementAndValidation() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 3)
                let ephemeral = try await js.createConsumer(stream: "E", ConsumerConfig(filterSubject: "events.a"))
                #expect(ephemeral.info.config.durableName == nil)
                #expect(try await ephemeral.fetch(batch: 3).count == 3)
                _ = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "d", maxDeliver: 3))
                let inUse = await #expect(throws: JetStreamError.self) {
                    try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "d", maxDeliver: 5))
                }
                #expect(inUse?.code == .consumerNameInUse)
                let updated = try await js.updateConsumer(stream: "E", ConsumerConfig(durableName: "d", maxDeliver: 5))
                #expect(updated.info.config.maxDeliver == 5)
                let reopened = try await js.consumer(stream: "E", name: "d")
                #expect(reopened.info.config.maxDeliver == 5)
                try await js.deleteConsumer(stream: "E", name: "d")
                let missing = await #expect(throws: JetStreamError.self) { try await js.consumerInfo(stream: "E", name: "d") }
                #expect(missing?.code == .consumerNotFound)
                let heartbeat = await #expect(throws: JetStreamError.self) {
                    try await ephemeral.fetch(batch: 1, expires: .seconds(1), idleHeartbeat: .seconds(1))
                }
                #expect(heartbeat?.code == .invalidArgument)
            }
        }
    }

    @Test func fetchWithHeartbeatsWaitsForLateMessages() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "hb"))
                _ = try await consumer.fetch(batch: 1)
                async let late: Void = {
                    try await Task.sleep(for: .milliseconds(700))
                    _ = try await js.publish(ByteBuffer(string: "late"), to: "events.a")
                }()
                let messages = try await consumer.fetch(batch: 1, expires: .seconds(4), idleHeartbeat: .milliseconds(500))
                try await late
                #expect(messages.first?.payload.text == "late")
            }
        }
    }
}

func eventuallyAsync(_ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting until \(what)")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
