import DequeModule
import NIOCore
import Synchronization
import Wire

/// Publishes to JetStream with many messages in flight.
///
/// Each publish carries a reply subject `<inbox>.<id>` on one wildcard subscription; the PubAck
/// is matched by the id parsed from the reply subject's bytes and completes that publish's
/// `PubAckFuture`. At most `window` publishes are in flight: a publish beyond it waits for an
/// ack (back-pressure). A 503 (no stream leader yet) is retried, each ack has a deadline, and a
/// lost connection fails every unacknowledged publish with `.outcomeUnknown`: nothing is ever
/// reported stored that was not acknowledged, and nothing is dropped without an error.
///
/// The publisher lives until `close()` or until its client closes or drains (a drain waits for
/// the acks in flight): its inbox subscription holds it, so dropping the last reference does not
/// end it. `JetStream.publisher()` shares one per `JetStream`.
public final class JetStreamPublisher: NATSMessageHandler, Sendable {
    public struct Options: Sendable, Hashable {
        /// Publishes in flight before `publish` waits.
        public var window: Int
        /// How long a publish waits for its PubAck.
        public var ackTimeout: Duration
        /// Retries of a publish answered by 503 (no stream leader, or no stream), and the pause
        /// before each.
        public var noResponderRetries: Int
        public var retryWait: Duration

        public init(window: Int = 1024, ackTimeout: Duration = .seconds(5), noResponderRetries: Int = 2, retryWait: Duration = .milliseconds(250)) {
            self.window = window
            self.ackTimeout = ackTimeout
            self.noResponderRetries = noResponderRetries
            self.retryWait = retryWait
        }
    }

    /// What is kept of a publish until its ack, to send it again after a 503.
    struct Outgoing: Sendable {
        let subject: String
        let headers: NATSHeaderFields?
        let payload: ByteBuffer
    }

    /// Who learns a publish's outcome.
    enum Completion: Sendable {
        case future(PubAckFuture)
        case handler(@Sendable (Result<PubAck, JetStreamError>) -> Void)

        func complete(_ result: Result<PubAck, JetStreamError>) {
            switch self {
            case .future(let future): future.complete(result)
            case .handler(let handler): handler(result)
            }
        }
    }

    struct Pending: Sendable {
        let completion: Completion
        let message: Outgoing
        /// Retries left for a 503.
        var retriesLeft: Int
    }

    struct State: Sendable {
        var pending: [UInt64: Pending] = [:]
        /// Publish order with deadlines, swept for timeouts.
        var deadlines = AckDeadlines()
        var nextID: UInt64 = 1
        var inFlight = 0
        /// Publishes waiting for a window slot.
        var windowWaiters = WaiterQueue<Void>()
        var closed: JetStreamError?
        var sid: UInt64?
        var sweeper: RepeatedTask?
    }

    public let options: Options
    let client: NATSClient
    /// `<inbox prefix>.<token>.`; an ack arrives on this plus the publish id.
    let prefix: String
    let state = Mutex(State())
    /// The clock of the ack deadlines: the event loop's time (a test's loop can have its own).
    let now: @Sendable () -> NIODeadline
    /// Resends of publishes answered 503, counted as they are sent (a test hook).
    package let noResponderRetriesSent = Atomic<Int>(0)

    /// - Throws: `JetStreamError(.invalidArgument)` for a window below 1, or the client's error
    ///   when it is closed.
    public convenience init(client: NATSClient, options: Options = Options()) throws {
        try self.init(client: client, options: options, now: { .now() })
    }

    /// A publisher whose ack deadlines run on `now` (tests drive it).
    package init(client: NATSClient, options: Options, now: @escaping @Sendable () -> NIODeadline) throws {
        guard options.window >= 1 else { throw JetStreamError(.invalidArgument, "the publish window must be at least 1") }
        self.client = client
        self.options = options
        self.now = now
        var random = SystemRandomNumberGenerator()
        self.prefix = "\(client.configuration.inboxPrefix).\(Inbox.token(using: &random))."
        let sid = try client.subscribe(to: prefix + "*", handler: self)
        let interval = Self.sweepInterval(options.ackTimeout)
        let sweeper = client.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [weak self] task in
            guard let self else {
                task.cancel()
                return
            }
            self.sweep(at: self.now())
        }
        state.withLock { state in
            state.sid = sid
            state.sweeper = sweeper
        }
    }

    private static func sweepInterval(_ timeout: Duration) -> TimeAmount {
        .nanoseconds(min(max(timeout.nanoseconds / 4, 1_000_000), 100_000_000))
    }

    // MARK: Publishing

    /// Publishes one message and returns at once with its future, waiting first only while the
    /// window is full.
    /// - Throws: `JetStreamError` when the publisher is closed, or the client's error when the
    ///   message cannot be sent (invalid subject, payload too large, closed client).
    public func publish(_ payload: ByteBuffer, to subject: String, headers: NATSHeaderFields? = nil) async throws -> PubAckFuture {
        try await publish(payload, to: subject, headers: headers, retryOnNoResponders: true)
    }

    /// Publishes one message; `onAck` gets its outcome exactly once. The cheapest way to keep
    /// many publishes in flight: no future, no task wake-up per ack. `onAck` runs on the
    /// connection's event loop (or on the task that fails the publish): keep it short.
    public func publish(
        _ payload: ByteBuffer,
        to subject: String,
        headers: NATSHeaderFields? = nil,
        onAck: @escaping @Sendable (Result<PubAck, JetStreamError>) -> Void
    ) async throws {
        try await send(payload, to: subject, headers: headers, completion: .handler(onAck), retryOnNoResponders: true)
    }

    /// `retryOnNoResponders` false: a 503 fails at once (an atomic batch's commit, which cannot
    /// be sent alone again).
    func publish(_ payload: ByteBuffer, to subject: String, headers: NATSHeaderFields?, retryOnNoResponders: Bool) async throws -> PubAckFuture {
        let future = PubAckFuture()
        try await send(payload, to: subject, headers: headers, completion: .future(future), retryOnNoResponders: retryOnNoResponders)
        return future
    }

    private func send(_ payload: ByteBuffer, to subject: String, headers: NATSHeaderFields?, completion: Completion, retryOnNoResponders: Bool) async throws {
        if let headers {
            do {
                try headers.validate()
            } catch let error as NATSProtocolError {
                throw JetStreamError(.invalidArgument, error.detail)
            }
        }
        try await acquireSlot()
        let message = Outgoing(subject: subject, headers: headers, payload: payload)
        let deadline = now() + .nanoseconds(options.ackTimeout.nanoseconds)
        let retries = retryOnNoResponders ? options.noResponderRetries : 0
        let id = try state.withLock { state throws(JetStreamError) in
            if let closed = state.closed {
                // Closed between the slot and now: nothing was sent.
                state.inFlight -= 1
                throw closed
            }
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = Pending(completion: completion, message: message, retriesLeft: retries)
            state.deadlines.append(id, deadline: deadline)
            return id
        }
        do {
            try await client.publish(payload, to: subject, replyPrefix: prefix, replyNumber: id, headers: headers)
        } catch {
            let removed = state.withLock { $0.pending.removeValue(forKey: id) != nil }
            if removed { release(1) }
            throw error
        }
    }

    /// Publishes and waits for the PubAck.
    public func publishAndWait(_ payload: ByteBuffer, to subject: String, headers: NATSHeaderFields? = nil) async throws -> PubAck {
        try await publish(payload, to: subject, headers: headers).value()
    }

    /// Publishes in flight (sent, not yet acknowledged or failed).
    public var inFlight: Int { state.withLock { $0.inFlight } }

    /// Waits until every publish made so far has its outcome (woken by the last one, not polled).
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func waitForAcks() async throws {
        let epoch = client.progress.watch()
        defer { client.progress.unwatch() }
        var seen = epoch
        while state.withLock({ $0.inFlight > 0 }) {
            try Task.checkCancellation()
            await client.progress.wait(after: seen)
            seen = client.progress.epoch
        }
    }

    /// Stops the publisher: unsubscribes its inbox and fails what is still in flight.
    public func close() async {
        let sid = state.withLock { $0.sid }
        if let sid { try? await client.unsubscribe(sid: sid, after: nil) }
        finished(nil)
    }

    private func acquireSlot() async throws {
        let granted = try state.withLock { state throws(JetStreamError) -> Bool in
            if let closed = state.closed { throw closed }
            guard state.inFlight < options.window, state.windowWaiters.isEmpty else { return false }
            state.inFlight += 1
            return true
        }
        if granted { return }
        let id = state.withLock { $0.windowWaiters.makeID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if let closed = state.closed { return .failure(closed) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.inFlight < options.window, state.windowWaiters.isEmpty {
                        state.inFlight += 1
                        return .success(())
                    }
                    state.windowWaiters.append(continuation, id: id)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.windowWaiters.remove(id: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Frees `count` slots whose outcomes have been delivered, and hands free slots to waiting
    /// publishers (each waiter takes its slot here). A slot is freed only after its outcome is
    /// delivered, so `inFlight == 0` means every outcome is out (`waitForAcks`, drain).
    func release(_ count: Int) {
        guard count > 0 else { return }
        let (woken, idle) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], Bool) in
            state.inFlight -= count
            var woken: [CheckedContinuation<Void, any Error>] = []
            while state.inFlight < options.window, let waiter = state.windowWaiters.popFirst() {
                state.inFlight += 1
                woken.append(waiter)
            }
            return (woken, state.inFlight == 0)
        }
        for waiter in woken { waiter.resume() }
        if idle { client.progress.poke() }  // A drain waits for the last ack.
    }
}

extension JetStreamPublisher {
    /// False once closed (with its client, by a drain, or by `close()`).
    public var isOpen: Bool { state.withLock { $0.closed == nil } }
}
