import DequeModule
import Logging
import Synchronization
import Metrics
import NIOCore
import Wire

extension NATSClient {
    /// Subscribes to `subject` (wildcards allowed), optionally in a queue group.
    ///
    /// Each subscription has a bounded buffer (`limits`). With the `.backPressure` policy (the
    /// default) a full buffer closes the connection's one read gate: the client stops reading its
    /// socket until the consumer has taken enough, so nothing is dropped and memory stays bounded.
    /// The gate is per connection, not per subscription: while it is closed nothing else arrives
    /// on this client either: no request replies, no JetStream PubAcks, no other subscription's
    /// messages, no PONGs for `flush()`. A consumer that waits on something this same client must
    /// receive (a reply, an ack) while its buffer is full therefore waits until the buffer drains.
    ///
    /// Keep traffic that must not wait behind a slow consumer on a separate connection: one
    /// `NATSClient` for intake (subscriptions that may fill up) and another for the store
    /// (JetStream publishes, KV, replays, requests), both made from the same configuration and
    /// the same `EventLoopGroup` (the runtime's design: its intake and its store are two
    /// clients). Or use `.dropNewest` for a subscription whose messages may be lost.
    ///
    /// - Parameter limits: the buffer's bounds and overflow policy (default: the configuration's).
    /// - Throws: `NATSClientError` for an invalid subject or queue group, or a closed or draining client.
    public func subscribe(to subject: String, queueGroup: String? = nil, limits: SubscriptionLimits? = nil) async throws -> NATSSubscription {
        do {
            try Subject.validateSubscribe(subject)
            if let queueGroup { try Subject.validateQueueGroup(queueGroup) }
        } catch let error as NATSProtocolError {
            throw NATSClientError(.invalidSubject, error.detail)
        }
        let limits = limits ?? configuration.subscriptionLimits
        let (sid, buffer, schedule) = try core.withLock { core throws(NATSClientError) -> (UInt64, SubscriptionBuffer, Bool) in
            if core.isClosed { throw core.closedError }
            if core.isDraining { throw NATSClientError(.draining, "the client is draining; no new subscriptions") }
            let sid = core.nextSid
            core.nextSid += 1
            let buffer = SubscriptionBuffer(limits: limits, gate: readGate, progress: progress) { [weak self] in self?.resumeReading() }
            core.subscriptions[sid] = ClientCore.SubscriptionEntry(subject: subject, queueGroup: queueGroup, sink: .buffer(buffer))
            // While disconnected, the SUB goes out with the others after the next handshake.
            guard core.machine.isConnected else { return (sid, buffer, false) }
            core.outbound.writeSubscribe(subject: subject, queueGroup: queueGroup, sid: sid)
            return (sid, buffer, Self.markFlush(&core))
        }
        if schedule { scheduleOutboundFlush() }
        return NATSSubscription(sid: sid, subject: subject, queueGroup: queueGroup, buffer: buffer, client: self)
    }

    /// Subscribes `handler` to `subject`: its deliveries are handed over on the event loop, with no
    /// buffer between (see `NATSMessageHandler`). Returns the sid, for `unsubscribe(sid:after:)`.
    package func subscribe(to subject: String, handler: any NATSMessageHandler) throws -> UInt64 {
        do {
            try Subject.validateSubscribe(subject)
        } catch let error as NATSProtocolError {
            throw NATSClientError(.invalidSubject, error.detail)
        }
        let (sid, schedule) = try core.withLock { core throws(NATSClientError) -> (UInt64, Bool) in
            if core.isClosed { throw core.closedError }
            if core.isDraining { throw NATSClientError(.draining, "the client is draining; no new subscriptions") }
            let sid = core.nextSid
            core.nextSid += 1
            core.subscriptions[sid] = ClientCore.SubscriptionEntry(subject: subject, queueGroup: nil, sink: .handler(handler))
            guard core.machine.isConnected else { return (sid, false) }
            core.outbound.writeSubscribe(subject: subject, queueGroup: nil, sid: sid)
            return (sid, Self.markFlush(&core))
        }
        if schedule { scheduleOutboundFlush() }
        return sid
    }

    /// Ends a subscription now (`after` nil) or after `after` deliveries in total.
    package func unsubscribe(sid: UInt64, after: UInt64?) async throws {
        let (finished, schedule) = core.withLock { core -> (SubscriptionSink?, Bool) in
            guard var entry = core.subscriptions[sid] else { return (nil, false) }
            if let after, entry.delivered < after {
                entry.maxMessages = after
                core.subscriptions[sid] = entry
                guard core.machine.isConnected else { return (nil, false) }
                core.outbound.writeUnsubscribe(sid: sid, maxMessages: after)
                return (nil, Self.markFlush(&core))
            }
            core.subscriptions[sid] = nil
            guard core.machine.isConnected else { return (entry.sink, false) }
            core.outbound.writeUnsubscribe(sid: sid)
            return (entry.sink, Self.markFlush(&core))
        }
        if schedule { scheduleOutboundFlush() }
        finished?.finish()
    }

    /// Sets `flushScheduled`; true when the caller must schedule the flush.
    static func markFlush(_ core: inout ClientCore) -> Bool {
        guard !core.flushScheduled else { return false }
        core.flushScheduled = true
        return true
    }

    /// Routes the deliveries of one socket read by sid (event loop): one lock for the routing, then
    /// one push (one lock, at most one wake-up) per run of messages for the same subscription.
    func deliver(_ messages: [NATSMessage]) {
        var groups: [(sink: SubscriptionSink, sid: UInt64, range: Range<Int>, last: Bool)] = []
        var replies: [DeliveryRoute] = []
        core.withLock { core in
            var index = 0
            while index < messages.count {
                let sid = messages[index].sid
                if sid == core.muxSid {
                    replies.append(routeReply(&core, messages[index]))
                    index += 1
                    continue
                }
                var end = index + 1
                while end < messages.count, messages[end].sid == sid { end += 1 }
                defer { index = end }
                guard var entry = core.subscriptions[sid] else { continue }
                var take = end - index
                var last = false
                if let max = entry.maxMessages {
                    let remaining = max > entry.delivered ? Int(clamping: max - entry.delivered) : 0
                    if take >= remaining {
                        take = remaining
                        last = true
                    }
                }
                entry.delivered += UInt64(take)
                if last {
                    core.subscriptions[sid] = nil
                } else {
                    core.subscriptions[sid] = entry
                }
                groups.append((entry.sink, sid, index..<(index + take), last))
            }
        }
        for route in replies {
            if case .request(let continuation, let timer, let result) = route {
                timer?.cancel()
                continuation?.resume(with: result)
            }
        }
        if !replies.isEmpty { progress.poke() }
        for group in groups {
            let buffer: SubscriptionBuffer
            switch group.sink {
            case .handler(let handler):
                handler.receive(messages[group.range])
                if group.last { handler.finished(nil) }
                continue
            case .buffer(let sink):
                buffer = sink
            }
            let result = buffer.push(contentsOf: messages[group.range])
            if group.last {
                buffer.finish()
                continue
            }
            if result.dropped > 0 {
                droppedMessages.increment(by: Int64(result.dropped))
                let total = result.totalDropped
                if total == UInt64(result.dropped) || total / 1000 != (total - UInt64(result.dropped)) / 1000 {
                    eventSink.yield(.slowConsumer(sid: group.sid, dropped: total))
                }
            }
        }
    }

    /// The last full subscription buffer drained: read from the socket again.
    func resumeReading() {
        let channel = core.withLock { $0.channel }
        channel?.pipeline.fireUserInboundEventTriggered(NATSChannelHandler.ResumeReading())
    }
}

/// Where a reply on the request inbox goes, decided under the lock and carried out after it.
enum DeliveryRoute {
    case request(CheckedContinuation<NATSMessage, any Error>?, Scheduled<Void>?, Result<NATSMessage, any Error>)
    case none
}

/// A reply on the request inbox: `<muxPrefix><id>`; a 503 status fails the request at once.
private func routeReply(_ core: inout ClientCore, _ message: NATSMessage) -> DeliveryRoute {
    guard let id = requestID(in: message.subject, prefix: core.muxPrefix), let pending = core.requests[id] else { return .none }
    let result: Result<NATSMessage, any Error> =
        message.status?.code == NATSStatus.noResponders
        ? .failure(NATSClientError(.noResponders, "no responders for the request"))
        : .success(message)
    switch pending {
    case .registered(let timer):
        core.requests[id] = .answered(result)
        return .request(nil, timer, result)
    case .waiting(let continuation, let timer):
        core.requests[id] = nil
        return .request(continuation, timer, result)
    case .answered:
        return .none
    }
}

/// The decimal id after `prefix` in a reply subject, without allocating.
private func requestID(in subject: ByteBuffer, prefix: String) -> UInt64? {
    subject.withUnsafeReadableBytes { bytes -> UInt64? in
        var prefix = prefix
        return prefix.withUTF8 { ASCIIDecimal.parse(bytes, after: $0) }
    }
}
