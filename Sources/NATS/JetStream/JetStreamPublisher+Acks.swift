import NIOCore
import Synchronization
import Wire

extension JetStreamPublisher {
    /// PubAcks of one socket read (event loop): parsed outside the lock, matched under one lock,
    /// completed after it. A read with one ack (sync publishing) takes a path without arrays.
    package func receive(_ messages: ArraySlice<NATSMessage>) {
        if messages.count == 1, let message = messages.first {
            guard let (id, outcome) = outcome(of: message) else { return }
            var retry: Outgoing?
            let completion = state.withLock { state in settle(&state, id, outcome, retry: &retry) }
            if let (completion, result) = completion {
                completion.complete(result)
                release(1)
            }
            if let retry { scheduleRetry(id: id, retry) }
            return
        }
        var outcomes: [(id: UInt64, outcome: Outcome)] = []
        outcomes.reserveCapacity(messages.count)
        for message in messages {
            if let outcome = outcome(of: message) { outcomes.append(outcome) }
        }
        var completed: [(Completion, Result<PubAck, JetStreamError>)] = []
        completed.reserveCapacity(outcomes.count)
        var retries: [(UInt64, Outgoing)] = []
        state.withLock { state in
            for (id, outcome) in outcomes {
                var retry: Outgoing?
                if let done = settle(&state, id, outcome, retry: &retry) { completed.append(done) }
                if let retry { retries.append((id, retry)) }
            }
        }
        for (completion, result) in completed { completion.complete(result) }
        if !completed.isEmpty { release(completed.count) }
        for (id, message) in retries { scheduleRetry(id: id, message) }
    }

    /// The publish id and outcome an ack carries; nil for a message that is not one of ours.
    private func outcome(of message: NATSMessage) -> (UInt64, Outcome)? {
        // Subject and payload through one access to the frame (each costs a dynamic exclusivity check).
        message.withUnsafeSubjectAndPayload { subject, payload -> (UInt64, Outcome)? in
            guard let id = Self.publishID(in: subject, prefix: prefix) else { return nil }
            if let status = message.status {
                if status.code == NATSStatus.noResponders { return (id, .noResponders) }
                return (id, .done(.failure(JetStreamError(.serverError, "unexpected status \(status) for a publish", status: Int(status.code)))))
            }
            do throws(JetStreamError) {
                return (id, .done(.success(try PubAck.parse(payload))))
            } catch {
                return (id, .done(.failure(error)))
            }
        }
    }

    /// Under the lock: ends publish `id` with `outcome` (returned, to complete after the lock), or
    /// keeps it for a retry after a 503 (`retry` set).
    private func settle(
        _ state: inout State,
        _ id: UInt64,
        _ outcome: Outcome,
        retry: inout Outgoing?
    ) -> (Completion, Result<PubAck, JetStreamError>)? {
        switch outcome {
        case .done(let result):
            guard let pending = state.pending.removeValue(forKey: id) else { return nil }
            return (pending.completion, result)
        case .noResponders:
            guard var pending = state.pending[id] else { return nil }
            if pending.retriesLeft > 0 {
                pending.retriesLeft -= 1
                state.pending[id] = pending
                retry = pending.message
                return nil
            }
            state.pending[id] = nil
            return (pending.completion, .failure(Self.noResponders(pending.message.subject)))
        }
    }

    enum Outcome {
        case done(Result<PubAck, JetStreamError>)
        case noResponders
    }

    static func noResponders(_ subject: String) -> JetStreamError {
        JetStreamError(.noResponders, "no stream answered for \(subject): no stream captures the subject, or its leader is being elected", status: 503)
    }

    /// Sends a 503-answered publish again after `retryWait`, with the same id.
    private func scheduleRetry(id: UInt64, _ message: Outgoing) {
        let wait = options.retryWait
        Task {
            try? await Task.sleep(for: wait)
            guard self.state.withLock({ $0.pending[id] != nil }) else { return }
            self.noResponderRetriesSent.add(1, ordering: .relaxed)
            do {
                try await self.client.publish(
                    message.payload, to: message.subject, replyPrefix: self.prefix, replyNumber: id, headers: message.headers
                )
            } catch {
                self.fail(id: id, JetStreamError(.outcomeUnknown, "retrying the publish to \(message.subject) failed", underlying: error))
            }
        }
    }

    private func fail(id: UInt64, _ error: JetStreamError) {
        let completion = state.withLock { state -> Completion? in
            guard let pending = state.pending.removeValue(forKey: id) else { return nil }
            return pending.completion
        }
        guard let completion else { return }
        completion.complete(.failure(error))
        release(1)
    }

    /// Fails publishes whose ack is overdue at `now`, and forgets the order entries of
    /// acknowledged ones.
    package func sweep(at now: NIODeadline) {
        let expired = state.withLock { state -> [(Completion, String)] in
            // Taken out while the pending table is read (no copy of either).
            var deadlines = AckDeadlines()
            swap(&deadlines, &state.deadlines)
            defer { swap(&deadlines, &state.deadlines) }
            return deadlines.expire(at: now) { state.pending[$0] != nil }.compactMap { id in
                state.pending.removeValue(forKey: id).map { ($0.completion, $0.message.subject) }
            }
        }
        for (completion, subject) in expired {
            completion.complete(.failure(JetStreamError(.timeout, "no PubAck for the publish to \(subject) within \(options.ackTimeout); it may or may not be stored")))
        }
        if !expired.isEmpty { release(expired.count) }
    }

    /// The server refused (for the connection's permissions) a publish to `subject`: each of
    /// ours to it waiting for its ack fails now, with the server's words, instead of at the ack
    /// deadline. The server stored none of them, and acks nothing it dropped.
    package func publishRefused(to subject: String, _ error: NATSClientError) {
        let refused = state.withLock { state -> [Completion] in
            let ids = state.pending.compactMap { $0.value.message.subject == subject ? $0.key : nil }
            return ids.compactMap { state.pending.removeValue(forKey: $0)?.completion }
        }
        guard !refused.isEmpty else { return }
        let failure = JetStreamError(
            .permissionsViolation, "the server refused to let this connection publish to \(subject) (\(error.serverMessage ?? error.detail)); nothing was stored",
            underlying: error)
        for completion in refused { completion.complete(.failure(failure)) }
        release(refused.count)
    }

    /// The connection was lost: every publish still waiting for its ack fails, since its ack can
    /// no longer arrive on this connection.
    package func connectionLost(_ reason: NATSClientError) {
        failAll(JetStreamError(
            .outcomeUnknown,
            "the connection was lost before the PubAck arrived (\(reason.code)); the message may or may not be stored: publish it again with the same Nats-Msg-Id"
        ), close: false)
    }

    /// The inbox subscription ended (client closed, drained, or `close()`).
    package func finished(_ error: NATSClientError?) {
        let reason = JetStreamError(.outcomeUnknown, "the publisher was closed\(error.map { ": \($0)" } ?? "") before the PubAck arrived")
        failAll(reason, close: true)
    }

    package var hasPendingWork: Bool { state.withLock { $0.inFlight > 0 } }

    private func failAll(_ error: JetStreamError, close: Bool) {
        let (futures, waiters, sweeper) = state.withLock { state in
            let futures = state.pending.values.map(\.completion)
            state.pending.removeAll()
            state.deadlines.removeAll()
            var waiters: [CheckedContinuation<Void, any Error>] = []
            var sweeper: RepeatedTask?
            if close {
                state.closed = JetStreamError(.closed, "the publisher is closed; nothing was sent")
                waiters = state.windowWaiters.removeAll()
                sweeper = state.sweeper
                state.sweeper = nil
            }
            return (futures, waiters, sweeper)
        }
        sweeper?.cancel()
        for completion in futures { completion.complete(.failure(error)) }
        for waiter in waiters { waiter.resume(throwing: JetStreamError(.closed, "the publisher closed before the publish was sent")) }
        release(futures.count)
    }

    /// The decimal id after `prefix` in an ack's subject, read from the bytes.
    static func publishID(in subject: ByteBuffer, prefix: String) -> UInt64? {
        subject.withUnsafeReadableBytes { publishID(in: $0, prefix: prefix) }
    }

    static func publishID(in subject: UnsafeRawBufferPointer, prefix: String) -> UInt64? {
        var prefix = prefix
        return prefix.withUTF8 { ASCIIDecimal.parse(subject, after: $0) }
    }
}
