/// What a durably delivered command needs to be settled: where its ack goes and how often it
/// was delivered. Copied out of the delivery (a slice would pin the receive buffer).
package struct DurableDelivery: Sendable, Hashable {
    /// The message's `$JS.ACK…` subject.
    package var ackSubject: String
    /// Deliveries so far, this one included.
    package var delivered: UInt64
    /// The consumer's limit (`DurableIntakeConfiguration.maxDeliver`).
    package var maxDeliver: Int

    package init(ackSubject: String, delivered: UInt64, maxDeliver: Int) {
        self.ackSubject = ackSubject
        self.delivered = delivered
        self.maxDeliver = maxDeliver
    }

    /// How a finished command leaves the work queue.
    package enum Settlement: Sendable, Hashable {
        /// Answer (when asked) and acknowledge: the outcome is final.
        case answer
        /// No answer yet: hand it back for another delivery after `delay` (`nil`: at once).
        case redeliver(delay: Duration?)
    }

    /// Final outcomes are answered; a retryable failure is delivered again (with a growing delay,
    /// or at once when another replica can take it now) until its deliveries run out, and then
    /// answered with the failure.
    package func settle(_ result: Result<[UInt8], ReplyError>) -> Settlement {
        guard case .failure(let failure) = result, failure.retryable, delivered < UInt64(max(1, maxDeliver)) else {
            return .answer
        }
        if failure.code == ReplyError.shuttingDown.code { return .redeliver(delay: nil) }
        return .redeliver(delay: Self.backoff(afterDelivery: delivered))
    }

    /// 100 ms after the first delivery, doubling, at most 5 s.
    package static func backoff(afterDelivery delivered: UInt64) -> Duration {
        let exponent = min(max(delivered, 1) - 1, 6)
        return min(.milliseconds(100 << exponent), .seconds(5))
    }
}
