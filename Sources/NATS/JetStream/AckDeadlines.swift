import DequeModule
import NIOCore

/// The ack deadlines of a publisher's publishes, in publish order: a pure value, fed the time by
/// its owner's sweeps, so tests drive it with any clock.
///
/// Every publish has the same timeout, so deadlines grow with publish order and a sweep only looks
/// at the front: it drops entries whose publish already has its outcome and stops at the first
/// deadline still in the future.
struct AckDeadlines: Sendable {
    private var entries: Deque<(id: UInt64, deadline: NIODeadline)> = []

    /// Publish `id` must be acknowledged by `deadline`.
    mutating func append(_ id: UInt64, deadline: NIODeadline) {
        entries.append((id, deadline))
    }

    /// The publishes overdue at `now` that are still `pending`, removed, in publish order.
    mutating func expire(at now: NIODeadline, pending: (UInt64) -> Bool) -> [UInt64] {
        var expired: [UInt64] = []
        while let first = entries.first {
            guard pending(first.id) else {
                entries.removeFirst()
                continue
            }
            guard first.deadline <= now else { break }
            entries.removeFirst()
            expired.append(first.id)
        }
        return expired
    }

    mutating func removeAll() {
        entries.removeAll()
    }

    /// Entries kept (acknowledged publishes are dropped at the next sweep).
    var count: Int { entries.count }
}
