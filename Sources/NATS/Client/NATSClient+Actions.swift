import DequeModule
import Logging
import Synchronization
import NIOCore
import NIOPosix
import Wire

extension NATSClient {
    /// Carries out what the state machine decided. Never called with the lock held.
    func perform(_ action: ConnectionStateMachine.Action) {
        switch action {
        case .none:
            return
        case .connect(let server, let generation, let timeout):
            openChannel(to: server, generation: generation, timeout: timeout)
        case .write(let bytes):
            writeControl(bytes)
        case .startTLS(let host, let generation):
            startTLS(host: host, generation: generation)
        case .established(let info, let server, let isReconnect, let generation):
            established(info: info, server: server, isReconnect: isReconnect, generation: generation)
        case .closeChannel(let generation, let reason):
            logger.debug("closing connection", metadata: ["reason": "\(reason)"])
            let channel = core.withLock { $0.channelGeneration == generation ? $0.channel : nil }
            channel?.close(promise: nil)
        case .scheduleReconnect(let delay, let generation):
            logger.debug("waiting before reconnecting", metadata: ["delay": "\(delay)"])
            eventLoop.scheduleTask(in: .nanoseconds(delay.nanoseconds)) {
                let next = self.core.withLock { $0.machine.reconnectTimerFired(generation: generation) }
                self.perform(next)
            }
        case .completeFlushes(let count):
            completeFlushes(count)
        case .disconnected(let reason, let failFlushes, let then):
            disconnected(reason: reason, failFlushes: failFlushes)
            perform(Self.action(for: then))
        case .report(let error):
            report(error)
        case .lameDuck(let then):
            let server = core.withLock { $0.channel?.remoteAddress.map { "\($0)" } ?? "server" }
            logger.info("server entered lame duck mode; moving to another server", metadata: ["server": "\(server)"])
            eventSink.yield(.lameDuckMode(server: server))
            perform(Self.action(for: then))
        case .closed(let error, _):
            closed(error)
        }
    }

    private static func action(for next: ConnectionStateMachine.Action.Next) -> ConnectionStateMachine.Action {
        switch next {
        case .connect(let server, let generation, let timeout): .connect(server, generation: generation, timeout: timeout)
        case .scheduleReconnect(let after, let generation): .scheduleReconnect(after: after, generation: generation)
        case .closeChannel(let generation): .closeChannel(generation: generation, reason: NATSClientError(.connectionClosed, "moving to another server"))
        case .close(let error): .closed(error, failFlushes: 0)
        }
    }

    private func openChannel(to server: ServerAddress, generation: UInt64, timeout: Duration) {
        logger.debug("connecting", metadata: ["server": "\(server)"])
        eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            let action = self.core.withLock { $0.machine.connectTimeoutFired(generation: generation) }
            self.perform(action)
        }
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            // An event loop that cannot open sockets (e.g. an embedded one in tests): a failed attempt, not a crash.
            let action = core.withLock {
                $0.machine.connectFailed(
                    generation: generation,
                    error: NATSClientError(.connectionFailed, "the event loop group cannot open TCP connections")
                )
            }
            perform(action)
            return
        }
        bootstrap
            .connectTimeout(.nanoseconds(timeout.nanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // One socket read (≤ 64 KiB) per read event: when a subscription fills up, at most that
            // much more arrives before reading stops.
            .channelOption(.maxMessagesPerRead, value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NATSChannelHandler(client: self, generation: generation))
                }
            }
            .connect(host: server.host, port: server.port)
            .whenFailure { error in
                let action = self.core.withLock {
                    $0.machine.connectFailed(
                        generation: generation,
                        error: NATSClientError(.connectionFailed, "could not connect to \(server)", underlying: error)
                    )
                }
                self.perform(action)
            }
    }

    /// Control frames: during the handshake straight to the socket (buffered publishes wait for
    /// CONNECT); once connected, behind whatever is already in the outbound buffer.
    private func writeControl(_ bytes: ByteBuffer) {
        let (direct, schedule) = core.withLock { core -> ((any Channel)?, Bool) in
            guard core.machine.isConnected else { return (core.channel, false) }
            var bytes = bytes
            core.outbound.writeBuffer(&bytes)
            guard !core.flushScheduled else { return (nil, false) }
            core.flushScheduled = true
            return (nil, true)
        }
        if let direct { direct.writeAndFlush(bytes, promise: nil) }
        if schedule { scheduleOutboundFlush() }
    }

    private func established(info: ServerInfo, server: ServerAddress, isReconnect: Bool, generation: UInt64) {
        core.withLock { core in
            core.maxPayload = info.maxPayload > 0 ? info.maxPayload : core.maxPayload
            var frames = core.resubscribeFrames()
            if let muxSid = core.muxSid {
                frames.writeSubscribe(subject: core.muxPrefix + "*", sid: muxSid)
            }
            frames.writeBuffer(&core.outbound)
            if var pings = core.machine.takeQueuedFlushes() { frames.writeBuffer(&pings) }
            core.outbound = frames
            core.flushScheduled = true
        }
        scheduleOutboundFlush()
        let interval = configuration.pingInterval
        eventLoop.scheduleRepeatedTask(initialDelay: .nanoseconds(interval.nanoseconds), delay: .nanoseconds(interval.nanoseconds)) { task in
            let action = self.core.withLock { core -> ConnectionStateMachine.Action? in
                guard core.machine.isConnected, core.channelGeneration == generation else { return nil }
                return core.machine.pingTimerFired(generation: generation)
            }
            guard let action else {
                task.cancel()
                return
            }
            self.perform(action)
        }
        logger.info(isReconnect ? "reconnected" : "connected", metadata: ["server": "\(server)", "version": "\(info.version)"])
        eventSink.yield(isReconnect ? .reconnected(server: server.description) : .connected(server: server.description))
    }

    private func completeFlushes(_ count: Int) {
        let waiters = core.withLock { core -> [ClientCore.FlushWaiter] in
            var taken: [ClientCore.FlushWaiter] = []
            for _ in 0..<count {
                guard let waiter = core.flushWaiters.popFirst() else { break }
                taken.append(waiter)
            }
            return taken
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation?.resume()
        }
    }

    private func disconnected(reason: NATSClientError, failFlushes: Int) {
        let (flushes, spaceWaiters, handlers) = core.withLock { core -> ([ClientCore.FlushWaiter], [CheckedContinuation<Void, any Error>], [any NATSMessageHandler]) in
            var flushes: [ClientCore.FlushWaiter] = []
            for _ in 0..<failFlushes {
                guard let waiter = core.flushWaiters.popFirst() else { break }
                flushes.append(waiter)
            }
            core.channel = nil
            core.channelWritable = true
            let spaceWaiters = core.spaceWaiters.removeAll()
            let handlers = core.subscriptions.values.compactMap { entry -> (any NATSMessageHandler)? in
                if case .handler(let handler) = entry.sink { return handler }
                return nil
            }
            return (flushes, spaceWaiters, handlers)
        }
        for waiter in flushes {
            waiter.timer?.cancel()
            waiter.continuation?.resume(throwing: reason)
        }
        for waiter in spaceWaiters { waiter.resume() }
        for handler in handlers { handler.connectionLost(reason) }
        logger.warning("disconnected", metadata: ["reason": "\(reason)"])
        eventSink.yield(.disconnected(reason: reason))
    }

    private func report(_ error: NATSClientError) {
        guard error.code == .permissionsViolation, let text = error.serverMessage else {
            logger.warning("server error", metadata: ["error": "\(error)"])
            eventSink.yield(.error(error))
            return
        }
        let subject = text.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init)
        let lowered = text.lowercased()
        // Said once per cause (the direction and the subject's first two tokens, e.g. publish to
        // person.events): a service whose permissions lack a subject it writes on every command
        // would otherwise log a line per command. Each one is still an event and a debug line.
        let cause = "\(lowered.contains("for publish") ? "publishes to" : "subscriptions to") \(subject.map(Self.subjectFamily) ?? text)"
        if core.withLock({ $0.reportedViolations.insert(cause).inserted }) {
            logger.warning(
                "permissions violation: the server refuses this connection's \(cause).* (check the user's permissions); further refusals of these are logged at debug level",
                metadata: ["error": "\(error)"])
        } else {
            logger.debug("permissions violation", metadata: ["error": "\(error)"])
        }
        if lowered.contains("for subscription to") {
            // A refused subscription ends that subscription with the error; a refused request
            // inbox fails the requests waiting on it now, not at their timeouts, and the next
            // request subscribes again (the permissions may have changed by then).
            let (sinks, requests) = core.withLock { core -> ([SubscriptionSink], [ClientCore.PendingRequest]) in
                let sids = core.subscriptions.filter { $0.value.subject == subject }.map(\.key)
                let sinks = sids.compactMap { core.subscriptions.removeValue(forKey: $0)?.sink }
                guard core.muxSid != nil, subject == core.muxPrefix + "*" else { return (sinks, []) }
                core.muxSid = nil
                var waiting: [ClientCore.PendingRequest] = []
                for (id, pending) in core.requests {
                    switch pending {
                    case .registered: core.requests[id] = .answered(.failure(error))
                    case .waiting:
                        core.requests[id] = nil
                        waiting.append(pending)
                    case .answered: break
                    }
                }
                return (sinks, waiting)
            }
            for sink in sinks { sink.finish(error) }
            for case .waiting(let continuation, let timer) in requests {
                timer.cancel()
                continuation.resume(throwing: error)
            }
            if !requests.isEmpty { progress.poke() }
        } else if lowered.contains("for publish to"), let subject {
            // A refused publish is dropped by the server: whoever waits for its reply hears it now.
            let handlers = core.withLock { core in
                core.subscriptions.values.compactMap { entry -> (any NATSMessageHandler)? in
                    if case .handler(let handler) = entry.sink { return handler }
                    return nil
                }
            }
            for handler in handlers { handler.publishRefused(to: subject, error) }
        }
        eventSink.yield(.error(error))
    }

    /// The first two tokens of `subject` (`person.events` of `person.events.<id>.created`).
    static func subjectFamily(_ subject: String) -> String {
        subject.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).prefix(2).joined(separator: ".")
    }

    private func closed(_ error: NATSClientError?) {
        let taken = core.withLock { core in
            // Frames never handed to the socket are lost now; drain() reports them.
            core.unsentBytesAtClose = core.outbound.readableBytes
            let taken = (
                channel: core.channel,
                flushes: Array(core.flushWaiters),
                spaceWaiters: core.spaceWaiters.removeAll(),
                subscriptions: core.subscriptions.values.map(\.sink),
                requests: Array(core.requests.values),
                runWaiter: core.runWaiter
            )
            core.channel = nil
            core.flushWaiters.removeAll()
            core.subscriptions.removeAll()
            core.requests.removeAll()
            core.runWaiter = nil
            return taken
        }
        let failure = error ?? .clientClosed
        taken.channel?.close(promise: nil)
        for waiter in taken.flushes {
            waiter.timer?.cancel()
            waiter.continuation?.resume(throwing: failure)
        }
        for waiter in taken.spaceWaiters { waiter.resume(throwing: failure) }
        for sink in taken.subscriptions { sink.finish(error) }
        for request in taken.requests {
            switch request {
            case .registered(let timer): timer.cancel()
            case .waiting(let continuation, let timer):
                timer.cancel()
                continuation.resume(throwing: failure)
            case .answered: break
            }
        }
        if let error {
            logger.error("closed", metadata: ["error": "\(error)"])
        } else {
            logger.info("closed")
        }
        eventSink.yield(.closed(error))
        eventSink.finish()
        taken.runWaiter?.resume()
        progress.poke()
    }

    // MARK: Events from the channel handler (on the event loop)

    func channelActive(_ channel: any Channel, generation: UInt64) {
        let (action, wanted) = core.withLock { core -> (ConnectionStateMachine.Action, Bool) in
            let action = core.machine.channelActive(generation: generation)
            guard case .connecting(_, let phase, generation) = core.machine.state, phase == .awaitingInfo || phase == .tlsHandshake else {
                return (.none, false)
            }
            core.channel = channel
            core.channelGeneration = generation
            return (action, true)
        }
        // The socket of an abandoned attempt (timed out, closed on request) is not wanted.
        if !wanted { channel.close(promise: nil) }
        perform(action)
    }

    /// A non-MSG op from the socket of `generation` (deliveries go through `deliver(_:)`).
    func received(_ op: ServerOp, generation: UInt64) {
        switch op {
        case .msg(let message):
            deliver([message])
        case .ping:
            perform(core.withLock { $0.machine.pingReceived(generation: generation) })
        case .pong:
            perform(core.withLock { $0.machine.pongReceived(generation: generation) })
        case .info(let info):
            perform(core.withLock { $0.machine.infoReceived(info, generation: generation) })
        case .err(let error):
            perform(core.withLock { $0.machine.errorReceived(error.text, generation: generation) })
        case .ok:
            break
        }
    }

    func decodeFailed(_ error: NATSProtocolError, generation: UInt64) {
        perform(core.withLock { $0.machine.decodeFailed(error, generation: generation) })
    }

    func channelClosed(generation: UInt64, error: NATSClientError?) {
        let action = core.withLock { $0.machine.channelClosed(generation: generation, error: error) }
        perform(action)
    }

    func writabilityChanged(_ writable: Bool, generation: UInt64) {
        let flush = core.withLock { core -> Bool in
            guard core.channelGeneration == generation else { return false }
            core.channelWritable = writable
            guard writable, core.outbound.readableBytes > 0, !core.flushScheduled else { return false }
            core.flushScheduled = true
            return true
        }
        if flush { flushOutbound() }
    }

    /// True while no subscription buffer is full.
    var mayRead: Bool { readGate.isOpen }
}
