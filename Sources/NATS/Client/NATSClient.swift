import DequeModule
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization
import Wire

/// A NATS client: one connection (reconnected as needed), publish, subscribe, request/reply,
/// flush and drain.
///
/// The connection's logic is a pure state machine (`ConnectionStateMachine`); this class holds
/// it with the rest of the client's state behind one lock, performs the actions it returns, and
/// is driven by a thin channel handler. `run()` is the client's life: it connects, reconnects,
/// and on graceful shutdown drains and closes — run it in a `ServiceGroup`, or use
/// `withConnection(_:)`.
///
/// Publishing encodes frames straight into one outbound buffer; the buffer is written and flushed
/// once per event-loop turn, so many publishes share one write. Publishers wait when more than
/// `maxPendingOutboundBytes` are waiting for the socket.
public final class NATSClient: Service, Sendable {
    public let configuration: NATSClientConfiguration
    package let eventLoop: any EventLoop
    let logger: Logger
    let core: Mutex<ClientCore>
    let events: AsyncStream<NATSClientEvent>
    let eventSink: AsyncStream<NATSClientEvent>.Continuation
    let executor: EventLoopTaskExecutor
    /// Closed while any subscription buffer is full: the socket is then not read.
    let readGate = ReadGate()
    /// Wakes `drain()` when requests, buffers or handlers may have finished.
    let progress = ProgressSignal()
    let outboundLimits: OutboundLimits
    /// Used when a server requires TLS or the configuration asks for it.
    let tlsContext: NIOSSLContext
    /// `nats_client_dropped_messages_total`: messages dropped by subscriptions with the drop policy.
    let droppedMessages: Counter

    /// An executor that runs tasks on this client's event loop. A task that publishes and consumes
    /// with this preference (`withTaskExecutorPreference(client.taskExecutor) { … }`) skips the
    /// thread hops between the event loop and the cooperative pool: the lowest request/reply
    /// latency. Keep such work short: the connection does no I/O while it runs.
    public var taskExecutor: any TaskExecutor { executor }

    /// - Throws: `NATSClientError(.invalidConfiguration)` for an empty server list or an invalid key.
    public init(
        configuration: NATSClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "nats.client"),
        metricsFactory: (any MetricsFactory)? = nil
    ) throws {
        guard !configuration.servers.isEmpty else {
            throw NATSClientError(.invalidConfiguration, "no NATS server configured")
        }
        do { try Subject.validatePublish(configuration.inboxPrefix) } catch { throw NATSClientError(.invalidConfiguration, "invalid inbox prefix", underlying: error) }
        self.configuration = configuration
        self.outboundLimits = OutboundLimits(
            maxPendingOutboundBytes: configuration.maxPendingOutboundBytes,
            reconnectBufferBytes: configuration.reconnectBufferBytes
        )
        self.eventLoop = eventLoopGroup.next()
        self.executor = EventLoopTaskExecutor(eventLoop: eventLoop)
        self.logger = logger
        let authentication = try ResolvedAuthentication(configuration.authentication)
        self.tlsContext = try Self.makeTLSContext(configuration.tls)
        self.droppedMessages = Counter(
            label: "nats_client_dropped_messages_total",
            dimensions: [("client", configuration.name ?? "nats")],
            factory: metricsFactory ?? MetricsSystem.factory
        )
        var seed = SystemRandomNumberGenerator()
        let machine = ConnectionStateMachine(
            configuration: .init(configuration, authentication: authentication),
            servers: configuration.servers,
            maxReconnectAttempts: configuration.maxReconnectAttempts,
            seed: seed.next()
        )
        let muxPrefix = "\(configuration.inboxPrefix).\(Inbox.token(using: &seed))."
        self.core = Mutex(ClientCore(machine: machine, muxPrefix: muxPrefix))
        (self.events, self.eventSink) = AsyncStream.makeStream(of: NATSClientEvent.self, bufferingPolicy: .bufferingNewest(1024))
    }

    /// Connection events: connected, disconnected, reconnected, lame duck, slow consumer, errors,
    /// closed. One consumer; the newest 1024 are kept if nobody listens.
    public var connectionEvents: AsyncStream<NATSClientEvent> { events }

    /// The server's INFO while connected.
    public var serverInfo: ServerInfo? { core.withLock { $0.machine.serverInfo } }

    public var isConnected: Bool { core.withLock { $0.machine.isConnected } }

    // MARK: Service

    /// Connects and keeps the connection up (reconnecting as configured) until `close()`,
    /// `drain()`, a graceful shutdown (which drains), cancellation (which closes), or a fatal
    /// error (which is thrown).
    public func run() async throws {
        let start = core.withLock { $0.machine.start() }
        perform(start)
        await withGracefulShutdownHandler {
            // Cancelled (a service group ending because another service failed): close at once;
            // the close resumes this wait.
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = core.withLock { core -> Bool in
                        if core.isClosed || core.shutdownRequested { return true }
                        core.runWaiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.close()
            }
        } onGracefulShutdown: {
            self.requestShutdown()
        }
        let (closed, error) = core.withLock { ($0.isClosed, $0.closeError) }
        if !closed {
            do {
                try await drain()
            } catch {
                logger.error("graceful shutdown: the drain did not complete", metadata: ["error": "\(error)"])
                throw error
            }
            return
        }
        if let error { throw error }
    }

    /// Runs `body` with a client whose `run()` goes on in a child task; drains when `body` returns
    /// (closes when it throws).
    public static func withConnection<T: Sendable>(
        configuration: NATSClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "nats.client"),
        _ body: (NATSClient) async throws -> T
    ) async throws -> T {
        let client = try NATSClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            do {
                try await client.waitUntilConnected()
                let result = try await body(client)
                try await client.drain()
                try await group.waitForAll()
                return result
            } catch {
                client.close()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    private func requestShutdown() {
        let waiter = core.withLock { core -> CheckedContinuation<Void, Never>? in
            core.shutdownRequested = true
            defer { core.runWaiter = nil }
            return core.runWaiter
        }
        waiter?.resume()
    }

    // MARK: Publish

    /// Publishes `payload` to `subject`. Waits only when the outbound buffer is full; while
    /// disconnected, frames go to the bounded reconnect buffer.
    /// - Throws: `NATSClientError` for an invalid subject, a payload over `max_payload`, a full
    ///   reconnect buffer, or a closed or draining client.
    public func publish(
        _ payload: ByteBuffer,
        to subject: String,
        replyTo: String? = nil,
        headers: NATSHeaderFields? = nil
    ) async throws {
        do {
            if let replyTo { try Subject.validatePublish(replyTo) }
            try headers?.validate()
        } catch let error as NATSProtocolError {
            throw NATSClientError(.invalidSubject, error.detail)
        }
        try await enqueue(payload, to: subject, reply: replyTo.map { .subject($0) } ?? .none, headers: headers)
    }

    /// Publishes with the reply subject `replyPrefix` + the decimal `replyNumber`, written
    /// straight into the frame (JetStream ack inboxes). The prefix must be a valid subject prefix
    /// (it is not checked here) and `headers` must be validated by the caller.
    package func publish(
        _ payload: ByteBuffer,
        to subject: String,
        replyPrefix: String,
        replyNumber: UInt64,
        headers: NATSHeaderFields?
    ) async throws {
        try await enqueue(payload, to: subject, reply: .numbered(prefix: replyPrefix, number: replyNumber), headers: headers)
    }

    private func enqueue(_ payload: ByteBuffer, to subject: String, reply: ReplySubject, headers: NATSHeaderFields?) async throws {
        while true {
            let outcome = try core.withLock { core throws(NATSClientError) -> PublishOutcome in
                try Self.enqueuePublish(&core, subject: subject, reply: reply, headers: headers, payload: payload, limits: outboundLimits)
            }
            switch outcome {
            case .written(let scheduleFlush):
                if scheduleFlush { scheduleOutboundFlush() }
                return
            case .full:
                try await waitForOutboundSpace()
            }
        }
    }

    /// The two limits a publish checks, kept apart from the configuration so that the hot path
    /// copies two integers, not a struct full of references.
    struct OutboundLimits: Sendable {
        let maxPendingOutboundBytes: Int
        let reconnectBufferBytes: Int
    }

    enum PublishOutcome {
        case written(scheduleFlush: Bool)
        case full
    }

    private static func enqueuePublish(
        _ core: inout ClientCore,
        subject: String,
        reply: ReplySubject,
        headers: NATSHeaderFields?,
        payload: ByteBuffer,
        limits: OutboundLimits
    ) throws(NATSClientError) -> PublishOutcome {
        if core.isClosed { throw core.closedError }
        if core.refusesPublishes { throw NATSClientError(.draining, "the client is draining; publishing has stopped") }
        // Publishing to the same subject again (the common case) is an equality check, not a scan.
        if core.lastValidatedSubject != subject {
            do {
                try Subject.validatePublish(subject)
            } catch {
                throw NATSClientError(.invalidSubject, (error as? NATSProtocolError)?.detail ?? "invalid subject", underlying: error)
            }
            core.lastValidatedSubject = subject
        }
        let total = payload.readableBytes + (headers?.encodedLength ?? 0)
        if total > core.maxPayload {
            throw NATSClientError(.maximumPayloadExceeded, "a message of \(total) bytes exceeds the server's max_payload of \(core.maxPayload)")
        }
        let connected = core.machine.isConnected
        guard try hasRoom(&core, for: total + subject.utf8.count + reply.maximumByteCount + 32, limits: limits) else { return .full }
        if let headers {
            core.outbound.writePublish(subject: subject, reply: reply, headers: headers, payload: payload)
        } else {
            core.outbound.writePublish(subject: subject, reply: reply, payload: payload)
        }
        guard connected, !core.flushScheduled else { return .written(scheduleFlush: false) }
        core.flushScheduled = true
        return .written(scheduleFlush: true)
    }

    /// Whether `estimate` more bytes may be queued now: false when connected and the outbound
    /// buffer is full (wait for room); throws when disconnected and the reconnect buffer is full.
    private static func hasRoom(_ core: inout ClientCore, for estimate: Int, limits: OutboundLimits) throws(NATSClientError) -> Bool {
        if core.machine.isConnected {
            return core.outbound.readableBytes == 0 || core.outbound.readableBytes + estimate <= limits.maxPendingOutboundBytes
        }
        guard core.outbound.readableBytes + estimate <= limits.reconnectBufferBytes else {
            throw NATSClientError(
                .reconnectBufferFull,
                "not connected and the reconnect buffer (\(limits.reconnectBufferBytes) bytes) is full"
            )
        }
        return true
    }

    /// Publishes `payload` to each of `subjects`, given as bytes the server sent (JetStream ack
    /// subjects): they are not validated again and no string is made of them. The frames are
    /// queued under one lock while they fit, so many acks cost one lock and leave in one write.
    package func publish(_ payload: ByteBuffer, toEach subjects: [ByteBuffer]) async throws {
        try await publishRaw(payload, count: subjects.count) { subjects[$0] }
    }

    /// Publishes `payload` to one subject given as bytes the server sent (see `toEach`).
    package func publish(_ payload: ByteBuffer, toSubjectBytes subject: ByteBuffer) async throws {
        try await publishRaw(payload, count: 1) { _ in subject }
    }

    /// Queues `count` frames, the i-th to `subject(i)` (a closure, not a generic collection: the
    /// hot path stays specialised and allocation-free).
    private func publishRaw(_ payload: ByteBuffer, count: Int, subject: (Int) -> ByteBuffer) async throws {
        var index = 0
        while index < count {
            let (full, schedule) = try core.withLock { core throws(NATSClientError) -> (Bool, Bool) in
                if core.isClosed { throw core.closedError }
                if core.refusesPublishes { throw NATSClientError(.draining, "the client is draining; publishing has stopped") }
                var wrote = false
                while index < count {
                    let bytes = subject(index)
                    guard try Self.hasRoom(&core, for: bytes.readableBytes + payload.readableBytes + 32, limits: outboundLimits) else { break }
                    core.outbound.writePublish(subjectBytes: bytes, payload: payload)
                    wrote = true
                    index += 1
                }
                let schedule = wrote && core.machine.isConnected && Self.markFlush(&core)
                return (index < count, schedule)
            }
            if schedule { scheduleOutboundFlush() }
            if full { try await waitForOutboundSpace() }
        }
    }

    private func waitForOutboundSpace() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result: Result<Void, NATSClientError>? = core.withLock { core in
                if core.isClosed { return .failure(core.closedError) }
                if core.outbound.readableBytes <= configuration.maxPendingOutboundBytes / 2 || !core.machine.isConnected {
                    return .success(())
                }
                core.spaceWaiters.append(continuation)
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// Writes what is in the outbound buffer, on the event loop, once per turn.
    func scheduleOutboundFlush() {
        eventLoop.execute { self.flushOutbound() }
    }

    /// The largest outbound buffer kept for the next turn (a burst's bigger one is let go).
    static var reusedOutboundCapacity: Int { 1 << 20 }

    /// On the event loop: hands the outbound buffer to the channel and wakes waiting publishers.
    func flushOutbound() {
        let (channel, bytes, waiters) = core.withLock { core -> ((any Channel)?, ByteBuffer?, [CheckedContinuation<Void, any Error>]) in
            core.flushScheduled = false
            guard let channel = core.channel, core.machine.isConnected, core.channelWritable, core.outbound.readableBytes > 0 else {
                return (nil, nil, [])
            }
            let bytes = core.outbound
            // The buffer flushed before this one, reused if the channel is done with it, else a
            // new one; either way sized like this turn's, so that the next turn does not regrow it.
            var next = ByteBuffer()
            swap(&next, &core.lastFlushed)
            next.clear(minimumCapacity: min(max(bytes.readableBytes, 4096), Self.reusedOutboundCapacity))
            core.outbound = next
            core.lastFlushed = bytes.capacity <= Self.reusedOutboundCapacity ? bytes : ByteBuffer()
            let waiters = core.spaceWaiters.removeAll()
            return (channel, bytes, waiters)
        }
        if let channel, let bytes {
            channel.writeAndFlush(bytes, promise: nil)
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Flush

    /// Waits until the server has processed everything sent so far (a PING/PONG round trip).
    /// Called while disconnected, it waits for the next connection.
    /// - Throws: `NATSClientError(.timeout)` after `timeout`, the connection's error when it is
    ///   lost first, or `CancellationError`.
    public func flush(timeout: Duration = .seconds(10)) async throws {
        let id = core.withLock { core -> UInt64 in
            defer { core.nextWaiterID += 1 }
            return core.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let timer = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                    self.failFlushWaiter(id: id, NATSClientError(.timeout, "flush did not complete within \(timeout)"))
                }
                let action = core.withLock { core -> ConnectionStateMachine.Action in
                    let action = core.machine.flushRequested()
                    if case .closed = action { return action }
                    core.flushWaiters.append(ClientCore.FlushWaiter(id: id, continuation: continuation, timer: timer))
                    return action
                }
                if case .closed(let error, _) = action {
                    timer.cancel()
                    continuation.resume(throwing: error ?? .clientClosed)
                    return
                }
                perform(action)
            }
        } onCancel: {
            self.failFlushWaiter(id: id, CancellationError())
        }
    }

    /// Fails one flush waiter (timeout, cancellation) and keeps its slot for the PONG that is due.
    private func failFlushWaiter(id: UInt64, _ error: any Error) {
        let waiter = core.withLock { core -> ClientCore.FlushWaiter? in
            guard let index = core.flushWaiters.firstIndex(where: { $0.id == id && $0.continuation != nil }) else { return nil }
            let waiter = core.flushWaiters[index]
            core.flushWaiters[index].continuation = nil
            return waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation?.resume(throwing: error)
    }

    /// Waits until the first connection is up.
    public func waitUntilConnected(timeout: Duration? = nil) async throws {
        let limit = timeout ?? configuration.connectTimeout * (configuration.servers.count * 2 + 1)
        try await flush(timeout: limit)
    }
}

/// What happened to the connection.
public enum NATSClientEvent: Sendable, Equatable {
    case connected(server: String)
    case disconnected(reason: NATSClientError)
    case reconnected(server: String)
    case lameDuckMode(server: String)
    case slowConsumer(sid: UInt64, dropped: UInt64)
    case error(NATSClientError)
    case closed(NATSClientError?)
}
