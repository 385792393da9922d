import NIOCore
import NATS
import Synchronization
import TestSupport
import Testing
import Wire

@Suite struct JetStreamPublishTests {
    @Test func syncPublishReturnsSequences() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                for i in 1...5 {
                    let ack = try await js.publish(ByteBuffer(string: "e\(i)"), to: "events.a")
                    #expect(ack.stream == "E")
                    #expect(ack.sequence == UInt64(i))
                    #expect(!ack.duplicate)
                }
            }
        }
    }

    @Test func repeatedMessageIDIsDuplicateAndStoredOnce() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                let first = try await js.publish(ByteBuffer(string: "x"), to: "events.a", options: .init(messageID: "m-1"))
                let second = try await js.publish(ByteBuffer(string: "x"), to: "events.a", options: .init(messageID: "m-1"))
                #expect(!first.duplicate)
                #expect(second.duplicate)
                #expect(second.sequence == first.sequence)
                #expect(try await js.streamInfo("E").state.messages == 1)
            }
        }
    }

    @Test func concurrentWritersOneWinsEachRound() async throws {
        try await NATSServer.withServer { server in
            try await concurrentWriters(server)
        }
    }

    @Test(.enabled(if: debianServerInstalled, "Debian's nats-server 2.9.10 is not installed"))
    func concurrentWritersOnDebianServer() async throws {
        try await NATSServer.withServer(debianOptions()) { server in
            try await concurrentWriters(server)
        }
    }

    /// Two writers append to one aggregate's subject with the sequence they last saw: each round
    /// exactly one wins and the loser learns the current sequence from the error.
    private func concurrentWriters(_ server: NATSServer) async throws {
        try await withJetStream(server) { js, _ in
            _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
            var last: UInt64 = 0
            for round in 0..<20 {
                let expected = last
                let results = await withTaskGroup(of: Result<PubAck, JetStreamError>.self) { group in
                    for writer in 0..<2 {
                        group.addTask {
                            do {
                                let ack = try await js.publish(
                                    ByteBuffer(string: "round \(round) writer \(writer)"),
                                    to: "events.agg-1",
                                    options: .init(expectedLastSubjectSequence: expected)
                                )
                                return .success(ack)
                            } catch let error as JetStreamError {
                                return .failure(error)
                            } catch {
                                return .failure(JetStreamError(.serverError, "\(error)"))
                            }
                        }
                    }
                    var results: [Result<PubAck, JetStreamError>] = []
                    for await result in group { results.append(result) }
                    return results
                }
                let wins = results.compactMap { try? $0.get() }
                let losses = results.compactMap { result -> JetStreamError? in
                    if case .failure(let error) = result { return error }
                    return nil
                }
                #expect(wins.count == 1, "round \(round): \(results)")
                #expect(losses.count == 1)
                #expect(losses.first?.code == .wrongLastSequence)
                if let win = wins.first {
                    #expect(losses.first?.currentSequence == win.sequence)
                    last = win.sequence
                }
            }
            #expect(try await js.streamInfo("E").state.messages == 20)
        }
    }

    @Test func expectedLastSequenceAndStreamHeaders() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                _ = try await js.publish(ByteBuffer(string: "1"), to: "events.a", options: .init(expectedLastSequence: 0))
                let wrong = await #expect(throws: JetStreamError.self) {
                    try await js.publish(ByteBuffer(string: "2"), to: "events.a", options: .init(expectedLastSequence: 5))
                }
                #expect(wrong?.code == .wrongLastSequence)
                #expect(wrong?.currentSequence == 1)
                let stream = await #expect(throws: JetStreamError.self) {
                    try await js.publish(ByteBuffer(string: "3"), to: "events.a", options: .init(expectedStream: "OTHER"))
                }
                #expect(stream?.code == .streamMismatch)
                _ = try await js.publish(ByteBuffer(string: "4"), to: "events.a", options: .init(messageID: "id-4"))
                let lastID = await #expect(throws: JetStreamError.self) {
                    try await js.publish(ByteBuffer(string: "5"), to: "events.a", options: .init(expectedLastMessageID: "id-x"))
                }
                #expect(lastID?.code == .wrongLastMessageID)
            }
        }
    }

    @Test(.enabled(if: serverVersionAtLeast(2, 11, 0), "the -Subject variant needs nats-server 2.11+"))
    func lastSubjectSequenceSubjectGuardsAWildcard() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                _ = try await js.publish(ByteBuffer(string: "created"), to: "events.a1.created")
                let ack = try await js.publish(
                    ByteBuffer(string: "renamed"),
                    to: "events.a1.renamed",
                    options: .init(expectedLastSubjectSequence: 1, expectedLastSubjectSequenceSubject: "events.a1.>")
                )
                #expect(ack.sequence == 2)
                let error = await #expect(throws: JetStreamError.self) {
                    try await js.publish(
                        ByteBuffer(string: "stale"),
                        to: "events.a1.renamed",
                        options: .init(expectedLastSubjectSequence: 1, expectedLastSubjectSequenceSubject: "events.a1.>")
                    )
                }
                #expect(error?.code == .wrongLastSequence)
            }
        }
    }

    @Test func publishToNoStreamFailsAfterRetries() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                // A long ack timeout: the 503s end the publish (after the retries), not the deadline.
                let js = try JetStream(client: client, timeout: .seconds(60))
                let error = await #expect(throws: JetStreamError.self) {
                    try await js.publish(ByteBuffer(string: "?"), to: "no.stream.here")
                }
                #expect(error?.code == .noResponders)
                #expect(error?.status == 503)
            }
        }
    }

    @Test func asyncPublishWithAWindowAcknowledgesEveryMessageOnce() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"], storage: .memory))
                let publisher = try JetStreamPublisher(client: client, options: .init(window: 64))
                var futures: [PubAckFuture] = []
                for i in 0..<5000 {
                    futures.append(try await publisher.publish(ByteBuffer(string: "\(i)"), to: "events.bulk"))
                    #expect(publisher.inFlight <= 64)
                }
                var sequences: [UInt64] = []
                for future in futures { sequences.append(try await future.value().sequence) }
                #expect(sequences == Array(1...5000))
                #expect(publisher.inFlight == 0)
                #expect(try await js.streamInfo("E").state.messages == 5000)
                await publisher.close()
            }
        }
    }
}

@Suite struct JetStreamPublisherBehaviourTests {
    /// A responder that never answers: no 503, no PubAck; the publish fails at its deadline and
    /// frees its window slot.
    @Test func missingAckTimesOutAndFreesTheSlot() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                let silent = try await client.subscribe(to: "silent.>")
                try await client.flush()
                let publisher = try JetStreamPublisher(client: client, options: .init(window: 1, ackTimeout: .milliseconds(300)))
                let first = try await publisher.publish(ByteBuffer(string: "1"), to: "silent.a")
                let error = await #expect(throws: JetStreamError.self) { try await first.value() }
                #expect(error?.code == .timeout)
                // The slot is freed just after the outcome is delivered, not before it.
                try await eventually("the timed-out publish frees its slot") { publisher.inFlight == 0 }
                // The slot is free again: the next publish does not wait.
                let second = try await publisher.publish(ByteBuffer(string: "2"), to: "silent.b")
                #expect(publisher.inFlight == 1)
                _ = try? await second.value()
                await publisher.close()
                try await silent.unsubscribe()
            }
        }
    }

    /// A publish answered 503 (no stream yet, as while a leader is elected) is sent again after
    /// `retryWait`, and succeeds once the stream is there. The stream is made only after the
    /// publisher has sent a retry, so the PubAck can only come from a retry. (A core subscription
    /// on the subject cannot watch the retries: its interest would stop the server's 503.)
    @Test func noResponderRetrySucceedsOnceTheStreamExists() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                // Retries for 10 s at most, far longer than making a stream takes.
                let publisher = try JetStreamPublisher(
                    client: client,
                    options: .init(ackTimeout: .seconds(30), noResponderRetries: 100, retryWait: .milliseconds(100))
                )
                let future = try await publisher.publish(ByteBuffer(string: "early"), to: "late.stream.a")
                try await eventuallyAsync("the 503 is retried") { publisher.noResponderRetriesSent.load(ordering: .relaxed) >= 1 }
                #expect(try await js.streamNames() == [])
                _ = try await js.ensureStream(testStream("LATE", subjects: ["late.>"]))
                let ack = try await future.value()
                #expect(ack.stream == "LATE")
                #expect(ack.sequence == 1)
                #expect(publisher.noResponderRetriesSent.load(ordering: .relaxed) >= 1)
                #expect(try await js.streamInfo("LATE").state.messages == 1)
                #expect(try await js.getMessage(stream: "LATE", sequence: 1).payload.text == "early")
                await publisher.close()
            }
        }
    }

    /// The retries are bounded: a publish that keeps getting 503 fails with `.noResponders` after
    /// exactly `noResponderRetries` resends.
    @Test func noResponderRetriesAreBounded() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { _, client in
                let publisher = try JetStreamPublisher(
                    client: client,
                    options: .init(ackTimeout: .seconds(30), noResponderRetries: 3, retryWait: .milliseconds(50))
                )
                let future = try await publisher.publish(ByteBuffer(string: "?"), to: "no.stream.here")
                let error = await #expect(throws: JetStreamError.self) { try await future.value() }
                #expect(error?.code == .noResponders)
                #expect(publisher.noResponderRetriesSent.load(ordering: .relaxed) == 3)
                await publisher.close()
            }
        }
    }

    @Test func ackHandlerGetsEachOutcomeOnce() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"], storage: .memory))
                let publisher = try JetStreamPublisher(client: client, options: .init(window: 16))
                let outcomes = OutcomeLog()
                for i in 0..<500 {
                    try await publisher.publish(ByteBuffer(string: "\(i)"), to: i == 250 ? "nostream.x" : "events.a") { result in
                        outcomes.record(i, result)
                    }
                }
                try await publisher.waitForAcks()
                let log = outcomes.snapshot()
                #expect(log.count == 500)
                #expect(Set(log.map(\.0)).count == 500)
                let failures = log.filter { if case .failure = $0.1 { true } else { false } }
                #expect(failures.map(\.0) == [250])
                if case .failure(let error) = failures.first?.1 { #expect(error.code == .noResponders) }
                await publisher.close()
            }
        }
    }

    @Test func closedPublisherRefusesAndFailsWaiters() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { _, client in
                let silent = try await client.subscribe(to: "silent.>")
                try await client.flush()
                let publisher = try JetStreamPublisher(client: client, options: .init(window: 1, ackTimeout: .seconds(30)))
                let pending = try await publisher.publish(ByteBuffer(string: "1"), to: "silent.a")
                await publisher.close()
                let lost = await #expect(throws: JetStreamError.self) { try await pending.value() }
                #expect(lost?.code == .outcomeUnknown)
                let refused = await #expect(throws: JetStreamError.self) { try await publisher.publish(ByteBuffer(string: "2"), to: "silent.a") }
                #expect(refused?.code == .closed)
                try await silent.unsubscribe()
            }
        }
    }
}

@Suite struct JetStreamDrainTests {
    /// Draining the client waits for the PubAcks of publishes in flight: none is failed or lost.
    @Test func drainWaitsForInFlightAcks() async throws {
        try await NATSServer.withServer { server in
            let client = try NATSClient(configuration: try testConfiguration(server))
            async let running: Void = client.run()
            try await client.waitUntilConnected()
            let js = try JetStream(client: client)
            _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
            let publisher = try JetStreamPublisher(client: client, options: .init(window: 256))
            var futures: [PubAckFuture] = []
            for i in 0..<2000 { futures.append(try await publisher.publish(ByteBuffer(string: "\(i)"), to: "events.a")) }
            try await client.drain()
            try await running
            var sequences: [UInt64] = []
            for future in futures { sequences.append(try await future.value().sequence) }
            #expect(sequences == Array(1...2000))
        }
    }
}

final class OutcomeLog: Sendable {
    private let entries = Mutex<[(Int, Result<PubAck, JetStreamError>)]>([])
    func record(_ index: Int, _ result: Result<PubAck, JetStreamError>) { entries.withLock { $0.append((index, result)) } }
    func snapshot() -> [(Int, Result<PubAck, JetStreamError>)] { entries.withLock { $0 } }
}
