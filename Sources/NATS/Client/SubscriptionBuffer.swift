import DequeModule
import Synchronization
import Wire

/// The bounded queue between the socket and one subscription's consumer.
///
/// Bounded in messages and bytes. The bytes are what the queue really holds: a message is a slice
/// of a receive buffer and keeps all of it alive, so each run of queued messages from one receive
/// buffer is charged that buffer's capacity once (on the newest message of the run, so it is
/// released when the last of them is taken), plus each frame's own size. With `.backPressure`, a push that fills the queue asks the
/// connection to stop reading from the socket, and a take that drains it below half asks it to
/// resume: nothing is dropped and memory stays bounded. With `.dropNewest`, overflowing messages
/// are dropped and counted. Messages move in batches (one lock and at most one wake-up per batch
/// on each side), so a fast stream does not pay a lock and a task switch per message.
final class SubscriptionBuffer: Sendable {
    struct PushResult: Equatable {
        /// The queue is now full (the read gate is closed until it drains).
        var becameFull = false
        /// Messages dropped by this push (drop policy), and in total.
        var dropped = 0
        var totalDropped: UInt64 = 0
        /// The subscription had finished; the messages were discarded.
        var finished = false
    }

    /// A queued message and the bytes it is charged.
    private struct Entry {
        var message: NATSMessage
        /// The frame's size, plus the receive buffer's capacity on the newest message of a run.
        var charge: Int
    }

    private struct State: ~Copyable {
        var queue: Deque<Entry> = []
        var bytes = 0
        /// The receive buffer of the newest queued message (see `Entry.charge`).
        var lastStorage: UInt = 0
        var waiter: CheckedContinuation<Void, any Error>?
        var isFull = false
        var dropped: UInt64 = 0
        /// nil while open; `.success` for a clean end, `.failure` to end with an error.
        var finish: Result<Void, NATSClientError>?
    }

    /// Largest batch a consumer takes at once (bounds what sits outside the queue's accounting).
    static let maxBatch = 256

    let limits: SubscriptionLimits
    private let state = Mutex(State())
    /// Closed while this queue is full (back-pressure policy); counted under this queue's lock.
    private let gate: ReadGate
    /// Called (outside the lock) when the last full queue drains: resume reading.
    private let onReopen: @Sendable () -> Void
    /// Poked when the queue empties or ends (a drain waits for that).
    private let progress: ProgressSignal?

    init(limits: SubscriptionLimits, gate: ReadGate, progress: ProgressSignal? = nil, onReopen: @escaping @Sendable () -> Void) {
        self.limits = limits
        self.gate = gate
        self.progress = progress
        self.onReopen = onReopen
    }

    /// Adds messages from the socket (event loop).
    func push(contentsOf messages: some Collection<NATSMessage>) -> PushResult {
        let (result, waiter) = state.withLock { state -> (PushResult, CheckedContinuation<Void, any Error>?) in
            var result = PushResult()
            guard state.finish == nil else {
                result.finished = true
                return (result, nil)
            }
            for message in messages {
                let storage = message.storageIdentity
                let frame = message.frameCount
                let sameStorage = storage == state.lastStorage && !state.queue.isEmpty
                // A new receive buffer costs its capacity; the same one moves its charge forward.
                // (The capacity is read only for a new buffer: each read is a dynamic exclusivity check.)
                let size = sameStorage ? frame : frame + message.storageCapacity
                if limits.overflow == .dropNewest, !state.queue.isEmpty,
                    state.queue.count >= limits.maxMessages || state.bytes + size > limits.maxBytes
                {
                    state.dropped += 1
                    result.dropped += 1
                    continue
                }
                var charge = size
                if sameStorage {
                    let last = state.queue.count - 1
                    let previousFrame = state.queue[last].message.frameCount
                    charge += state.queue[last].charge - previousFrame
                    state.queue[last].charge = previousFrame
                }
                state.queue.append(Entry(message: message, charge: charge))
                state.lastStorage = storage
                state.bytes += size
            }
            result.totalDropped = state.dropped
            if !state.isFull, limits.overflow == .backPressure, state.queue.count >= limits.maxMessages || state.bytes >= limits.maxBytes {
                state.isFull = true
                gate.close()
                result.becameFull = true
            }
            guard !state.queue.isEmpty, let waiter = state.waiter else { return (result, nil) }
            state.waiter = nil
            return (result, waiter)
        }
        waiter?.resume()
        return result
    }

    /// Moves up to `maxBatch` messages into `batch`, waiting while none is queued.
    /// - Returns: false once the subscription has ended and everything was taken.
    /// - Throws: the subscription's error, or `CancellationError`.
    func nextBatch(into batch: inout Deque<NATSMessage>) async throws -> Bool {
        while true {
            enum Outcome {
                case took(resumeReading: Bool, emptied: Bool)
                case ended(Result<Void, NATSClientError>)
                case wait
            }
            let outcome = state.withLock { state -> Outcome in
                if !state.queue.isEmpty {
                    var taken = 0
                    while taken < Self.maxBatch, let entry = state.queue.popFirst() {
                        state.bytes -= entry.charge
                        batch.append(entry.message)
                        taken += 1
                    }
                    var resume = false
                    if state.isFull, state.queue.count <= limits.maxMessages / 2, state.bytes <= limits.maxBytes / 2 {
                        state.isFull = false
                        resume = gate.open()
                    }
                    return .took(resumeReading: resume, emptied: state.queue.isEmpty)
                }
                if let finish = state.finish { return .ended(finish) }
                return .wait
            }
            switch outcome {
            case .took(let resume, let emptied):
                if resume { onReopen() }
                if emptied { progress?.poke() }
                return true
            case .ended(.success):
                return false
            case .ended(.failure(let error)):
                throw error
            case .wait:
                try await waitForMessages()
            }
        }
    }

    private func waitForMessages() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Result<Void, any Error>? in
                    if !state.queue.isEmpty || state.finish != nil { return .success(()) }
                    // Checked under the lock: a cancellation either is seen here or finds the waiter.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiter = continuation
                    return nil
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Ends the sequence once the queued messages are taken (`error` nil = clean end).
    func finish(_ error: NATSClientError? = nil) {
        let (waiter, resumeReading) = state.withLock { state -> (CheckedContinuation<Void, any Error>?, Bool) in
            guard state.finish == nil else { return (nil, false) }
            state.finish = error.map { .failure($0) } ?? .success(())
            let waiter = state.waiter
            state.waiter = nil
            let wasFull = state.isFull
            state.isFull = false
            return (waiter, wasFull && gate.open())
        }
        waiter?.resume()
        if resumeReading { onReopen() }
        progress?.poke()
    }

    /// Messages queued and not yet taken.
    var pendingMessages: Int { state.withLock { $0.queue.count } }
    /// Bytes held by the queued messages (frames and the receive buffers they keep alive).
    var pendingBytes: Int { state.withLock { $0.bytes } }
    /// Messages dropped by the drop policy.
    var droppedMessages: UInt64 { state.withLock { $0.dropped } }
    /// A consumer is parked waiting for messages (tests wait for this before they push).
    var hasWaiter: Bool { state.withLock { $0.waiter != nil } }
    var isFinished: Bool { state.withLock { $0.finish != nil } }
}
