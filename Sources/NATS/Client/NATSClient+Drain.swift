import DequeModule
import Logging
import Synchronization
import NIOCore
import Wire

extension NATSClient {
    /// Drains and closes: unsubscribes everything, lets the server stop sending (flush), lets
    /// consumers take what already arrived, waits for pending requests, then stops publishing,
    /// flushes and closes — all within `drainTimeout`.
    public func drain() async throws {
        let start = ContinuousClock.now
        let deadline = start + configuration.drainTimeout
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
            // Another drain is under way: wait for it to close the client.
            while !core.withLock({ $0.isClosed }), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
            return
        }
        if schedule { scheduleOutboundFlush() }
        if isConnected { try? await flush(timeout: remaining(until: deadline)) }
        // The server sends nothing more: end each subscription after what it already holds.
        core.withLock { core in for (sid, _) in buffered { core.subscriptions[sid] = nil } }
        for (_, sink) in buffered { sink.finish() }
        while ContinuousClock.now < deadline {
            let busy = core.withLock { core in
                core.requests.contains { if case .answered = $0.value { false } else { true } }
                    || core.subscriptions.values.contains { !$0.sink.isIdle }
            }
            if !busy, buffered.allSatisfy({ $0.1.isIdle }) { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
        let handlers = core.withLock { core -> [SubscriptionSink] in
            defer { core.subscriptions.removeAll() }
            return core.subscriptions.values.map(\.sink)
        }
        for sink in handlers { sink.finish() }
        core.withLock { $0.refusesPublishes = true }
        if isConnected { try? await flush(timeout: min(.seconds(5), remaining(until: deadline))) }
        close()
    }

    /// Closes at once: the socket is closed, waiting calls fail, subscriptions end.
    public func close() {
        let action = core.withLock { $0.machine.close() }
        perform(action)
    }

    private func remaining(until deadline: ContinuousClock.Instant) -> Duration {
        max(.milliseconds(1), deadline - ContinuousClock.now)
    }
}

extension NATSClient {
    /// A one-line summary of the client's internal state, for diagnosing tests.
    /// Subscriptions the client holds (for tests that check nothing is left behind).
    package var subscriptionCount: Int { core.withLock { $0.subscriptions.count } }

    package var debugState: String {
        core.withLock { core in
            "state=\(core.machine.state) outbound=\(core.outbound.readableBytes) flushScheduled=\(core.flushScheduled) "
                + "writable=\(core.channelWritable) subs=\(core.subscriptions.count) readGateOpen=\(readGate.isOpen) "
                + "flushWaiters=\(core.flushWaiters.count) spaceWaiters=\(core.spaceWaiters.count) requests=\(core.requests.count) "
                + "draining=\(core.isDraining) channel=\(core.channel != nil)"
        }
    }
}
