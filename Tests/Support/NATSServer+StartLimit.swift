import Foundation
import Synchronization

extension NATSServer {
    /// The environment variable that sets how many fixture servers may start at once.
    public static let parallelStartsEnvironmentVariable = "NATS_SERVER_PARALLEL_STARTS"

    /// How many fixture servers start at once: `$NATS_SERVER_PARALLEL_STARTS`, else the number of
    /// cores (at least 2).
    ///
    /// A test run starts dozens of fixtures in parallel. On a cold machine each start pages the
    /// server binary in, creates a JetStream store and competes for two cores with every other
    /// start and with the tests' own clients; when fifty start at once, some do not print their
    /// first log line before the start-up timeout. Starting a few at a time keeps each start short,
    /// and the start-up timeout counts only from this fixture's own launch.
    public static var parallelStarts: Int { StartLimiter.shared.limit }

    /// Runs `body` while holding one of the ``parallelStarts`` start slots. A restart (`ahead`)
    /// is served before the first starts waiting: a test's clients are reconnecting to it with a
    /// bounded budget, and at the beginning of a run dozens of first starts can queue for half a
    /// minute (a restart behind them outlived its client's reconnect attempts).
    static func withStartSlot<T>(ahead: Bool = false, _ body: () async throws(NATSServerError) -> T) async throws(NATSServerError) -> T {
        await StartLimiter.shared.acquire(ahead: ahead)
        defer { StartLimiter.shared.release() }
        return try await body()
    }
}

/// A counting semaphore for fixture start-ups: waiters `ahead` first, in order, then the others in order.
final class StartLimiter: Sendable {
    static let shared = StartLimiter(limit: {
        if let text = ProcessInfo.processInfo.environment[NATSServer.parallelStartsEnvironmentVariable], let value = Int(text), value > 0 {
            return value
        }
        return max(2, ProcessInfo.processInfo.activeProcessorCount)
    }())

    private struct State {
        var inUse = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Waiters at the front of `waiters` that asked to go ahead.
        var waitingAhead = 0
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    func acquire(ahead: Bool = false) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                guard state.inUse < limit else {
                    if ahead {
                        state.waiters.insert(continuation, at: state.waitingAhead)
                        state.waitingAhead += 1
                    } else {
                        state.waiters.append(continuation)
                    }
                    return false
                }
                state.inUse += 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// Callers waiting for a slot.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Hands the slot to the first waiter, or frees it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.inUse -= 1
                return nil
            }
            state.waitingAhead = max(0, state.waitingAhead - 1)
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
