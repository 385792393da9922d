import Testing

@testable import BenchKit

@Suite struct TuningRoundTests {
    static func round(rate: Double, cold: [UInt64], writes: Int) -> SnapshotTuneRound {
        // 100 commands of 1 ms each, in 100 / rate seconds.
        var round = SnapshotTuneRound(
            writeLatenciesUs: Array(repeating: 1000, count: 100), buildSeconds: 100 / rate, coldUs: cold, warmUs: [500, 600], restartSeconds: rate / 10_000)
        round.snapshotWrites = writes
        round.snapshotMessages = 2
        round.snapshotBytes = 4000
        round.streamMessages = 100
        round.streamBytes = 100_000
        return round
    }

    @Test func aRowFromRounds() {
        let rounds = [
            Self.round(rate: 8000, cold: [4000, 6000], writes: 10), Self.round(rate: 12_000, cold: [5000, 90_000], writes: 10),
            Self.round(rate: 9000, cold: [3000, 7000], writes: 10),
        ]
        let row = SnapshotTuneRow(frequency: 10, lengths: [50, 50], rounds: rounds)
        // The median rate, not the mean (9,667).
        #expect(abs(row.commandsPerSec - 9000) < 1e-6)
        #expect(row.roundRates.count == 3 && abs(row.roundRates[1] - 12_000) < 1e-6)
        // The cold samples are pooled: p99 of six samples is the largest.
        #expect(row.coldP99Us == 90_000 && row.coldP50Us == 5000)
        #expect(row.writeP99Us == 1000)
        #expect(row.storedEvents == 300)  // one event per build command
        #expect(row.snapshotWrites == 30 && row.snapshotStreamMessages == 6)
        // 30 writes of 2,000 bytes over 300 events.
        #expect(row.snapshotBytesWritten == 60_000 && row.snapshotBytesPerEvent == 200)
        #expect(abs(row.restartSeconds - 0.9) < 1e-9)
        #expect(row.replayMaxEvents == 0)
    }

    @Test func medians() {
        #expect(SnapshotTuneRow.median([]) == 0)
        #expect(SnapshotTuneRow.median([3, 1, 2]) == 2)
        #expect(SnapshotTuneRow.median([4, 1, 3, 2]) == 2.5)
    }
}
