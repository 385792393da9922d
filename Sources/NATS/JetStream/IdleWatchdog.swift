import NIOCore

/// When an inbox that waits for replies has gone quiet for too long: a pure value, fed the time
/// by its owner (the inbox's event loop schedules the checks it asks for), so tests drive it
/// with any clock.
///
/// Each quiet period is reported once: after an idle report the next one needs a new full
/// period without activity.
struct IdleWatchdog: Sendable, Equatable {
    /// What a check found.
    enum Check: Sendable, Equatable {
        /// Not watching.
        case stopped
        /// Something arrived within the limit: check again at this time.
        case notYet(checkAt: NIODeadline)
        /// Nothing arrived for the limit: report idle, and check again at this time.
        case idle(checkAt: NIODeadline)
    }

    private(set) var limit: TimeAmount?
    private(set) var lastActivity: NIODeadline

    init(now: NIODeadline) {
        self.lastActivity = now
    }

    /// Starts watching for `limit` of silence from `now` (nil stops); returns when to check first.
    mutating func watch(_ limit: TimeAmount?, now: NIODeadline) -> NIODeadline? {
        self.limit = limit
        lastActivity = now
        return limit.map { now + $0 }
    }

    /// Something arrived.
    mutating func activity(at now: NIODeadline) {
        lastActivity = now
    }

    /// Stops watching.
    mutating func stop() {
        limit = nil
    }

    /// A scheduled check at `now`.
    mutating func check(at now: NIODeadline) -> Check {
        guard let limit else { return .stopped }
        let due = lastActivity + limit
        if due > now { return .notYet(checkAt: due) }
        lastActivity = now
        return .idle(checkAt: now + limit)
    }
}
