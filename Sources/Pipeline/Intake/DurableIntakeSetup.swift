import Logging
import NATS

/// Ensures the durable intake's work-queue stream and the pull consumer the replicas share.
struct DurableIntakeSetup: Sendable {
    let consumer: PullConsumer
    /// `<stream>:<created>`: with a stream sequence, the id of a command that has no `Nats-Msg-Id`
    /// (unique across a stream's deletion and re-creation, which restarts its sequences).
    let idBase: String

    static func prepare(
        js: JetStream, durable: DurableIntakeConfiguration, commandSubjects: [String], replicas: Int, duplicateWindowSeconds: Int, logger: Logger
    ) async throws -> DurableIntakeSetup {
        var stream = StreamConfig(name: durable.streamName, subjects: durable.subjects(for: commandSubjects), storage: .file)
        stream.retention = .workQueue
        stream.maxAge = NanosecondDuration(.seconds(Int64(durable.maxAgeSeconds)))
        stream.duplicateWindow = NanosecondDuration(.seconds(Int64(duplicateWindowSeconds)))
        stream.replicas = replicas
        let info: StreamInfo
        do {
            info = try await js.ensureStream(stream)
        } catch {
            throw RuntimeError(.streamSetup, "durable intake stream \(durable.streamName) cannot be used: \(error)", underlying: error)
        }
        var config = ConsumerConfig(
            durableName: durable.consumerName, ackPolicy: .explicit, ackWait: .seconds(Int64(durable.ackWaitSeconds)),
            maxDeliver: durable.maxDeliver, maxAckPending: durable.maxAckPending)
        config.description = "commands for \(durable.consumerName) (durable intake)"
        config.replicas = replicas
        let consumer: PullConsumer
        do {
            consumer = try await js.createOrUpdateConsumer(stream: durable.streamName, config)
        } catch {
            throw RuntimeError(
                .streamSetup,
                "the consumer \(durable.consumerName) of durable intake stream \(durable.streamName) cannot be used (a work queue takes one consumer per subject: is another service consuming it?): \(error)",
                underlying: error)
        }
        logger.info("durable intake", metadata: [
            "stream": "\(durable.streamName)", "subjects": "\(stream.subjects ?? [])", "consumer": "\(durable.consumerName)",
            "pending": "\(consumer.info.pending)",
        ])
        return DurableIntakeSetup(consumer: consumer, idBase: "\(durable.streamName):\(info.created ?? "0")")
    }
}
