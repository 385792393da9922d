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
        let (alreadyDraining, buffers, schedule) = core.withLock { core -> (Bool, [SubscriptionBuffer], Bool) in
            if core.isClosed { return (false, [], false) }
            if core.isDraining { return (true, [], false) }
            core.isDraining = true
            let buffers = core.subscriptions.values.map(\.buffer)
            guard core.machine.isConnected else { return (false, buffers, false) }
            for sid in core.subscriptions.keys.sorted() { core.outbound.writeUnsubscribe(sid: sid) }
            return (false, buffers, Self.markFlush(&core))
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
        core.withLock { $0.subscriptions.removeAll() }
        for buffer in buffers { buffer.finish() }
        while ContinuousClock.now < deadline {
            let busy = core.withLock { $0.requests.contains { if case .answered = $0.value { false } else { true } } }
            if !busy, buffers.allSatisfy({ $0.pendingMessages == 0 }) { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
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
    package var debugState: String {
        core.withLock { core in
            "state=\(core.machine.state) outbound=\(core.outbound.readableBytes) flushScheduled=\(core.flushScheduled) "
                + "writable=\(core.channelWritable) subs=\(core.subscriptions.count) readGateOpen=\(readGate.isOpen) "
                + "flushWaiters=\(core.flushWaiters.count) spaceWaiters=\(core.spaceWaiters.count) requests=\(core.requests.count) "
                + "draining=\(core.isDraining) channel=\(core.channel != nil)"
        }
    }
}
