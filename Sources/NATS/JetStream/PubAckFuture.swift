import Synchronization

/// The pending result of one asynchronous JetStream publish: a PubAck, or the reason it failed.
/// Every future ends exactly once: acknowledged, rejected by the server, timed out, or failed
/// with `.outcomeUnknown` when the connection was lost first.
public final class PubAckFuture: Sendable {
    struct State {
        var result: Result<PubAck, JetStreamError>?
        /// Tasks waiting, by id. Nearly always one: kept inline, the rest in a dictionary.
        var firstWaiter: (id: UInt64, continuation: CheckedContinuation<PubAck, any Error>)?
        var otherWaiters: [UInt64: CheckedContinuation<PubAck, any Error>] = [:]
        var nextWaiter: UInt64 = 0

        mutating func add(_ id: UInt64, _ continuation: CheckedContinuation<PubAck, any Error>) {
            if firstWaiter == nil {
                firstWaiter = (id, continuation)
            } else {
                otherWaiters[id] = continuation
            }
        }

        mutating func remove(_ id: UInt64) -> CheckedContinuation<PubAck, any Error>? {
            if let first = firstWaiter, first.id == id {
                firstWaiter = nil
                return first.continuation
            }
            return otherWaiters.removeValue(forKey: id)
        }

        /// Takes every waiter: the first alone (no array for the common case), then the others.
        mutating func removeAll() -> (CheckedContinuation<PubAck, any Error>?, [CheckedContinuation<PubAck, any Error>]) {
            defer {
                firstWaiter = nil
                otherWaiters = [:]
            }
            return (firstWaiter?.continuation, otherWaiters.isEmpty ? [] : Array(otherWaiters.values))
        }
    }

    let state = Mutex(State())

    init() {}

    /// Waits for the outcome (any number of tasks may wait).
    /// - Throws: `JetStreamError`, or `CancellationError` when the waiting task is cancelled
    ///   (the publish itself is not undone).
    public func value() async throws -> PubAck {
        let (done, id) = state.withLock { state -> (Result<PubAck, JetStreamError>?, UInt64) in
            defer { state.nextWaiter += 1 }
            return (state.result, state.nextWaiter)
        }
        if let done { return try done.get() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PubAck, any Error>) in
                let ready = state.withLock { state -> Result<PubAck, any Error>? in
                    if let result = state.result { return result.mapError { $0 } }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.add(id, continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.remove(id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The outcome if it is known, without waiting.
    public var result: Result<PubAck, JetStreamError>? {
        state.withLock { $0.result }
    }

    /// Sets the outcome once; later calls are ignored.
    func complete(_ result: Result<PubAck, JetStreamError>) {
        let (first, others) = state.withLock { state -> (CheckedContinuation<PubAck, any Error>?, [CheckedContinuation<PubAck, any Error>]) in
            guard state.result == nil else { return (nil, []) }
            state.result = result
            return state.removeAll()
        }
        first?.resume(with: result.mapError { $0 })
        for waiter in others { waiter.resume(with: result.mapError { $0 }) }
    }
}
