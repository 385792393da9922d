import Aggregates
import Logging
import NATS
import NIOCore
import Synchronization
import Wire

extension QueryHost {
    /// Feeds the model from the stream until `stop()`: an ephemeral consumer of this replica's own
    /// (no acks, in memory) from the next sequence the model needs; made again from there when it
    /// fails (a reconnection that outlived it, a server restart).
    package func feed() async {
        while !feeding.withLock({ $0.stopped }) {
            let from = applied + 1
            var config = ConsumerConfig(filterSubject: "\(prefix).>", ackPolicy: AckPolicy.none)
            config.deliverPolicy = .byStartSequence
            config.startSequence = from
            config.inactiveThreshold = NanosecondDuration(.seconds(300))
            config.memoryStorage = true
            config.replicas = 1
            do {
                let consumer = try await js.createConsumer(stream: stream, config)
                let messages = try consumer.messages(batch: 512, expires: .seconds(30))
                let stopped = feeding.withLock { feeding -> Bool in
                    feeding.messages = messages
                    return feeding.stopped
                }
                if stopped { await messages.stop() }
                for try await message in messages {
                    guard receive(message) else { return }
                }
                return  // Stopped.
            } catch {
                if feeding.withLock({ $0.stopped }) { return }
                logger.warning("the read model's consumer failed; reading again from sequence \(applied + 1) in 1 s", metadata: ["stream": "\(stream)", "error": "\(error)"])
                do {
                    // Pacing between attempts, not synchronisation.
                    try await Task.sleep(for: .seconds(1))
                } catch {
                    return
                }
            }
        }
    }

    /// Ends `feed()`: its consumer's messages stop, and it makes no new consumer.
    package func stop() async {
        let messages = feeding.withLock { feeding -> ConsumerMessages? in
            feeding.stopped = true
            return feeding.messages
        }
        await messages?.stop()
    }

    /// Applies one delivered message; false when the model failed (it stops reading).
    func receive(_ message: JetStreamMessage) -> Bool {
        let sequence = message.metadata.streamSequence
        // `<prefix>._claims.…` and anything else that is not an aggregate's event is skipped.
        let isEvent = !message.subject.utf8.dropFirst(prefix.utf8.count + 1).starts(with: "_".utf8)
        var envelope: EventEnvelope<Codec.State.ID, Codec.State.Event>?
        if isEvent {
            do {
                envelope = try message.payload.withUnsafeReadableBytes { bytes throws(CommandDecodingError) in try codec.decodeEvent(bytes) }
            } catch {
                fail("event \(sequence) on \(message.subject) cannot be read (\(error)); the read model stopped at sequence \(sequence - 1)")
                return false
            }
        }
        let reached = state.withLock { state -> [Waiting] in
            if let envelope { state.model.apply(envelope) }
            state.applied = max(state.applied, sequence)
            guard !state.waiting.isEmpty else { return [] }
            let ids = state.waiting.filter { $0.value.target <= state.applied }.map(\.key)
            return ids.compactMap { state.waiting.removeValue(forKey: $0) }
        }
        for waiting in reached { waiting.continuation.resume(returning: true) }
        return true
    }

    /// Stops answering: queries are refused with `read_model_failed` and the reason.
    func fail(_ reason: String) {
        logger.error("the read model failed: queries are refused until the service restarts", metadata: ["reason": "\(reason)"])
        let waiting = state.withLock { state -> [Waiting] in
            state.failure = reason
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for waiter in waiting { waiter.continuation.resume(returning: false) }
    }
}
