import DequeModule

/// Decides, for one shard, which command runs when: the pure core of a shard, with no I/O and
/// no clock of its own (time arrives with the events).
///
/// Commands for one aggregate run strictly one after another; commands for different aggregates
/// never wait for each other. An aggregate that is not resident is loaded first (its commands
/// queue meanwhile). Once its command finished, an aggregate is idle: it stays resident until it
/// has been idle for `idleTimeout`, or until more than `maxResident` aggregates are resident, the
/// least recently used idle one goes first. Loading, running and evicting are actions for the
/// shell; it reports back with `loaded`, `finished` and `tick`.
///
/// Admission (the bounded mailbox) is not decided here: the shell counts commands before they
/// reach the shard, so a full shard answers `busy` without a hop.
package struct ShardScheduler<Key: Hashable & Sendable, Resident, Job> {
    package enum Action {
        /// Load `key` (snapshot plus replay), then report `loaded`.
        case load(Key)
        /// Run `job` against `resident`, then report `finished` with the new resident state.
        case run(Key, Resident, Job)
        /// Loading `key` failed: answer each job with the failure.
        case fail([Job], any Error)
        /// `key` leaves memory (idle too long, or the cap was reached): snapshot it if needed.
        case evict(Key, Resident)
    }

    enum Slot {
        /// Being loaded; jobs wait in order.
        case loading(Deque<Job>)
        /// Resident and idle since `lastUsed` (nanoseconds on the shell's clock).
        case idle(Resident, lastUsed: UInt64)
        /// A job is running; the next ones wait in order.
        case busy(Deque<Job>)

        /// When it became idle; `nil` unless idle.
        var idleSince: UInt64? {
            if case .idle(_, let lastUsed) = self { return lastUsed }
            return nil
        }

        /// Puts `replacement` here and returns what was here, moved rather than copied.
        mutating func exchange(with replacement: Slot) -> Slot {
            var other = replacement
            swap(&self, &other)
            return other
        }
    }

    package let maxResident: Int
    package let idleTimeout: UInt64
    var slots: [Key: Slot] = [:]
    /// Idle aggregates by the time they became idle, oldest first. An entry is stale when its key
    /// is no longer idle at that time (it ran again, or left); stale entries are skipped.
    var idleOrder = Deque<(key: Key, since: UInt64)>()
    /// Aggregates idle right now.
    package private(set) var idleCount = 0

    /// - Parameters:
    ///   - maxResident: aggregates kept in memory before the least recently used idle one is evicted (at least 1).
    ///   - idleTimeout: nanoseconds an aggregate may stay idle before it is evicted.
    package init(maxResident: Int, idleTimeout: UInt64) {
        precondition(maxResident >= 1, "maxResident must be at least 1")
        self.maxResident = maxResident
        self.idleTimeout = idleTimeout
    }

    /// Aggregates in memory or being loaded.
    package var residentCount: Int { slots.count }

    /// A new command for `key`.
    package mutating func submit(_ job: Job, for key: Key) -> Action? {
        guard let index = slots.index(forKey: key) else {
            slots[key] = .loading([job])
            return .load(key)
        }
        // Slots are moved out and back (`exchange`), never copied: a copy would retain every
        // reference the resident state holds, once per command.
        switch slots.values[index].exchange(with: .busy([])) {
        case .loading(var queue):
            queue.append(job)
            slots.values[index] = .loading(queue)
            return nil
        case .idle(let resident, _):
            idleCount -= 1
            return .run(key, resident, job)
        case .busy(var queue):
            queue.append(job)
            slots.values[index] = .busy(queue)
            return nil
        }
    }

    /// Loading `key` ended: run its first job, or fail every job waiting for it.
    package mutating func loaded(_ key: Key, _ result: Result<Resident, any Error>, now: UInt64) -> [Action] {
        guard let index = slots.index(forKey: key), case .loading(var queue) = slots.values[index].exchange(with: .busy([])) else {
            preconditionFailure("loaded(\(key)) while it was not loading")
        }
        switch result {
        case .success(let resident):
            guard let job = queue.popFirst() else {
                // Cannot happen (a load starts with a job), but an empty queue just makes it idle.
                return becomeIdle(key, at: index, resident, now: now)
            }
            slots.values[index] = .busy(queue)
            return [.run(key, resident, job)]
        case .failure(let error):
            slots.remove(at: index)
            return [.fail(Array(queue), error)]
        }
    }

    /// The running job of `key` finished. `resident` is the state to keep, or `nil` to forget the
    /// aggregate (its state may be stale, after a store failure): the next job loads it again.
    package mutating func finished(_ key: Key, resident: Resident?, now: UInt64) -> [Action] {
        guard let index = slots.index(forKey: key), case .busy(var queue) = slots.values[index].exchange(with: .busy([])) else {
            preconditionFailure("finished(\(key)) while it was not running")
        }
        guard let resident else {
            if queue.isEmpty {
                slots.remove(at: index)
                return []
            }
            slots.values[index] = .loading(queue)
            return [.load(key)]
        }
        if let job = queue.popFirst() {
            slots.values[index] = .busy(queue)
            return [.run(key, resident, job)]
        }
        return becomeIdle(key, at: index, resident, now: now)
    }

    /// Evicts aggregates idle for `idleTimeout` or longer.
    package mutating func tick(now: UInt64) -> [Action] {
        var actions: [Action] = []
        while let first = idleOrder.first {
            guard isIdle(first.key, since: first.since) else {
                idleOrder.removeFirst()
                continue
            }
            guard now >= first.since &+ idleTimeout else { break }
            idleOrder.removeFirst()
            actions.append(evict(first.key))
        }
        compactIfSparse()
        return actions
    }

    /// Every idle aggregate leaves (shutdown): the shell snapshots them.
    package mutating func evictAllIdle() -> [Action] {
        var actions: [Action] = []
        while let first = idleOrder.popFirst() {
            if isIdle(first.key, since: first.since) { actions.append(evict(first.key)) }
        }
        return actions
    }

    /// Whether any job is loading, running or waiting.
    package var hasWork: Bool { slots.count > idleCount }

    private mutating func becomeIdle(_ key: Key, at index: [Key: Slot].Index, _ resident: Resident, now: UInt64) -> [Action] {
        slots.values[index] = .idle(resident, lastUsed: now)
        idleCount += 1
        idleOrder.append((key, now))
        var actions: [Action] = []
        // Over the cap: the least recently used idle aggregates go (maybe this one, if it is the only idle one).
        while slots.count > maxResident, let first = idleOrder.popFirst() {
            if isIdle(first.key, since: first.since) { actions.append(evict(first.key)) }
        }
        compactIfSparse()
        return actions
    }

    private mutating func evict(_ key: Key) -> Action {
        guard case .idle(let resident, _)? = slots.removeValue(forKey: key) else {
            preconditionFailure("evict(\(key)) of an aggregate that is not idle")
        }
        idleCount -= 1
        return .evict(key, resident)
    }

    private func isIdle(_ key: Key, since: UInt64) -> Bool {
        guard let index = slots.index(forKey: key) else { return false }
        return slots.values[index].idleSince == since
    }

    /// Drops stale entries when they outnumber the live ones, so the order stays O(idle aggregates).
    /// In place, keeping the order of the live ones and the storage: a new deque sized to the live
    /// entries was outgrown again (and reallocated onto fresh pages) by the next appends.
    private mutating func compactIfSparse() {
        guard idleOrder.count > 64, idleOrder.count > 2 * idleCount else { return }
        // Taken out while filtered, so that the filter may read `slots` (and nothing is copied).
        var order = Deque<(key: Key, since: UInt64)>()
        swap(&order, &idleOrder)
        order.removeAll { !isIdle($0.key, since: $0.since) }
        idleOrder = order
    }
}
