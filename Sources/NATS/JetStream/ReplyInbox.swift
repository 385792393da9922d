import DequeModule
import NIOCore
import Synchronization
import Wire

/// An inbox subscription that receives many replies to requests sent one at a time (batched
/// direct gets, pull requests). The requester bounds how many replies are outstanding (a batch,
/// a pull's credit), so the queue stays bounded.
///
/// An idle watchdog reports `.idle` when nothing arrived for a while (a lost pull, a server that
/// stopped answering), and a lost connection is reported as `.connectionLost` without ending the
/// inbox: the subscription is restored after the reconnect and the requester decides.
final class ReplyInbox: NATSMessageHandler, Sendable {
    enum Event: Sendable {
        case message(NATSMessage)
        case idle
        case connectionLost(NATSClientError)
    }

    struct State: Sendable {
        var queue: Deque<Event> = []
        var waiter: CheckedContinuation<Event?, any Error>?
        /// Set once: the inbox ended (success: closed normally).
        var end: Result<Void, NATSClientError>?
        var sid: UInt64?
        /// The idle watchdog's state, and its scheduled check.
        var idle: IdleWatchdog
        var watchdog: Scheduled<Void>?
    }

    let subject: String
    private let client: NATSClient
    /// The watchdog's clock: the event loop's time (a test's loop can have its own).
    private let now: @Sendable () -> NIODeadline
    private let state: Mutex<State>

    init(client: NATSClient, now: @escaping @Sendable () -> NIODeadline = { .now() }) throws {
        self.client = client
        self.now = now
        self.state = Mutex(State(idle: IdleWatchdog(now: now())))
        var random = SystemRandomNumberGenerator()
        subject = "\(client.configuration.inboxPrefix).\(Inbox.token(using: &random))"
        let sid = try client.subscribe(to: subject, handler: self)
        state.withLock { $0.sid = sid }
    }

    /// Sends a request whose replies come to this inbox.
    func send(_ body: ByteBuffer, to subject: String) async throws {
        try await client.publish(body, to: subject, replyTo: self.subject)
    }

    /// The next event; nil once closed. Throws the client's error when it closed with one.
    func next() async throws -> Event? {
        // Queued events are taken without a continuation (one allocation each otherwise).
        let queued = state.withLock { state -> Result<Event?, any Error>? in
            if let event = state.queue.popFirst() { return .success(event) }
            if let end = state.end { return end.map { nil }.mapError { $0 } }
            return nil
        }
        if let queued { return try queued.get() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Event?, any Error>) in
            let ready = state.withLock { state -> Result<Event?, any Error>? in
                if let event = state.queue.popFirst() { return .success(event) }
                if let end = state.end { return end.map { nil }.mapError { $0 } }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Reports `.idle` once nothing has arrived for `limit` (measured from now; any earlier idle
    /// report still queued is dropped); nil stops watching.
    func watchIdle(_ limit: Duration?) {
        let (previous, first) = state.withLock { state -> (Scheduled<Void>?, NIODeadline?) in
            defer { state.watchdog = nil }
            let first = state.idle.watch(limit.map { .nanoseconds($0.nanoseconds) }, now: now())
            // An idle report from before is stale now.
            state.queue.removeAll { if case .idle = $0 { true } else { false } }
            return (state.watchdog, first)
        }
        previous?.cancel()
        if let first { scheduleWatchdog(at: first) }
    }

    private func scheduleWatchdog(at deadline: NIODeadline) {
        let scheduled = client.eventLoop.scheduleTask(deadline: deadline) { [weak self] () -> Void in
            self?.watchdogFired()
        }
        let stale = state.withLock { state -> Scheduled<Void>? in
            guard state.end == nil, state.idle.limit != nil else { return scheduled }
            defer { state.watchdog = scheduled }
            return state.watchdog
        }
        stale?.cancel()
    }

    private func watchdogFired() {
        let check = state.withLock { state -> IdleWatchdog.Check in
            guard state.end == nil else { return .stopped }
            state.watchdog = nil
            return state.idle.check(at: now())
        }
        switch check {
        case .stopped: break
        case .notYet(let deadline): scheduleWatchdog(at: deadline)
        case .idle(let deadline):
            push([.idle])
            scheduleWatchdog(at: deadline)
        }
    }

    func close() async {
        let sid = state.withLock { $0.sid }
        if let sid { try? await client.unsubscribe(sid: sid, after: nil) }
        end(.success(()))
    }

    private func end(_ result: Result<Void, NATSClientError>) {
        let (waiter, watchdog) = state.withLock { state -> (CheckedContinuation<Event?, any Error>?, Scheduled<Void>?) in
            guard state.end == nil else { return (nil, nil) }
            state.end = result
            state.idle.stop()
            defer {
                state.waiter = nil
                state.watchdog = nil
            }
            // Events already queued are still handed out first.
            return (state.queue.isEmpty ? state.waiter : nil, state.watchdog)
        }
        watchdog?.cancel()
        waiter?.resume(with: result.map { nil }.mapError { $0 })
    }

    /// Queues `events` (hands the first to a waiting reader); `arrival` marks activity for the
    /// idle watchdog, under the same lock.
    private func push(_ events: some Sequence<Event>, arrival: Bool = false) {
        let handoff = state.withLock { state -> (CheckedContinuation<Event?, any Error>, Event)? in
            if arrival { state.idle.activity(at: now()) }
            guard state.end == nil else { return nil }
            state.queue.append(contentsOf: events)
            guard let waiter = state.waiter, let first = state.queue.popFirst() else { return nil }
            state.waiter = nil
            return (waiter, first)
        }
        if let (continuation, event) = handoff { continuation.resume(returning: event) }
    }

    func receive(_ messages: ArraySlice<NATSMessage>) {
        push(messages.lazy.map { .message($0) }, arrival: true)
    }

    func connectionLost(_ reason: NATSClientError) {
        push([.connectionLost(reason)])
    }

    func finished(_ error: NATSClientError?) {
        end(error.map { .failure($0) } ?? .success(()))
    }

    var hasPendingWork: Bool { false }
}
