import NIOCore
import NATS
import Synchronization
import TestSupport
import Testing
import Wire

@Suite struct JetStreamResilienceTests {
    /// A server restarted in the middle of a long asynchronous publish: every publish reported
    /// stored is in the stream at the reported sequence with its payload, every other one was
    /// reported failed, and no sequence is reported twice.
    ///
    /// Publishing runs until 3000 acks came before the restart and 2000 after it, so the restart
    /// always falls in the middle, however fast or slow the machine.
    @Test func restartDuringAsyncPublishLosesNothingReportedStored() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                let publisher = try JetStreamPublisher(client: client, options: .init(window: 256, ackTimeout: .seconds(3)))
                let log = OutcomeLog()
                let acked = SharedCount()
                let stop = SharedCount()
                let reconnected = SharedCount()
                let watcher = Task {
                    for await event in client.connectionEvents {
                        if case .reconnected = event { reconnected.value.store(1, ordering: .relaxed) }
                    }
                }
                defer { watcher.cancel() }
                let published = try await withThrowingTaskGroup(of: Int.self) { group in
                    group.addTask {
                        var i = 0
                        while stop.value.load(ordering: .relaxed) == 0, i < 1_000_000 {
                            let index = i
                            do {
                                try await publisher.publish(ByteBuffer(string: "\(index)"), to: "events.bulk") { result in
                                    log.record(index, result)
                                    if case .success = result { acked.value.add(1, ordering: .relaxed) }
                                }
                            } catch {
                                log.record(index, .failure(JetStreamError(.outcomeUnknown, "not sent: \(error)")))
                            }
                            i += 1
                        }
                        return i
                    }
                    group.addTask {
                        // Bounded below the client watchdog's 30 s: a publisher that stops making
                        // progress fails the test instead of holding the run.
                        defer { stop.value.store(1, ordering: .relaxed) }
                        try await eventually("3000 acknowledgements", within: .seconds(25)) { acked.value.load(ordering: .relaxed) >= 3000 }
                        try await server.restart()
                        let after = acked.value.load(ordering: .relaxed)
                        try await eventually("2000 acknowledgements after the restart", within: .seconds(25)) {
                            acked.value.load(ordering: .relaxed) >= after + 2000
                        }
                        return 0
                    }
                    var published = 0
                    for try await count in group { published = max(published, count) }
                    return published
                }
                try await publisher.waitForAcks()
                await publisher.close()

                let outcomes = log.snapshot()
                #expect(outcomes.count == published, "every publish has exactly one outcome")
                #expect(Set(outcomes.map(\.0)).count == outcomes.count, "no publish has two outcomes")
                var reported: [UInt64: Int] = [:]
                var failures = 0
                for (i, outcome) in outcomes {
                    switch outcome {
                    case .success(let ack):
                        #expect(reported[ack.sequence] == nil, "sequence \(ack.sequence) reported for two publishes")
                        reported[ack.sequence] = i
                    case .failure(let error):
                        failures += 1
                        #expect([.outcomeUnknown, .timeout, .noResponders].contains(error.code), "\(error)")
                    }
                }
                // Publishes in flight at the disconnect fail with `.outcomeUnknown`; how many were in
                // flight at that instant depends on scheduling (none, on a loaded machine, is possible).
                _ = failures
                #expect(reconnected.value.load(ordering: .relaxed) == 1, "the restart must have cut the connection")
                #expect(reported.count >= 5000)
                // Read the stream back: every reported sequence holds the reported payload.
                var stored: [UInt64: String] = [:]
                for try await message in try await js.messages(stream: "E", subject: "events.bulk", batchSize: 1000) {
                    stored[message.sequence] = message.payload.text
                }
                let missing = reported.filter { stored[$0.key] != "\($0.value)" }.count
                #expect(missing == 0, "\(missing) publishes reported stored are not in the stream")
            }
        }
    }
}

final class SharedCount: Sendable {
    let value = Atomic<Int>(0)
}
