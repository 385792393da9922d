import DequeModule
import Logging
import NIOCore
import Synchronization
import Wire

extension NATSClient {
    /// Drains and closes: unsubscribes everything, lets the server stop sending (flush), lets
    /// consumers take what already arrived, waits for pending requests and for handlers' replies
    /// (JetStream PubAcks), then stops publishing, flushes and closes, all within
    /// `configuration.drainTimeout`. The client is closed when this returns or throws.
    ///
    /// - Throws: `NATSClientError(.drainIncomplete)` when the drain could not finish cleanly: the
    ///   deadline passed with work still pending (the detail says what), the final flush failed
    ///   (`underlying` holds why), or publishes were still unsent when the connection closed. A
    ///   drain called while another runs waits for that one and throws the same way if the client
    ///   is not closed in time.
    public func drain() async throws {
        let deadline = NIODeadline.now() + .nanoseconds(configuration.drainTimeout.nanoseconds)
        let epoch = progress.watch()
        defer { progress.unwatch() }
        // The deadline is an event of the connection's event loop (a test's loop can advance it):
        // it marks the drain late and wakes the waits below.
        let late = DrainDeadline()
        let alarm = eventLoop.scheduleTask(deadline: deadline) {
            late.passed.store(true, ordering: .sequentiallyConsistent)
            self.progress.poke()
        }
        defer { alarm.cancel() }

        let (alreadyDraining, buffered, schedule) = core.withLock { core -> (Bool, [(UInt64, SubscriptionSink)], Bool) in
            if core.isClosed { return (false, [], false) }
            if core.isDraining { return (true, [], false) }
            core.isDraining = true
            // Handler subscriptions (PubAck inboxes) stay until their replies are in.
            let buffered = core.subscriptions.filter { if case .buffer = $0.value.sink { true } else { false } }
                .map { ($0.key, $0.value.sink) }.sorted { $0.0 < $1.0 }
            guard core.machine.isConnected else { return (false, buffered, false) }
            for (sid, _) in buffered { core.outbound.writeUnsubscribe(sid: sid) }
            return (false, buffered, Self.markFlush(&core))
        }
        if alreadyDraining {
            let closed = await waitUntil(late, after: epoch) { core.withLock { $0.isClosed } }
            guard closed else {
                throw NATSClientError(.drainIncomplete, "another drain did not close the client within \(configuration.drainTimeout)")
            }
            return
        }
        if core.withLock({ $0.isClosed }) { return }

        var problems: [String] = []
        var cause: (any Error)?
        if schedule { scheduleOutboundFlush() }
        if isConnected {
            do {
                try await flush(timeout: remaining(until: deadline))
            } catch {
                // Without the round trip the server may still send to the subscriptions.
                problems.append("the server did not confirm the unsubscribes")
                cause = error
            }
        }
        // The server sends nothing more: end each subscription after what it already holds.
        core.withLock { core in for (sid, _) in buffered { core.subscriptions[sid] = nil } }
        for (_, sink) in buffered { sink.finish() }

        var pending = ""
        let quiet = await waitUntil(late, after: epoch) {
            pending = self.pendingWork(buffered: buffered)
            return pending.isEmpty
        }
        if !quiet { problems.append("out of time with \(pending)") }

        let handlers = core.withLock { core -> [SubscriptionSink] in
            defer { core.subscriptions.removeAll() }
            return core.subscriptions.values.map(\.sink)
        }
        for sink in handlers { sink.finish() }
        core.withLock { $0.refusesPublishes = true }
        var flushed = false
        if isConnected {
            do {
                try await flush(timeout: min(.seconds(5), remaining(until: deadline)))
                flushed = true
            } catch {
                problems.append("the final flush failed")
                cause = cause ?? error
            }
        }
        close()
        // Publishes are refused from before the final flush's PING, so once its PONG is in every
        // publish reached the server; what may be left is a control frame queued since (a PONG to
        // the server's PING, a keep-alive PING), which loses nothing.
        let unsent = core.withLock { $0.unsentBytesAtClose }
        if !flushed, unsent > 0 { problems.append("\(unsent) bytes of publishes were never sent") }
        guard problems.isEmpty else {
            throw NATSClientError(
                .drainIncomplete,
                "the drain did not complete within \(configuration.drainTimeout): " + problems.joined(separator: "; "),
                underlying: cause
            )
        }
    }

    /// What the drain still waits for, as a readable list; empty when nothing.
    private func pendingWork(buffered: [(UInt64, SubscriptionSink)]) -> String {
        let (requests, handlers) = core.withLock { core in
            (
                core.requests.values.count { if case .answered = $0 { false } else { true } },
                core.subscriptions.values.count { !$0.sink.isIdle }
            )
        }
        let unconsumed = buffered.count { !$0.1.isIdle }
        var parts: [String] = []
        if requests > 0 { parts.append("\(requests) requests unanswered") }
        if unconsumed > 0 { parts.append("\(unconsumed) subscriptions with messages not yet consumed") }
        if handlers > 0 { parts.append("\(handlers) handlers awaiting replies") }
        return parts.joined(separator: ", ")
    }

    /// Waits until `condition` holds (true) or the drain is `late` (false), woken by progress pokes.
    private func waitUntil(_ late: DrainDeadline, after epoch: UInt64, _ condition: () -> Bool) async -> Bool {
        var seen = epoch
        while true {
            if condition() { return true }
            if late.passed.load(ordering: .sequentiallyConsistent) { return false }
            await progress.wait(after: seen)
            seen = progress.epoch
        }
    }

    /// Closes at once: the socket is closed, waiting calls fail, subscriptions end.
    public func close() {
        let action = core.withLock { $0.machine.close() }
        perform(action)
    }

    private func remaining(until deadline: NIODeadline) -> Duration {
        max(.milliseconds(1), .nanoseconds((deadline - .now()).nanoseconds))
    }
}

extension NATSClient {
    /// Subscriptions the client holds (for tests that check nothing is left behind).
    package var subscriptionCount: Int { core.withLock { $0.subscriptions.count } }

    /// A one-line summary of the client's internal state, for diagnosing tests.
    package var debugState: String {
        core.withLock { core in
            "state=\(core.machine.state) outbound=\(core.outbound.readableBytes) flushScheduled=\(core.flushScheduled) "
                + "writable=\(core.channelWritable) subs=\(core.subscriptions.count) readGateOpen=\(readGate.isOpen) "
                + "flushWaiters=\(core.flushWaiters.count) spaceWaiters=\(core.spaceWaiters.count) requests=\(core.requests.count) "
                + "draining=\(core.isDraining) channel=\(core.channel != nil)"
        }
    }
}

/// Set by the drain's deadline task on the event loop.
private final class DrainDeadline: Sendable {
    let passed = Atomic<Bool>(false)
}
