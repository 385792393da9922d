/// The load's outcomes by the time each command was sent, in fixed buckets: which commands the
/// service served (stored, or answered with a domain refusal such as a conflict) and which found
/// it unavailable (timeouts, transport failures, `busy`, store errors). Recovery is read from it.
package struct OutcomeTimeline: Sendable, Equatable {
    /// The instant (nanoseconds, any monotonic origin) bucket 0 starts at.
    package let start: UInt64
    package let bucketNanos: UInt64
    package private(set) var served: [Int] = []
    package private(set) var unavailable: [Int] = []

    package init(start: UInt64, bucketNanos: UInt64 = 10_000_000) {
        self.start = start
        self.bucketNanos = max(bucketNanos, 1)
    }

    /// Records one command's outcome at its send time (earlier than `start`: bucket 0).
    package mutating func record(sentAt: UInt64, available: Bool) {
        let index = Int((sentAt > start ? sentAt - start : 0) / bucketNanos)
        if index >= served.count {
            let missing = index + 1 - served.count
            served.append(contentsOf: repeatElement(0, count: missing))
            unavailable.append(contentsOf: repeatElement(0, count: missing))
        }
        if available { served[index] += 1 } else { unavailable[index] += 1 }
    }

    /// The bucket of an instant given in nanoseconds after `start`.
    package func bucket(atOffset nanos: UInt64) -> Int { Int(nanos / bucketNanos) }

    package var bucketCount: Int { served.count }

    /// `ms,served,unavailable`, one line per bucket from the first outcome to the last.
    package var csv: String {
        let bucketMs = Double(bucketNanos) / 1e6
        var text = "ms,served,unavailable\n"
        for index in 0..<served.count where served[index] > 0 || unavailable[index] > 0 {
            text += "\(Int(Double(index) * bucketMs)),\(served[index]),\(unavailable[index])\n"
        }
        return text
    }
}
