import Testing

@testable import BenchKit

@Suite struct TuningRecommendationTests {
    /// A row with the figures the recommendation reads.
    static func row(_ frequency: Int, rate: Double, coldP99Ms: Double, coldP50Ms: Double? = nil, events: Int = 1000) -> SnapshotTuneRow {
        var row = SnapshotTuneRow(frequency: frequency, aggregates: 10, storedEvents: events * 10)
        row.commandsPerSec = rate
        row.coldP99Us = UInt64(coldP99Ms * 1000)
        row.coldP50Us = UInt64((coldP50Ms ?? coldP99Ms / 2) * 1000)
        let writes = frequency == 0 ? 0 : events * 10 / frequency
        row.setStorage(snapshotWrites: writes, snapshotMessages: frequency == 0 ? 0 : 10, snapshotBytes: frequency == 0 ? 0 : 4000, streamMessages: events * 10, streamBytes: events * 3000)
        return row
    }

    @Test func picksTheFastestWithinTheBudget() throws {
        let rows = [
            Self.row(0, rate: 9000, coldP99Ms: 300),
            Self.row(10, rate: 6000, coldP99Ms: 5),
            Self.row(100, rate: 8000, coldP99Ms: 9),
            Self.row(1000, rate: 8700, coldP99Ms: 60),
        ]
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 50, events: 1000))
        #expect(choice.frequency == 100)
        #expect(choice.withinBudget)
        #expect(choice.withinBudgetFrequencies == [10, 100])
        #expect(choice.nearTies == [100])
        // Against the best rate of all rows (f = 0), not only of those within the budget.
        #expect(abs((choice.writeOverhead["100"] ?? -1) - (1 - 8000.0 / 9000)) < 1e-9)
        #expect(choice.writeOverhead["0"] == 0)
        #expect(choice.reasoning.joined().contains("SNAPSHOT_FREQ=100"))
    }

    @Test func aNearTieGoesToTheLongerInterval() throws {
        let rows = [
            Self.row(50, rate: 8000, coldP99Ms: 6),
            Self.row(250, rate: 7900, coldP99Ms: 10),
            Self.row(500, rate: 7800, coldP99Ms: 20),
            Self.row(1000, rate: 7700, coldP99Ms: 30),
        ]
        // 7800 is within 3 % of 8000 (7760); 7700 is not.
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 50, events: 1000))
        #expect(choice.nearTies == [50, 250, 500])
        #expect(choice.frequency == 500)
        let text = choice.reasoning.joined(separator: " ")
        #expect(text.contains("within 3.0 %"))
        #expect(text.contains("repeat the run"))
    }

    @Test func snapshotsOffWinATieSinceTheyWriteNoSnapshotBytes() throws {
        let rows = [Self.row(0, rate: 8000, coldP99Ms: 30), Self.row(100, rate: 8100, coldP99Ms: 5)]
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 50, events: 1000))
        #expect(choice.frequency == 0)
        // And the report warns that the history grows.
        #expect(choice.reasoning.contains { $0.contains("grows with the aggregate") })
    }

    @Test func noFrequencyWithinTheBudget() throws {
        let rows = [
            Self.row(0, rate: 9000, coldP99Ms: 300),
            Self.row(100, rate: 8000, coldP99Ms: 80),
            Self.row(1000, rate: 8500, coldP99Ms: 75),
        ]
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 50, events: 10_000))
        #expect(choice.frequency == 1000)
        #expect(!choice.withinBudget)
        #expect(choice.withinBudgetFrequencies.isEmpty)
        #expect(choice.reasoning.contains { $0.hasPrefix("No frequency meets the budget") })
    }

    @Test func theReasoningStatesTheCostModel() throws {
        let rows = [Self.row(0, rate: 9000, coldP99Ms: 30), Self.row(100, rate: 8000, coldP99Ms: 5)]
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 20, events: 1000))
        let model = choice.reasoning[0]
        #expect(model.contains("f/2"))
        #expect(model.contains("f − 1"))
        #expect(model.contains("f = 0"))
        #expect(model.contains("1 − rate(f) / best rate"))
        #expect(model.contains("snapshot bytes written per stored event"))
        #expect(choice.reasoning[1].contains("Within it: 100 (5.00 ms)"))
        #expect(choice.reasoning[1].contains("Over it: 0 (30.00 ms)"))
    }

    @Test func saysWhenAFrequencyNeverSnapshotted() throws {
        let rows = [Self.row(100, rate: 8000, coldP99Ms: 5, events: 500), Self.row(1000, rate: 8000, coldP99Ms: 15, events: 500)]
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 50, events: 500))
        #expect(choice.reasoning.contains { $0.hasPrefix("f = 1000 wrote no snapshot") })
        // Also when a frequency equal to the events wrote none (spread tails end inside the first interval).
        var equal = Self.row(1000, rate: 8000, coldP99Ms: 15, events: 1000)
        equal.setStorage(snapshotWrites: 0, snapshotMessages: 0, snapshotBytes: 0, streamMessages: 5000, streamBytes: 1)
        let second = try #require(SnapshotRecommendation.recommend(rows: [Self.row(100, rate: 8000, coldP99Ms: 5), equal], budgetMs: 50, events: 1000))
        #expect(second.reasoning.contains { $0.hasPrefix("f = 1000 wrote no snapshot") })
        let none = try #require(SnapshotRecommendation.recommend(rows: [Self.row(100, rate: 8000, coldP99Ms: 5)], budgetMs: 50, events: 1000))
        #expect(!none.reasoning.contains { $0.contains("wrote no snapshot") })
    }

    @Test func statesTheNoiseOfTheRounds() throws {
        var noisy = Self.row(100, rate: 10_000, coldP99Ms: 5)
        noisy.roundRates = [9000, 10_000, 12_000]
        let rows = [Self.row(0, rate: 9000, coldP99Ms: 30), noisy]
        let choice = try #require(SnapshotRecommendation.recommend(rows: rows, budgetMs: 50, events: 1000))
        #expect(choice.reasoning.contains { $0.contains("varied by up to 30.0 %") && $0.contains("f = 100") })
        // One round: a warning instead.
        let single = try #require(SnapshotRecommendation.recommend(rows: [Self.row(0, rate: 9000, coldP99Ms: 30), Self.row(100, rate: 10_000, coldP99Ms: 5)], budgetMs: 50, events: 1000))
        #expect(single.reasoning.contains { $0.hasPrefix("One round only") })
    }

    @Test func nothingToRecommendWithoutRows() {
        #expect(SnapshotRecommendation.recommend(rows: [], budgetMs: 50, events: 1000) == nil)
    }

    @Test func snapshotBytesPerEventAreEstimatedFromTheWrites() {
        var row = SnapshotTuneRow(frequency: 100, aggregates: 10, storedEvents: 10_000)
        // 100 writes, the bucket keeps 10 snapshots of 400 bytes each.
        row.setStorage(snapshotWrites: 100, snapshotMessages: 10, snapshotBytes: 4000, streamMessages: 10_000, streamBytes: 3_000_000)
        #expect(row.snapshotBytesWritten == 40_000)
        #expect(row.snapshotBytesPerEvent == 4)
        row.setStorage(snapshotWrites: 0, snapshotMessages: 0, snapshotBytes: 0, streamMessages: 10_000, streamBytes: 3_000_000)
        #expect(row.snapshotBytesWritten == 0)
    }

    @Test func percentilesAreNearestRank() {
        #expect(SnapshotTuneRow.percentile([], 99) == 0)
        #expect(SnapshotTuneRow.percentile([5, 1, 3], 50) == 3)
        #expect(SnapshotTuneRow.percentile(Array(1...10), 99) == 10)
        #expect(SnapshotTuneRow.percentile(Array(1...200), 99) == 198)
    }
}
