import DequeModule

/// Tasks waiting for room or for an event, in the order they arrived: the one waiter queue of the
/// client (publishers waiting for outbound room, publishes waiting for a window slot, drains
/// waiting for progress). It lives inside its owner's lock; the continuations it hands back are
/// resumed outside the lock.
///
/// Each waiter has an id, so a cancelled or timed-out one can be taken out of the middle.
package struct WaiterQueue<Value: Sendable>: Sendable {
    package typealias Waiter = CheckedContinuation<Value, any Error>

    private var waiters: Deque<(id: UInt64, continuation: Waiter)> = []
    private var nextID: UInt64 = 0

    package init() {}

    package var isEmpty: Bool { waiters.isEmpty }
    package var count: Int { waiters.count }

    /// A new id for a waiter about to be appended (taken before the continuation exists, so a
    /// cancellation handler can name it).
    package mutating func makeID() -> UInt64 {
        defer { nextID &+= 1 }
        return nextID
    }

    /// Queues `continuation` under `id` (from `makeID()`).
    package mutating func append(_ continuation: Waiter, id: UInt64) {
        waiters.append((id, continuation))
    }

    /// Queues `continuation` under a fresh id.
    package mutating func append(_ continuation: Waiter) {
        append(continuation, id: makeID())
    }

    /// The longest-waiting one, removed.
    package mutating func popFirst() -> Waiter? {
        waiters.popFirst()?.continuation
    }

    /// The waiter `id`, removed (nil when it was already resumed).
    package mutating func remove(id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).continuation
    }

    /// Every waiter, removed, in order.
    package mutating func removeAll() -> [Waiter] {
        defer { waiters.removeAll() }
        return waiters.map(\.continuation)
    }
}
