/// What `cim-bench snapshot-tune` builds for one snapshot frequency: how many events each
/// aggregate gets, and how many of them a recovery after a crash has to replay.
///
/// A service writes a snapshot when an aggregate's version reaches a multiple of the frequency f,
/// so an aggregate of L events recovers from the snapshot at version L − (L mod f) and replays
/// the L mod f events after it. If every aggregate had exactly N events and f divided N, no
/// recovery would replay anything and every frequency would look alike. The plan therefore
/// spreads the aggregates over the snapshot interval: aggregate i of A ends
/// t_i = ⌊(i + ½)·f / A⌋ events after its last snapshot, the largest length at most N that
/// does so. This is a crash at an evenly spread point of the interval: on average ≈ f/2 events
/// replayed, at most f − 1.
package enum SnapshotTunePlan {
    /// The frequencies a service accepts (`SNAPSHOT_FREQ`, 0 = off).
    package static let frequencyRange = 0...1_000_000

    /// The default frequencies to try.
    package static let defaultFrequencies = [0, 10, 25, 50, 100, 250, 500, 1000]

    /// Reads a comma-separated list of frequencies ("0,10,25"): whole numbers in
    /// `frequencyRange`, none twice; blanks around the numbers are allowed. The order is kept.
    package static func parseFrequencies(_ text: String) throws(ReportError) -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks }
        guard !(parts.count == 1 && parts[0].isEmpty) else {
            throw ReportError("the list of frequencies is empty: give numbers separated by commas, such as 0,10,100")
        }
        var frequencies: [Int] = []
        for part in parts {
            guard !part.isEmpty else {
                throw ReportError("the list of frequencies \"\(text)\" has an empty entry: give numbers separated by single commas")
            }
            guard let value = Int(part) else {
                throw ReportError("\"\(part)\" in the list of frequencies is not a whole number")
            }
            guard frequencyRange.contains(value) else {
                throw ReportError("the frequency \(value) is outside \(frequencyRange.lowerBound)…\(frequencyRange.upperBound) (0 turns snapshots off)")
            }
            guard !frequencies.contains(value) else { throw ReportError("the frequency \(value) is listed twice") }
            frequencies.append(value)
        }
        return frequencies
    }

    /// The events replayed after the latest snapshot of an aggregate of `length` events: the
    /// whole history when snapshots are off or the frequency is above the length (none taken yet).
    package static func tail(length: Int, frequency: Int) -> Int {
        frequency == 0 || frequency > length ? length : length % frequency
    }

    /// The length of each of `aggregates` aggregates for `frequency`, at most `events` each (see the
    /// type's description). Without `spread`, or when no snapshot can be taken (`frequency` 0 or
    /// above `events`), every aggregate gets `events`.
    package static func lengths(events: Int, frequency: Int, aggregates: Int, spread: Bool) -> [Int] {
        guard spread, frequency > 0, frequency <= events else { return Array(repeating: events, count: aggregates) }
        return (0..<aggregates).map { index in
            let tail = (2 * index + 1) * frequency / (2 * aggregates)
            return events - (events - tail) % frequency
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
