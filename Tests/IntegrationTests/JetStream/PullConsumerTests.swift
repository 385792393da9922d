import Foundation
import NIOCore
import NATS
import Synchronization
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

    /// A NAK redelivers at once; a NAK with a delay holds the message back until the delay passed.
    /// The delayed NAK is known to be applied before the no-wait fetch: the server applies a
    /// consumer's acks in order, and a later ack of another message is confirmed (`ackSync`).
    /// Were the delay ignored, the message would be back in the redelivery queue by then and the
    /// no-wait fetch would get it.
    @Test func nakRedeliversAtOnceOrAfterDelay() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 2)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "w"))
                let batch = try await consumer.fetch(batch: 2)
                #expect(batch.map(\.metadata.streamSequence) == [1, 2])
                try await batch[0].nak()
                let again = try #require(try await consumer.fetch(batch: 1).first)
                #expect(again.metadata.streamSequence == 1)
                #expect(again.metadata.delivered == 2)
                #expect(again.metadata.isRedelivery)
                try await again.nak(delay: .seconds(3))
                try await batch[1].ackSync()  // applied after the NAK before it
                #expect(try await consumer.fetch(batch: 1, noWait: true).isEmpty)
                let held = try await js.consumerInfo(stream: "E", name: "w")
                #expect(held.ackPending == 1)
                #expect(held.ackFloor.streamSequence == 0)
                #expect(held.delivered.consumerSequence == 3)
                let later = try #require(try await consumer.fetch(batch: 1, expires: .seconds(10)).first)
                #expect(later.metadata.streamSequence == 1)
                #expect(later.metadata.delivered == 3)
                try await later.ackSync()
                let info = try await js.consumerInfo(stream: "E", name: "w")
                #expect(info.ackPending == 0)
                #expect(info.ackFloor.streamSequence == 2)
                #expect(info.delivered.consumerSequence == 4)
            }
        }
    }

    /// `inProgress()` resets the ack wait. Message 1 is delivered before message 2 and only
    /// message 1 gets WPIs: when message 2 comes back (its ack wait passed), message 1's ack wait
    /// has passed too, and without the WPIs it would have come back first (redeliveries go in
    /// stream order, and its deadline was earlier).
    @Test func inProgressExtendsTheAckWait() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 2)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "wpi", ackWait: .seconds(2)))
                let first = try #require(try await consumer.fetch(batch: 1).first)
                #expect(first.metadata.streamSequence == 1)
                // WPIs every 250 ms, well within the 2 s ack wait (the interval paces the WPIs; it
                // synchronises nothing).
                let keepAlive = Task {
                    while !Task.isCancelled {
                        try await first.inProgress()
                        try await Task.sleep(for: .milliseconds(250))
                    }
                }
                let second = try #require(try await consumer.fetch(batch: 1).first)
                #expect(second.metadata.streamSequence == 2)
                let redelivered = try #require(try await consumer.fetch(batch: 1, expires: .seconds(10)).first)
                keepAlive.cancel()
                #expect(redelivered.metadata.streamSequence == 2)
                #expect(redelivered.metadata.delivered == 2)
                let info = try await js.consumerInfo(stream: "E", name: "wpi")
                #expect(info.redelivered == 1)
                #expect(info.ackPending == 2)
                #expect(info.delivered.consumerSequence == 3)
                try await first.ackSync()
                try await redelivered.ackSync()
                #expect(try await js.consumerInfo(stream: "E", name: "wpi").ackPending == 0)
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

    /// The line break in the reason becomes spaces (an ack body is one line).
    @Test(.enabled(if: serverVersionAtLeast(2, 10, 4), "+TERM with a reason needs nats-server 2.10.4+"))
    func termStopsRedeliveryAndTheAdvisoryCarriesTheReason() async throws {
        try await NATSServer.withServer { server in
            try await termScenario(server, expectedReason: "poison  message")
        }
    }

    @Test(.enabled(if: debianServerInstalled, "Debian's nats-server 2.9.10 is not installed"))
    func termOnDebianServerDropsTheReason() async throws {
        try await NATSServer.withServer(debianOptions()) { server in
            try await termScenario(server, expectedReason: nil)
        }
    }

    /// Message 1 is terminated, message 2 (delivered after it) is left unacknowledged. Message 2
    /// coming back shows that the ack wait of both has passed; had the TERM not stopped message 1,
    /// it would have come back first (redeliveries go in stream order, and its deadline was earlier).
    private func termScenario(_ server: NATSServer, expectedReason: String?) async throws {
        try await withJetStream(server) { js, client in
            try await seed(js, count: 2)
            // An ack wait long enough that a loaded machine still sends the TERM within it.
            let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "w", ackWait: .seconds(2)))
            let advisories = try await client.subscribe(to: "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.E.w")
            try await client.flush()
            let first = try #require(try await consumer.fetch(batch: 1).first)
            #expect(first.metadata.streamSequence == 1)
            try await first.term(reason: "poison\r\nmessage")
            var events = advisories.makeAsyncIterator()
            let advisory = try #require(try await events.next())
            let event = try JSONDecoder().decode(TerminatedAdvisory.self, from: Data(advisory.payload.readableBytesView))
            #expect(event.stream == "E")
            #expect(event.consumer == "w")
            #expect(event.streamSequence == 1)
            #expect(event.deliveries == 1)
            #expect(event.reason == expectedReason)
            try await advisories.unsubscribe()

            let second = try #require(try await consumer.fetch(batch: 1).first)
            #expect(second.metadata.streamSequence == 2)
            let back = try #require(try await consumer.fetch(batch: 1, expires: .seconds(10)).first)
            #expect(back.metadata.streamSequence == 2)
            #expect(back.metadata.delivered == 2)
            let info = try await js.consumerInfo(stream: "E", name: "w")
            #expect(info.ackFloor.streamSequence == 1, "the terminated message is settled")
            #expect(info.ackPending == 1, "only message 2 is pending")
            #expect(info.redelivered == 1, "only message 2 was redelivered")
            #expect(info.delivered.consumerSequence == 3)
            try await back.ackSync()
            let settled = try await js.consumerInfo(stream: "E", name: "w")
            #expect(settled.ackPending == 0)
            #expect(settled.ackFloor.streamSequence == 2)
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

    /// A fetch whose message comes long after the idle watchdog's limit (two heartbeat intervals)
    /// stays alive on the heartbeats: the message is published only after the fetch saw three.
    @Test func heartbeatsKeepALongFetchAlive() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 1)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "hb"))
                try await consumer.ack(try await consumer.fetch(batch: 1))
                let beats = HeartbeatLog()
                let fetch = Task {
                    defer { beats.finish() }
                    return try await consumer.fetch(batch: 1, expires: .seconds(8), idleHeartbeat: .milliseconds(500)) { beats.beat() }
                }
                // Ends early when the fetch ends without three heartbeats.
                for await count in beats.counts where count == 3 { break }
                _ = try await js.publish(ByteBuffer(string: "late"), to: "events.a")
                let batch = try await fetch.value
                #expect(beats.count >= 3)
                #expect(batch.error == nil)
                #expect(batch.map(\.payload.text) == ["late"])
                #expect(batch.first?.metadata.streamSequence == 2)
            }
        }
    }

    /// A server that stops answering mid-fetch (SIGSTOP): the heartbeats stop, and the idle
    /// watchdog ends the fetch with `.timeout` long before its 20 s expiry (the client closes
    /// itself after 30 s, which would end the fetch with `.closed`).
    @Test func missingHeartbeatsEndTheFetchWithATimeout() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "stalled"))
                let beats = HeartbeatLog()
                let fetch = Task {
                    defer { beats.finish() }
                    return try await consumer.fetch(batch: 1, expires: .seconds(20), idleHeartbeat: .milliseconds(500)) { beats.beat() }
                }
                // Heartbeats flow: the pull is alive on the server.
                for await _ in beats.counts { break }
                let pid = try #require(server.processIdentifier)
                kill(pid, SIGSTOP)
                let error = await #expect(throws: JetStreamError.self) { try await fetch.value }
                kill(pid, SIGCONT)
                #expect(error?.code == .timeout)
                #expect(beats.count >= 1)
            }
        }
    }

    /// A failure after some messages arrived returns them with the error; one before any arrived
    /// throws.
    @Test func deletedConsumerCutsAFetchShort() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                try await seed(js, count: 3)
                let consumer = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "partial"))
                let fetch = Task { try await consumer.fetch(batch: 10, expires: .seconds(20)) }
                try await eventuallyAsync("the 3 messages are delivered and the pull waits for more") {
                    let info = try await js.consumerInfo(stream: "E", name: "partial")
                    return info.delivered.streamSequence == 3 && info.waiting == 1
                }
                try await js.deleteConsumer(stream: "E", name: "partial")
                let batch = try await fetch.value
                #expect(batch.map(\.metadata.streamSequence) == [1, 2, 3])
                #expect(batch.map(\.payload.text) == ["m1", "m2", "m3"])
                #expect(batch.error?.code == .consumerNotFound)
                let short = #expect(throws: JetStreamError.self) { try batch.get() }
                #expect(short?.code == .consumerNotFound)

                let idle = try await js.createConsumer(stream: "E", ConsumerConfig(durableName: "idle", filterSubject: "events.none"))
                let nothing = Task { try await idle.fetch(batch: 10, expires: .seconds(20)) }
                try await eventuallyAsync("the pull waits on the server") {
                    try await js.consumerInfo(stream: "E", name: "idle").waiting == 1
                }
                try await js.deleteConsumer(stream: "E", name: "idle")
                let error = await #expect(throws: JetStreamError.self) { try await nothing.value }
                #expect(error?.code == .consumerNotFound)
            }
        }
    }
}

/// The heartbeats a fetch received, counted, and as a sequence of running counts to wait on.
final class HeartbeatLog: Sendable {
    private let beats = Atomic<Int>(0)
    let counts: AsyncStream<Int>
    private let continuation: AsyncStream<Int>.Continuation

    init() {
        (counts, continuation) = AsyncStream.makeStream()
    }

    var count: Int { beats.load(ordering: .relaxed) }

    func beat() {
        continuation.yield(beats.add(1, ordering: .relaxed).newValue)
    }

    func finish() { continuation.finish() }
}

/// `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.<stream>.<consumer>`
struct TerminatedAdvisory: Decodable {
    var stream: String
    var consumer: String
    var streamSequence: UInt64
    var deliveries: UInt64
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case stream, consumer, deliveries, reason
        case streamSequence = "stream_seq"
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
