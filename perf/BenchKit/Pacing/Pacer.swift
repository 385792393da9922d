/// The open loop's schedule: command i is meant to be sent at `start + i / rate`. A pure state
/// machine fed with the time (nanoseconds on any monotonic clock), so tests drive it without
/// sleeping.
///
/// Latency is measured from a command's intended send time, not from when it was really sent: if
/// the generator (or the in-flight bound, or the machine) falls behind, the commands that should
/// have gone out meanwhile still count the wait, and a stall of the service shows in the
/// percentiles instead of hiding behind fewer samples (coordinated omission).
package struct Pacer: Sendable {
    package let rate: Double
    package let start: UInt64
    /// Commands handed out so far.
    package private(set) var issued: UInt64 = 0

    /// `rate` commands per second from `start` (nanoseconds).
    package init(rate: Double, start: UInt64) {
        precondition(rate > 0 && rate.isFinite, "the rate must be positive")
        self.rate = rate
        self.start = start
    }

    /// When command `index` (from 0) is meant to be sent.
    package func intendedTime(of index: UInt64) -> UInt64 {
        start &+ UInt64((Double(index) * 1e9 / rate).rounded(.down))
    }

    /// Commands due at `now` and not handed out yet.
    package func due(at now: UInt64) -> UInt64 {
        guard now >= start else { return 0 }
        // Command i is due when intendedTime(i) <= now: i <= (now - start) * rate / 1e9.
        // The estimate is corrected against intendedTime, so that both agree at the boundaries.
        var reachable = UInt64((Double(now - start) * rate / 1e9).rounded(.down)) + 1
        while intendedTime(of: reachable) <= now { reachable += 1 }
        while reachable > 0, intendedTime(of: reachable - 1) > now { reachable -= 1 }
        return reachable > issued ? reachable - issued : 0
    }

    /// Hands out the next command: its index and intended send time.
    package mutating func take() -> (index: UInt64, intended: UInt64) {
        defer { issued += 1 }
        return (issued, intendedTime(of: issued))
    }

    /// When the next command is due (to sleep until then).
    package var nextDeadline: UInt64 { intendedTime(of: issued) }
}
