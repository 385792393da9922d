import NIOCore
import Pipeline
import Synchronization
import TestSupport
import Testing
import Wire

@Suite struct JetStreamResilienceTests {
    /// A server restarted in the middle of a long asynchronous publish: every publish reported
    /// stored is in the stream at the reported sequence, every other one was reported failed,
    /// and no sequence is reported twice.
    @Test func restartDuringAsyncPublishLosesNothingReportedStored() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                let publisher = try JetStreamPublisher(client: client, options: .init(window: 256, ackTimeout: .seconds(3)))
                let total = 30_000
                let acked = SharedCount()
                let outcomes = try await withThrowingTaskGroup(of: [Int: Result<UInt64, JetStreamError>].self) { group in
                    group.addTask {
                        var futures: [(Int, PubAckFuture)] = []
                        var outcomes: [Int: Result<UInt64, JetStreamError>] = [:]
                        for i in 0..<total {
                            do {
                                futures.append((i, try await publisher.publish(ByteBuffer(text: "\(i)"), to: "events.bulk")))
                            } catch {
                                outcomes[i] = .failure(JetStreamError(.outcomeUnknown, "not sent: \(error)"))
                            }
                            if i % 256 == 0 {
                                acked.value.store(futures.filter { $0.1.result != nil }.count, ordering: .relaxed)
                            }
                        }
                        for (i, future) in futures {
                            do {
                                outcomes[i] = .success(try await future.value().sequence)
                            } catch let error as JetStreamError {
                                outcomes[i] = .failure(error)
                            }
                        }
                        return outcomes
                    }
                    group.addTask {
                        while acked.value.load(ordering: .relaxed) < 3000 { try await Task.sleep(for: .milliseconds(5)) }
                        try await server.restart()
                        return [:]
                    }
                    var merged: [Int: Result<UInt64, JetStreamError>] = [:]
                    for try await part in group { merged.merge(part) { a, _ in a } }
                    return merged
                }
                #expect(outcomes.count == total)
                var reported: [UInt64: Int] = [:]
                var failures = 0
                for (i, outcome) in outcomes {
                    switch outcome {
                    case .success(let sequence):
                        #expect(reported[sequence] == nil, "sequence \(sequence) reported for two publishes")
                        reported[sequence] = i
                    case .failure(let error):
                        failures += 1
                        #expect([.outcomeUnknown, .timeout, .noResponders].contains(error.code), "\(error)")
                    }
                }
                print("restart test: \(reported.count) stored, \(failures) failed: \(Dictionary(grouping: outcomes.values.compactMap { if case .failure(let e) = $0 { e.code.rawValue } else { nil } }, by: { $0 }).mapValues(\.count))")
                #expect(failures > 0, "the restart should have failed some publishes")
                #expect(reported.count > 3000)
                // Read the stream back: every reported sequence holds the reported payload.
                var stored: [UInt64: String] = [:]
                for try await message in try await js.messages(stream: "E", subject: "events.bulk", batchSize: 1000) {
                    stored[message.sequence] = message.payload.text
                }
                var missing = 0
                for (sequence, i) in reported where stored[sequence] != "\(i)" { missing += 1 }
                #expect(missing == 0, "\(missing) publishes reported stored are not in the stream")
                await publisher.close()
            }
        }
    }
}

final class SharedCount: Sendable {
    let value = Atomic<Int>(0)
}
