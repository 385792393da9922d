/// Says a repeated failure once per window instead of once per command: during a store outage
/// every command fails the same way, and a line each buries the log (2,833 lines in one replica's
/// log in a leader election, `perf/RELIABILITY.md`). The first failure of a kind is logged in full;
/// the ones after it within `window` are counted, and the count is logged when the window ends
/// (`due`), or with the next failure of that kind after it. Pure: time comes with each call.
package struct LogThrottle<Key: Hashable> {
    package enum Decision: Equatable {
        /// Log this one; `suppressedBefore` of its kind were counted, not logged, in the window
        /// that ended (not yet reported by `due`).
        case log(suppressedBefore: Int)
        /// Counted: reported by `due` when the window ends.
        case suppress
    }

    struct Window {
        var opened: UInt64
        var suppressed: Int
    }

    /// Nanoseconds a window lasts.
    package let window: UInt64
    var windows: [Key: Window] = [:]

    package init(window: UInt64) {
        self.window = window
    }

    /// A failure of kind `key` at `now`.
    package mutating func record(_ key: Key, now: UInt64) -> Decision {
        if var open = windows[key] {
            if now &- open.opened < window {
                open.suppressed += 1
                windows[key] = open
                return .suppress
            }
            windows[key] = Window(opened: now, suppressed: 0)
            return .log(suppressedBefore: open.suppressed)
        }
        windows[key] = Window(opened: now, suppressed: 0)
        return .log(suppressedBefore: 0)
    }

    /// The kinds whose window ended by `now` with failures counted, and how many; those windows
    /// close (the next failure of the kind is logged in full again).
    package mutating func due(now: UInt64) -> [(key: Key, suppressed: Int)] {
        var reports: [(key: Key, suppressed: Int)] = []
        for (key, open) in windows where now &- open.opened >= window {
            if open.suppressed > 0 { reports.append((key, open.suppressed)) }
            windows[key] = nil
        }
        return reports
    }
}
