import DequeModule

/// Group commit: gathers the appends of many aggregates and decides when to commit them together
/// as one atomic batch. The pure core, fed with time by its shell.
///
/// An append is one command's events for one aggregate (all or none). A batch is committed when a
/// commit slot is free and either the open appends fill a batch (`maxMessages` or `maxBytes`) or
/// the oldest waited `linger`; with `linger` 0 it is committed as soon as a slot is free, so an
/// idle store commits at once and a busy one gathers while its commits are in flight. A batch
/// refused because one guard failed is split in halves and each half committed again, so only the
/// conflicting appends see the conflict.
package struct CommitBatcher<Append> {
    package struct Limits: Sendable, Hashable {
        /// Messages in one batch (the server's limit is 1000).
        package var maxMessages: Int
        /// Payload bytes in one batch.
        package var maxBytes: Int
        /// Nanoseconds the oldest append may wait for company while a slot is free.
        package var linger: UInt64
        /// Batches committing at once (the server allows 50 per stream).
        package var maxInFlight: Int

        package init(maxMessages: Int = 1000, maxBytes: Int = 4 << 20, linger: UInt64 = 0, maxInFlight: Int = 4) {
            self.maxMessages = max(1, min(maxMessages, 1000))
            self.maxBytes = max(1, maxBytes)
            self.linger = linger
            self.maxInFlight = max(1, maxInFlight)
        }
    }

    package struct Entry {
        package let append: Append
        package let messages: Int
        package let bytes: Int
        package let since: UInt64
    }

    package enum Action {
        /// Commit these appends as one atomic batch, then report `committed` or `rejected`.
        case commit([Entry])
        /// Nothing can be committed before this time (nanoseconds): call `timerFired` then.
        case wakeUp(at: UInt64)
        /// The batch of one append was refused by its own guard: that append failed.
        case conflict(Entry)
    }

    package let limits: Limits
    var open = Deque<Entry>()
    package private(set) var inFlight = 0

    package init(limits: Limits) {
        self.limits = limits
    }

    /// Appends waiting to be committed.
    package var waiting: Int { open.count }

    /// A new append of `messages` messages and `bytes` payload bytes.
    package mutating func enqueue(_ append: Append, messages: Int, bytes: Int, now: UInt64) -> [Action] {
        open.append(Entry(append: append, messages: messages, bytes: bytes, since: now))
        return drain(now: now)
    }

    /// A timer asked for by `.wakeUp` fired.
    package mutating func timerFired(now: UInt64) -> [Action] {
        drain(now: now)
    }

    /// A batch was stored (or failed for a reason that is not a guard): its slot is free.
    package mutating func committed(now: UInt64) -> [Action] {
        precondition(inFlight > 0, "committed() without a batch in flight")
        inFlight -= 1
        return drain(now: now)
    }

    /// A batch was refused by a guard: a single append is a conflict; a larger batch is split in
    /// two halves, committed ahead of the waiting appends.
    package mutating func rejected(_ batch: [Entry], now: UInt64) -> [Action] {
        precondition(inFlight > 0, "rejected() without a batch in flight")
        inFlight -= 1
        if batch.count == 1 { return [.conflict(batch[0])] + drain(now: now) }
        let middle = batch.count / 2
        // The halves go first, in order, and are committed as they are (never regrouped).
        var actions: [Action] = []
        for half in [Array(batch[..<middle]), Array(batch[middle...])] {
            inFlight += 1
            actions.append(.commit(half))
        }
        return actions
    }

    private mutating func drain(now: UInt64) -> [Action] {
        var actions: [Action] = []
        while inFlight < limits.maxInFlight, let first = open.first {
            guard now >= first.since &+ limits.linger || fillsBatch() else {
                actions.append(.wakeUp(at: first.since &+ limits.linger))
                break
            }
            actions.append(.commit(takeBatch()))
            inFlight += 1
        }
        return actions
    }

    private func fillsBatch() -> Bool {
        var messages = 0
        var bytes = 0
        for entry in open {
            messages += entry.messages
            bytes += entry.bytes
            if messages >= limits.maxMessages || bytes >= limits.maxBytes { return true }
        }
        return false
    }

    /// The oldest appends that fit one batch (always at least one, even if it alone is over a limit).
    private mutating func takeBatch() -> [Entry] {
        var batch: [Entry] = []
        var messages = 0
        var bytes = 0
        while let first = open.first {
            if !batch.isEmpty, messages + first.messages > limits.maxMessages || bytes + first.bytes > limits.maxBytes { break }
            messages += first.messages
            bytes += first.bytes
            batch.append(open.removeFirst())
        }
        return batch
    }
}

extension CommitBatcher.Entry: Sendable where Append: Sendable {}

extension CommitBatcher {
    /// Removes every waiting append (the store closed): the shell fails them.
    package mutating func takeAll() -> [Entry] {
        defer { open.removeAll() }
        return Array(open)
    }
}
