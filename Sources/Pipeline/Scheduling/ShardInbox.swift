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
        /// The batch last taken was larger than `keptCapacity`: its storage is not reused.
        var lastBatchWasLarge = false
    }

    let state = Mutex(State())

    /// A batch of up to this many events gives its storage back for the next sends.
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

    /// Moves everything queued into `batch`, waiting while nothing is queued.
    ///
    /// `batch` must be empty: its storage becomes the queue for the next sends, so that the queue
    /// and the batch trade two buffers and nothing is allocated or copied per batch (unless the
    /// last batch was a burst over `keptCapacity`, whose storage is let go).
    /// - Returns: false once closed and empty.
    package func next(into batch: inout Deque<Event>) async -> Bool {
        precondition(batch.isEmpty, "a shard inbox's batch is handed back empty")
        while true {
            let took = state.withLock { state -> Bool in
                guard !state.events.isEmpty else { return false }
                if state.lastBatchWasLarge { batch = Deque() }
                swap(&batch, &state.events)
                state.lastBatchWasLarge = batch.count > Self.keptCapacity
                return true
            }
            if took { return true }
            if state.withLock({ $0.closed }) { return false }
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
