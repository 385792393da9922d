import DequeModule
import NATS
import Synchronization

/// The queue in front of one shard's task: any thread sends, the shard's task takes everything
/// waiting at once (so a busy shard handles events in batches, one wake-up for many).
///
/// Not bounded by itself: what enters is bounded elsewhere (commands by the shard's admission,
/// completions by the commands in flight).
package final class ShardInbox<Event: Sendable>: Sendable {
    struct State {
        var events = Deque<Event>()
        var waiter: WaiterQueue<Void>.Waiter?
        var closed = false
    }

    let state = Mutex(State())

    /// Batches up to this many events leave their capacity to the next one.
    static var keptCapacity: Int { 1024 }

    package init() {}

    /// Queues `event` and wakes the shard. Events sent after `close()` are dropped and reported.
    /// - Returns: false when the inbox is closed.
    @discardableResult
    package func send(_ event: Event) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, WaiterQueue<Void>.Waiter?) in
            guard !state.closed else { return (false, nil) }
            state.events.append(event)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Everything queued, waiting while nothing is; `nil` once closed and empty.
    package func next() async -> Deque<Event>? {
        while true {
            let taken = state.withLock { state -> Deque<Event>? in
                guard !state.events.isEmpty else { return nil }
                let taken = state.events
                // The next batch starts at this one's capacity (one allocation, not one per
                // doubling), unless a burst made it large.
                if taken.count <= Self.keptCapacity {
                    state.events.removeAll(keepingCapacity: true)
                } else {
                    state.events = Deque()
                }
                return taken
            }
            if let taken { return taken }
            if state.withLock({ $0.closed }) { return nil }
            do {
                try await withCheckedThrowingContinuation { (continuation: WaiterQueue<Void>.Waiter) in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.events.isEmpty || state.closed { return true }
                        precondition(state.waiter == nil, "a shard inbox has one reader")
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } catch {
                preconditionFailure("a shard inbox waiter is never resumed with an error: \(error)")
            }
        }
    }

    /// No more events are accepted; `next()` returns what is queued, then `nil`.
    package func close() {
        let waiter = state.withLock { state -> WaiterQueue<Void>.Waiter? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
