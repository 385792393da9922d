import Logging
import NATS
import NIOCore

/// Sends command answers on the intake connection and records each command's outcome.
package final class Replier: Sendable {
    let client: NATSClient
    let metrics: ServiceMetrics?
    let endpoint: EndpointStatisticsRecorder.Handle?
    let logger: Logger
    let now: @Sendable () -> UInt64

    package init(client: NATSClient, metrics: ServiceMetrics?, endpoint: EndpointStatisticsRecorder.Handle?, logger: Logger, now: @escaping @Sendable () -> UInt64) {
        self.client = client
        self.metrics = metrics
        self.endpoint = endpoint
        self.logger = logger
        self.now = now
    }

    /// Answers one command (when it asked for an answer) and records its outcome and latency.
    /// A durably delivered command (`delivery`) is acknowledged after its answer, or, after a
    /// retryable failure with deliveries left, handed back for redelivery without an answer.
    package func send(
        _ result: Result<[UInt8], ReplyError>, to replyTo: String?, commandType: String, outcome: CommandOutcome, receivedAt: UInt64,
        delivery: DurableDelivery? = nil
    ) async {
        if let delivery, case .redeliver(let delay) = delivery.settle(result) {
            await settle(delivery, body: Self.nakBody(delay: delay), commandType: commandType)
            let latency = Int64(truncatingIfNeeded: now() &- receivedAt)
            metrics?.commandFinished(type: commandType, outcome: .redelivered, latencyNanoseconds: latency)
            return
        }
        let bytes: [UInt8]
        switch result {
        case .success(let reply): bytes = reply
        case .failure(let error):
            bytes = error.json
            if replyTo == nil {
                logger.info("a command without a reply subject failed", metadata: ["command": "\(commandType)", "code": "\(error.code)", "message": "\(error.message)"])
            }
        }
        if let replyTo {
            do {
                try await client.publish(ByteBuffer(bytes: bytes), to: replyTo)
            } catch {
                // The command's effect (if any) is stored; only its answer is lost, and the
                // requester times out. Said loudly, not hidden.
                logger.warning("the answer could not be sent", metadata: ["command": "\(commandType)", "reply": "\(replyTo)", "error": "\(error)"])
            }
        }
        if let delivery { await settle(delivery, body: Self.ackBody, commandType: commandType) }
        let latency = Int64(truncatingIfNeeded: now() &- receivedAt)
        metrics?.commandFinished(type: commandType, outcome: outcome, latencyNanoseconds: latency)
        if case .failure(let error) = result {
            endpoint?.record(processingNanoseconds: latency, error: "\(error.code): \(error.message)")
        } else {
            endpoint?.record(processingNanoseconds: latency, error: nil)
        }
    }

    /// Acks are plain publishes on the intake connection: those of one event-loop turn leave in
    /// one socket write.
    private func settle(_ delivery: DurableDelivery, body: ByteBuffer, commandType: String) async {
        do {
            try await client.publish(body, to: delivery.ackSubject)
        } catch {
            // Not lost: the server delivers it again after the ack wait, and the command's id
            // answers it from what is stored. Said, since it costs a delay and a second answer.
            logger.warning(
                "a durable command could not be settled; it will be delivered again",
                metadata: ["command": "\(commandType)", "ack": "\(String(buffer: body))", "error": "\(error)"])
        }
    }

    static let ackBody = ByteBuffer(string: "+ACK")

    static func nakBody(delay: Duration?) -> ByteBuffer {
        guard let delay else { return ByteBuffer(string: "-NAK") }
        return ByteBuffer(string: "-NAK {\"delay\":\(NanosecondDuration(delay).nanoseconds)}")
    }
}
