/// The snapshot frequency `cim-bench snapshot-tune` recommends, and why, from a stated cost model:
///
/// - after a crash an aggregate is rebuilt from its latest snapshot plus the events stored after
///   it: with a snapshot every f events that is ≈ f/2 events on average and at most f − 1; with
///   f = 0 (off) the whole history;
/// - write overhead(f) = 1 − rate(f) / best rate, the best being the highest commands/s measured;
/// - snapshot cost = snapshot bytes written per stored event.
///
/// Among the frequencies whose cold-recovery p99 is within the budget, the one with the least
/// write overhead wins; rates within `tieTolerance` of the best of them count as a tie, won by
/// the longest interval (fewest snapshot bytes; 0 counts as the longest). When none is within
/// the budget, the one with the lowest cold p99 is recommended, and the report says so.
package struct SnapshotRecommendation: Codable, Sendable, Equatable {
    /// The recommended `SNAPSHOT_FREQ`.
    package var frequency: Int
    /// Whether its cold p99 is within the budget.
    package var withinBudget: Bool
    package var budgetMs: Double
    /// The frequencies whose cold p99 is within the budget, in the order measured.
    package var withinBudgetFrequencies: [Int]
    /// The frequencies within `tieTolerance` of the best rate among those within the budget.
    package var nearTies: [Int]
    /// Write overhead by frequency (as text keys, for JSON), 0…1.
    package var writeOverhead: [String: Double]
    /// The cost model and the reasons, one sentence or short paragraph each.
    package var reasoning: [String]

    /// Rates closer than this fraction to the best count as a tie.
    package static let tieTolerance = 0.03

    enum CodingKeys: String, CodingKey {
        case frequency, reasoning
        case withinBudget = "within_budget"
        case budgetMs = "budget_ms"
        case withinBudgetFrequencies = "within_budget_frequencies"
        case nearTies = "near_ties"
        case writeOverhead = "write_overhead"
    }

    /// The recommendation for `rows` (one per frequency) and a cold-p99 budget in milliseconds;
    /// nil when there are no rows. `events` is the most events an aggregate had in the run.
    package static func recommend(rows: [SnapshotTuneRow], budgetMs: Double, events: Int) -> SnapshotRecommendation? {
        guard let fastest = rows.max(by: { $0.commandsPerSec < $1.commandsPerSec }) else { return nil }
        let bestRate = fastest.commandsPerSec
        var overhead: [String: Double] = [:]
        for row in rows { overhead[String(row.frequency)] = Self.overhead(row, bestRate: bestRate) }

        let within = rows.filter { $0.coldP99Ms <= budgetMs }
        let chosen: SnapshotTuneRow
        var ties: [SnapshotTuneRow] = []
        var reasoning = [costModel(events: events, fastest: fastest), budgetSentence(rows: rows, within: within, budgetMs: budgetMs)]
        if let bestWithin = within.max(by: { $0.commandsPerSec < $1.commandsPerSec }) {
            ties = within.filter { $0.commandsPerSec >= bestWithin.commandsPerSec * (1 - tieTolerance) }
            chosen = ties.max(by: { $0.interval < $1.interval }) ?? bestWithin
            reasoning.append(choiceSentence(chosen: chosen, bestWithin: bestWithin, ties: ties, bestRate: bestRate))
        } else {
            chosen = rows.min(by: { ($0.coldP99Us, -$0.interval) < ($1.coldP99Us, -$1.interval) }) ?? fastest
            reasoning.append(
                "No frequency meets the budget: the lowest cold p99 is \(ms(chosen.coldP99Us)) at \(name(chosen.frequency)), "
                    + "recommended as the nearest (write overhead \(percent(Self.overhead(chosen, bestRate: bestRate))), "
                    + "\(bytes(chosen.snapshotBytesPerEvent)) snapshot bytes per stored event). Raise the budget, or expect recoveries above it.")
        }
        if chosen.frequency == 0, chosen.coldP99Us > 0, events > 0 {
            let perEvent = Double(chosen.coldP99Us) / Double(events)
            let reach = Int(budgetMs * 1000 / perEvent)
            reasoning.append(
                "With snapshots off a recovery replays the whole history, which grows with the aggregate: here "
                    + "\(LoadReport.number(Double(events))) events took \(ms(chosen.coldP99Us)) at p99 (≈ \(LoadReport.number(perEvent)) µs per event, "
                    + "fixed costs included, so an estimate on the safe side if it grows linearly), so aggregates of about \(LoadReport.number(Double(reach))) events would reach the budget. "
                    + "Re-run with --events set to the longest history expected in production.")
        }
        // A frequency above the aggregates' lengths writes no snapshot: with spread tails that is
        // also the case when it equals the events (every aggregate then ends inside the first interval).
        let neverSnapshotted = rows.filter { $0.frequency > 0 && ($0.frequency > events || $0.snapshotWrites == 0) }.map(\.frequency)
        if !neverSnapshotted.isEmpty {
            let one = neverSnapshotted.count == 1
            reasoning.append(
                "\(list(neverSnapshotted)) wrote no snapshot: every aggregate it built (at most \(LoadReport.number(Double(events))) events) "
                    + "ended before its first snapshot, so \(one ? "its" : "their") recovery replayed whole histories, as with 0, "
                    + "which is what aggregates shorter than f do in production too.")
        }
        if let noise = roundNoise(rows) {
            reasoning.append(
                "Across the rounds, one frequency's rate varied by up to \(percent(noise.spread)) (max − min over the median, at \(name(noise.frequency))): "
                    + "differences in write rate smaller than that are this machine's noise, and a choice made on them alone may change from run to run.")
        } else if rows.count > 1 {
            reasoning.append("One round only: the write rates carry this machine's run-to-run noise (often 20–50 % on a shared machine); --rounds 3 or more shows it.")
        }
        if ties.count > 1 {
            reasoning.append(
                "Write rates of one run on a shared machine often differ by more than \(percent(tieTolerance)) between runs: "
                    + "repeat the run before relying on a near tie.")
        }
        return SnapshotRecommendation(
            frequency: chosen.frequency, withinBudget: chosen.coldP99Ms <= budgetMs, budgetMs: budgetMs, withinBudgetFrequencies: within.map(\.frequency),
            nearTies: ties.map(\.frequency), writeOverhead: overhead, reasoning: reasoning)
    }

    /// The largest spread of one frequency's round rates, (max − min) / median, and where; nil
    /// when no row has two rounds or more.
    static func roundNoise(_ rows: [SnapshotTuneRow]) -> (spread: Double, frequency: Int)? {
        var widest: (spread: Double, frequency: Int)?
        for row in rows where row.roundRates.count > 1 {
            let median = SnapshotTuneRow.median(row.roundRates)
            guard median > 0, let low = row.roundRates.min(), let high = row.roundRates.max() else { continue }
            let spread = (high - low) / median
            if spread > (widest?.spread ?? -1) { widest = (spread, row.frequency) }
        }
        return widest
    }

    /// 1 − rate / best rate, never below 0.
    package static func overhead(_ row: SnapshotTuneRow, bestRate: Double) -> Double {
        bestRate > 0 ? max(0, 1 - row.commandsPerSec / bestRate) : 0
    }

    /// The cost model, stated with this run's figures.
    static func costModel(events: Int, fastest: SnapshotTuneRow) -> String {
        "Cost model. After a crash an aggregate is rebuilt from its latest snapshot plus the events stored after it: "
            + "with a snapshot every f events that is ≈ f/2 events on average and at most f − 1; with f = 0 (snapshots off) it is the whole history "
            + "(here up to \(LoadReport.number(Double(events))) events per aggregate, and it keeps growing). "
            + "Write overhead(f) = 1 − rate(f) / best rate, the best rate being \(LoadReport.number(fastest.commandsPerSec)) commands/s (\(name(fastest.frequency))). "
            + "Snapshot cost = snapshot bytes written per stored event."
    }

    static func budgetSentence(rows: [SnapshotTuneRow], within: [SnapshotTuneRow], budgetMs: Double) -> String {
        let over = rows.filter { $0.coldP99Ms > budgetMs }
        let describe = { (rows: [SnapshotTuneRow]) in rows.map { "\($0.frequency) (\(ms($0.coldP99Us)))" }.joined(separator: ", ") }
        var text = "Budget: cold-recovery p99 ≤ \(LoadReport.number(budgetMs)) ms. "
        text += within.isEmpty ? "Within it: none. " : "Within it: \(describe(within)). "
        text += over.isEmpty ? "Over it: none." : "Over it: \(describe(over))."
        return text
    }

    static func choiceSentence(chosen: SnapshotTuneRow, bestWithin: SnapshotTuneRow, ties: [SnapshotTuneRow], bestRate: Double) -> String {
        var text = "Within the budget the highest write rate is \(LoadReport.number(bestWithin.commandsPerSec)) commands/s at \(name(bestWithin.frequency)). "
        let others = ties.filter { $0.frequency != bestWithin.frequency }
        if !others.isEmpty {
            text += "\(list(others.map(\.frequency))) \(others.count == 1 ? "is" : "are") within \(percent(tieTolerance)) of it, "
                + "a tie won by the longest interval, which writes the fewest snapshot bytes (0 writes none). "
        }
        text += "Recommended: SNAPSHOT_FREQ=\(chosen.frequency): cold p99 \(ms(chosen.coldP99Us)) (p50 \(ms(chosen.coldP50Us))), "
            + "write overhead \(percent(overhead(chosen, bestRate: bestRate))), \(bytes(chosen.snapshotBytesPerEvent)) snapshot bytes per stored event."
        return text
    }

    static func name(_ frequency: Int) -> String { frequency == 0 ? "f = 0 (off)" : "f = \(frequency)" }

    static func list(_ frequencies: [Int]) -> String {
        let names = frequencies.map { "f = \($0)" }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }

    /// `27.41 ms`.
    static func ms(_ micros: UInt64) -> String { "\(SnapshotTuneFormat.fixed(Double(micros) / 1000, 2)) ms" }

    /// `4.2 %`.
    static func percent(_ fraction: Double) -> String { "\(SnapshotTuneFormat.fixed(fraction * 100, 1)) %" }

    static func bytes(_ value: Double) -> String { SnapshotTuneFormat.fixed(value, 1) }
}
