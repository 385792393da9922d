import Synchronization

/// The pending result of one asynchronous JetStream publish: a PubAck, or the reason it failed.
/// Every future ends exactly once: acknowledged, rejected by the server, timed out, or failed
/// with `.outcomeUnknown` when the connection was lost first.
public final class PubAckFuture: Sendable {
    struct State {
        var result: Result<PubAck, JetStreamError>?
        var waiters: [UInt64: CheckedContinuation<PubAck, any Error>] = [:]
        var nextWaiter: UInt64 = 0
    }

    let state = Mutex(State())

    init() {}

    /// Waits for the outcome (any number of tasks may wait).
    /// - Throws: `JetStreamError`, or `CancellationError` when the waiting task is cancelled
    ///   (the publish itself is not undone).
    public func value() async throws -> PubAck {
        if let result = state.withLock({ $0.result }) { return try result.get() }
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PubAck, any Error>) in
                let ready = state.withLock { state -> Result<PubAck, any Error>? in
                    if let result = state.result { return result.mapError { $0 } }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The outcome if it is known, without waiting.
    public var result: Result<PubAck, JetStreamError>? {
        state.withLock { $0.result }
    }

    /// Sets the outcome once; later calls are ignored.
    func complete(_ result: Result<PubAck, JetStreamError>) {
        let waiters = state.withLock { state -> [CheckedContinuation<PubAck, any Error>] in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 }) }
    }
}
