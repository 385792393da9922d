import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct JetStreamAtomicBatchTests {
    private func atomicStream(_ name: String = "E") -> StreamConfig {
        testStream(name, subjects: ["events.>"]) { $0.allowAtomic = true }
    }

    @Test(.enabled(if: serverVersionAtLeast(2, 12, 0), "atomic batches need nats-server 2.12+"))
    func committedBatchStoresAllInOrder() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(atomicStream())
                let messages = (1...100).map { BatchMessage(subject: "events.a", payload: ByteBuffer(string: "m\($0)")) }
                let ack = try await js.publishAtomicBatch(messages)
                #expect(ack.count == 100)
                #expect(ack.sequence == 100)
                let info = try await js.streamInfo("E")
                #expect(info.state.messages == 100)
                for sequence in [UInt64(1), 50, 100] {
                    let message = try await js.getMessage(stream: "E", sequence: sequence)
                    #expect(message.payload.text == "m\(sequence)")
                }
            }
        }
    }

    @Test(.enabled(if: serverVersionAtLeast(2, 12, 0), "atomic batches need nats-server 2.12+"))
    func batchWithAFailingExpectationStoresNothing() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(atomicStream())
                _ = try await js.publish(ByteBuffer(string: "seed"), to: "events.a")
                var messages = (1...10).map { BatchMessage(subject: "events.b", payload: ByteBuffer(string: "m\($0)")) }
                messages[5].options.expectedLastSubjectSequence = 7  // events.b has none
                let error = await #expect(throws: JetStreamError.self) { try await js.publishAtomicBatch(messages) }
                #expect(error?.code == .wrongLastSequence)
                #expect(try await js.streamInfo("E").state.messages == 1)
            }
        }
    }

    @Test(.enabled(if: serverVersionAtLeast(2, 12, 0), "atomic batches need nats-server 2.12+"))
    func batchAcrossAggregatesEachGuarded() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(atomicStream())
                let a = try await js.publish(ByteBuffer(string: "a0"), to: "events.a")
                let b = try await js.publish(ByteBuffer(string: "b0"), to: "events.b")
                let batch = [
                    BatchMessage(subject: "events.a", payload: ByteBuffer(string: "a1"), options: .init(expectedLastSubjectSequence: a.sequence)),
                    BatchMessage(subject: "events.b", payload: ByteBuffer(string: "b1"), options: .init(expectedLastSubjectSequence: b.sequence)),
                    BatchMessage(subject: "events.c", payload: ByteBuffer(string: "c1"), options: .init(expectedLastSubjectSequence: 0)),
                ]
                let ack = try await js.publishAtomicBatch(batch)
                #expect(ack.count == 3)
                #expect(ack.sequence == 5)
                // The same guards again are stale now: the whole batch fails and stores nothing.
                let stale = await #expect(throws: JetStreamError.self) { try await js.publishAtomicBatch(batch) }
                #expect(stale?.code == .wrongLastSequence)
                #expect(try await js.streamInfo("E").state.messages == 5)
            }
        }
    }

    @Test(.enabled(if: serverVersionAtLeast(2, 12, 0), "atomic batches need nats-server 2.12+"))
    func streamWithoutAllowAtomicRefusesAndStoresNothing() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]))
                let messages = (1...5).map { BatchMessage(subject: "events.a", payload: ByteBuffer(string: "m\($0)")) }
                let error = await #expect(throws: JetStreamError.self) { try await js.publishAtomicBatch(messages) }
                #expect(error?.code == .batchRejected)
                #expect(error?.errorCode == 10174)
                #expect(try await js.streamInfo("E").state.messages == 0)
            }
        }
    }

    @Test(.enabled(if: serverVersionAtLeast(2, 12, 0), "atomic batches need nats-server 2.12+"))
    func invalidBatchesAreRefusedBeforeSending() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(atomicStream())
                let empty = await #expect(throws: JetStreamError.self) { try await js.publishAtomicBatch([]) }
                #expect(empty?.code == .invalidArgument)
                let tooMany = (0...1000).map { _ in BatchMessage(subject: "events.a", payload: ByteBuffer()) }
                let large = await #expect(throws: JetStreamError.self) { try await js.publishAtomicBatch(tooMany) }
                #expect(large?.code == .invalidArgument)
                #expect(try await js.streamInfo("E").state.messages == 0)
            }
        }
    }

    @Test(.enabled(if: debianServerInstalled, "Debian's nats-server 2.9.10 is not installed"))
    func olderServerRefusesBatchesInsteadOfStoringOneByOne() async throws {
        try await NATSServer.withServer(debianOptions()) { server in
            try await withJetStream(server) { js, _ in
                // 2.9.10 accepts allow_atomic and drops it: ensure says so.
                let ignored = await #expect(throws: JetStreamError.self) { try await js.ensureStream(atomicStream()) }
                #expect(ignored?.code == .featureUnavailable)
                #expect(ignored?.detail.contains("allow_atomic") == true)
                let messages = (1...3).map { BatchMessage(subject: "events.a", payload: ByteBuffer(string: "m\($0)")) }
                let refused = await #expect(throws: JetStreamError.self) { try await js.publishAtomicBatch(messages) }
                #expect(refused?.code == .featureUnavailable)
                let stored = try await js.streamInfo("E").state.messages
                #expect(stored == 0)
            }
        }
    }
}
