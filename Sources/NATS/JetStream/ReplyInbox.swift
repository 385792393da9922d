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
        /// The idle watchdog: the limit, the last arrival, and the scheduled check.
        var idleLimit: TimeAmount?
        var lastActivity = NIODeadline.now()
        var watchdog: Scheduled<Void>?
    }

    let subject: String
    private let client: NATSClient
    private let state = Mutex(State())

    init(client: NATSClient) throws {
        self.client = client
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
        let previous = state.withLock { state -> Scheduled<Void>? in
            defer { state.watchdog = nil }
            state.idleLimit = limit.map { .nanoseconds($0.nanoseconds) }
            state.lastActivity = .now()
            // An idle report from before is stale now.
            state.queue.removeAll { if case .idle = $0 { true } else { false } }
            return state.watchdog
        }
        previous?.cancel()
        if let limit { scheduleWatchdog(at: .now() + .nanoseconds(limit.nanoseconds)) }
    }

    private func scheduleWatchdog(at deadline: NIODeadline) {
        let scheduled = client.eventLoop.scheduleTask(deadline: deadline) { [weak self] () -> Void in
            self?.watchdogFired()
        }
        let stale = state.withLock { state -> Scheduled<Void>? in
            guard state.end == nil, state.idleLimit != nil else { return scheduled }
            defer { state.watchdog = scheduled }
            return state.watchdog
        }
        stale?.cancel()
    }

    private func watchdogFired() {
        let now = NIODeadline.now()
        enum Next { case none, reschedule(NIODeadline), idle }
        let next = state.withLock { state -> Next in
            guard state.end == nil, let limit = state.idleLimit else { return .none }
            state.watchdog = nil
            let due = state.lastActivity + limit
            if due > now { return .reschedule(due) }
            // Reported once per quiet period: the next report needs new silence.
            state.lastActivity = now
            return .idle
        }
        switch next {
        case .none: break
        case .reschedule(let deadline): scheduleWatchdog(at: deadline)
        case .idle:
            push([.idle])
            if let limit = state.withLock({ $0.idleLimit }) { scheduleWatchdog(at: now + limit) }
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
            state.idleLimit = nil
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
            if arrival { state.lastActivity = .now() }
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
