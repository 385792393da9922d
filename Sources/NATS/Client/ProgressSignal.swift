import Synchronization

/// Wakes `drain()` when something it waits for may have finished: a request answered or failed,
/// a subscription buffer emptied or ended, a handler's last pending reply in, or the drain's
/// deadline. Nothing polls: the waiter sleeps until a poke.
///
/// Pokes cost one atomic load while nobody watches, so hot paths may poke freely.
final class ProgressSignal: Sendable {
    private struct State {
        /// Pokes seen while watched; a waiter passes the epoch it checked its condition at.
        var epoch: UInt64 = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let watched = Atomic<Int>(0)
    private let state = Mutex(State())

    /// Starts counting pokes; returns the epoch to pass to the first `wait(after:)`.
    func watch() -> UInt64 {
        watched.wrappingAdd(1, ordering: .sequentiallyConsistent)
        return state.withLock { $0.epoch }
    }

    /// Stops counting pokes (one `unwatch` per `watch`).
    func unwatch() {
        watched.wrappingSubtract(1, ordering: .sequentiallyConsistent)
    }

    /// How many `watch()` calls have not been matched by `unwatch()` yet.
    var watchers: Int { watched.load(ordering: .sequentiallyConsistent) }

    /// Something may have finished.
    func poke() {
        guard watched.load(ordering: .sequentiallyConsistent) > 0 else { return }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.epoch &+= 1
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns the current epoch, for a caller about to check its condition.
    var epoch: UInt64 { state.withLock { $0.epoch } }

    /// Waits for a poke after `epoch` (returns at once if one came already).
    /// A cancelled task is woken too (the caller checks for cancellation).
    func wait(after epoch: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.epoch != epoch { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            poke()
        }
    }
}
