import DequeModule
import Synchronization
import Wire

/// The bounded queue between the socket and one subscription's consumer.
///
/// Bounded in messages and bytes. With `.backPressure`, a push that fills the queue asks the
/// connection to stop reading from the socket, and the consumer's take that drains it below half
/// asks it to resume: nothing is dropped and memory stays bounded. With `.dropNewest`, overflowing
/// messages are dropped and counted.
final class SubscriptionBuffer: Sendable {
    enum PushResult: Equatable {
        case accepted
        /// Accepted, and the queue is now full: pause reading until `onDrained` is called.
        case acceptedAndFull
        /// Dropped (drop policy): the total dropped so far.
        case dropped(total: UInt64)
        /// The subscription is finished; the message is discarded.
        case finished
    }

    private struct State: ~Copyable {
        var queue: Deque<NATSMessage> = []
        var bytes = 0
        var waiter: CheckedContinuation<NATSMessage?, any Error>?
        var isFull = false
        var dropped: UInt64 = 0
        /// nil = open; otherwise the error to end with (or nil inside for a clean end).
        var finish: Result<Void, NATSClientError>?
    }

    let limits: SubscriptionLimits
    private let state = Mutex(State())
    /// Called (outside the lock) when a full queue drains below half: resume reading.
    private let onDrained: @Sendable () -> Void

    init(limits: SubscriptionLimits, onDrained: @escaping @Sendable () -> Void) {
        self.limits = limits
        self.onDrained = onDrained
    }

    /// Adds a message from the socket (event loop).
    func push(_ message: NATSMessage) -> PushResult {
        let size = message.payloadCount
        let (result, waiter): (PushResult, CheckedContinuation<NATSMessage?, any Error>?) = state.withLock { state in
            guard state.finish == nil else { return (.finished, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (.accepted, waiter)
            }
            let full = state.queue.count >= limits.maxMessages || state.bytes + size > limits.maxBytes
            if full, limits.overflow == .dropNewest {
                state.dropped += 1
                return (.dropped(total: state.dropped), nil)
            }
            state.queue.append(message)
            state.bytes += size
            if !state.isFull, state.queue.count >= limits.maxMessages || state.bytes >= limits.maxBytes {
                state.isFull = true
                return (limits.overflow == .backPressure ? .acceptedAndFull : .accepted, nil)
            }
            return (.accepted, nil)
        }
        waiter?.resume(returning: message)
        return result
    }

    /// The next message, waiting if none is queued; nil once finished and empty.
    func next() async throws -> NATSMessage? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<NATSMessage?, any Error>) in
                let (message, resumeReading, ended) = take(orPark: continuation)
                if resumeReading { onDrained() }
                if let ended {
                    continuation.resume(with: ended)
                } else if let message {
                    continuation.resume(returning: message)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<NATSMessage?, any Error>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Takes a queued message or parks `continuation`; says whether reading should resume, and
    /// whether the sequence has ended.
    private func take(
        orPark continuation: CheckedContinuation<NATSMessage?, any Error>
    ) -> (NATSMessage?, Bool, Result<NATSMessage?, any Error>?) {
        state.withLock { state in
            if let message = state.queue.popFirst() {
                state.bytes -= message.payloadCount
                var resume = false
                if state.isFull, state.queue.count <= limits.maxMessages / 2, state.bytes <= limits.maxBytes / 2 {
                    state.isFull = false
                    resume = limits.overflow == .backPressure
                }
                return (message, resume, nil)
            }
            if let finish = state.finish {
                switch finish {
                case .success: return (nil, false, .success(nil))
                case .failure(let error): return (nil, false, .failure(error))
                }
            }
            // Checked under the lock: a cancellation either is seen here or finds the waiter.
            if Task.isCancelled { return (nil, false, .failure(CancellationError())) }
            state.waiter = continuation
            return (nil, false, nil)
        }
    }

    /// Ends the sequence once the queued messages are taken (`error` nil = clean end).
    func finish(_ error: NATSClientError? = nil) {
        let (waiter, resumeReading) = state.withLock { state -> (CheckedContinuation<NATSMessage?, any Error>?, Bool) in
            guard state.finish == nil else { return (nil, false) }
            state.finish = error.map { .failure($0) } ?? .success(())
            let waiter = state.waiter
            state.waiter = nil
            let wasFull = state.isFull
            state.isFull = false
            return (waiter, wasFull && limits.overflow == .backPressure)
        }
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
        if resumeReading { onDrained() }
    }

    /// Messages queued and not yet taken.
    var pendingMessages: Int { state.withLock { $0.queue.count } }
    /// Bytes of payload queued and not yet taken.
    var pendingBytes: Int { state.withLock { $0.bytes } }
    /// Messages dropped by the drop policy.
    var droppedMessages: UInt64 { state.withLock { $0.dropped } }
    var isFinished: Bool { state.withLock { $0.finish != nil } }
}
