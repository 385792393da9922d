import DequeModule
import NIOCore
import Synchronization
import Wire

/// An inbox subscription that receives many replies to requests sent one at a time (batched
/// direct gets, pull requests). The requester bounds how many replies are outstanding, so the
/// queue stays bounded.
final class ReplyInbox: NATSMessageHandler, Sendable {
    struct State: Sendable {
        var queue: Deque<NATSMessage> = []
        var waiter: CheckedContinuation<NATSMessage?, any Error>?
        /// Set once: the inbox ended (nil error: closed normally).
        var end: Result<Void, any Error>?
        var timer: Scheduled<Void>?
        var sid: UInt64?
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

    /// Sends a request whose replies come to this inbox, and arms the reply timer.
    func send(_ body: ByteBuffer, to subject: String, timeout: Duration, what: String) async throws {
        arm(timeout, what)
        try await client.publish(body, to: subject, replyTo: self.subject)
    }

    /// The next reply; nil once closed. Throws the timeout or connection error that ended it.
    func next() async throws -> NATSMessage? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<NATSMessage?, any Error>) in
            let ready = state.withLock { state -> Result<NATSMessage?, any Error>? in
                if let message = state.queue.popFirst() { return .success(message) }
                if let end = state.end { return end.map { nil } }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// (Re)starts the timer that ends the inbox with a timeout when no reply comes in time.
    func arm(_ timeout: Duration, _ what: String) {
        let scheduled = client.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) { [weak self] () -> Void in
            guard let self else { return }
            self.end(.failure(JetStreamError(.timeout, "no reply to \(what) within \(timeout)")))
        }
        let previous = state.withLock { state in
            defer { state.timer = scheduled }
            return state.timer
        }
        previous?.cancel()
    }

    func disarm() {
        state.withLock { state in
            defer { state.timer = nil }
            return state.timer
        }?.cancel()
    }

    func close() async {
        let sid = state.withLock { $0.sid }
        if let sid { try? await client.unsubscribe(sid: sid, after: nil) }
        end(.success(()))
    }

    private func end(_ result: Result<Void, any Error>) {
        let (waiter, timer) = state.withLock { state -> (CheckedContinuation<NATSMessage?, any Error>?, Scheduled<Void>?) in
            guard state.end == nil else { return (nil, nil) }
            state.end = result
            defer {
                state.waiter = nil
                state.timer = nil
            }
            // Replies already queued are still handed out first.
            return (state.queue.isEmpty ? state.waiter : nil, state.timer)
        }
        timer?.cancel()
        waiter?.resume(with: result.map { nil })
    }

    func receive(_ messages: ArraySlice<NATSMessage>) {
        let waiter = state.withLock { state -> (CheckedContinuation<NATSMessage?, any Error>, NATSMessage)? in
            guard state.end == nil else { return nil }
            state.queue.append(contentsOf: messages)
            guard let waiter = state.waiter, let first = state.queue.popFirst() else { return nil }
            state.waiter = nil
            return (waiter, first)
        }
        if let (continuation, message) = waiter { continuation.resume(returning: message) }
    }

    func connectionLost(_ reason: NATSClientError) {
        end(.failure(JetStreamError(.outcomeUnknown, "the connection was lost while waiting for replies: \(reason)")))
    }

    func finished(_ error: NATSClientError?) {
        end(error.map { .failure($0) } ?? .success(()))
    }

    var hasPendingWork: Bool { false }
}
