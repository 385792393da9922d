/// What one round measured at one snapshot frequency: the raw samples from which
/// `SnapshotTuneRow.init(frequency:lengths:rounds:)` makes the frequency's row.
package struct SnapshotTuneRound: Sendable, Equatable {
    /// Every build command's latency (µs; each command stored one event) and the build's wall time.
    package var writeLatenciesUs: [UInt64]
    package var buildSeconds: Double
    /// One cold and one warm sample (µs) per aggregate.
    package var coldUs: [UInt64]
    package var warmUs: [UInt64]
    package var restartSeconds: Double
    /// Growth of the snapshot bucket's stream (last sequence, messages, bytes) and of the events
    /// stream (messages, bytes) while building.
    package var snapshotWrites = 0
    package var snapshotMessages = 0
    package var snapshotBytes = 0
    package var streamMessages = 0
    package var streamBytes = 0

    package init(writeLatenciesUs: [UInt64], buildSeconds: Double, coldUs: [UInt64], warmUs: [UInt64], restartSeconds: Double) {
        self.writeLatenciesUs = writeLatenciesUs
        self.buildSeconds = buildSeconds
        self.coldUs = coldUs
        self.warmUs = warmUs
        self.restartSeconds = restartSeconds
    }

    /// Commands answered as stored per second in this round's build.
    package var commandsPerSec: Double { buildSeconds > 0 ? Double(writeLatenciesUs.count) / buildSeconds : 0 }
}

extension SnapshotTuneRow {
    /// The row of `frequency` from its rounds (each built aggregates of `lengths` events): the
    /// rate is the median of the rounds' rates (a noisy round moves it less than a mean), the
    /// latency percentiles are those of all samples pooled, the stored events (one per build
    /// command, fillers included) and the storage figures are summed over the rounds (so
    /// per-event figures hold), the restart time is the median.
    package init(frequency: Int, lengths: [Int], rounds: [SnapshotTuneRound]) {
        self.init(frequency: frequency, aggregates: lengths.count, storedEvents: rounds.map(\.writeLatenciesUs.count).reduce(0, +))
        setWritePath(latenciesUs: rounds.flatMap(\.writeLatenciesUs), seconds: rounds.map(\.buildSeconds).reduce(0, +))
        roundRates = rounds.map(\.commandsPerSec)
        commandsPerSec = Self.median(roundRates)
        restartSeconds = Self.median(rounds.map(\.restartSeconds))
        setRecovery(coldUs: rounds.flatMap(\.coldUs), warmUs: rounds.flatMap(\.warmUs))
        setReplay(lengths: lengths)
        setStorage(
            snapshotWrites: rounds.map(\.snapshotWrites).reduce(0, +), snapshotMessages: rounds.map(\.snapshotMessages).reduce(0, +),
            snapshotBytes: rounds.map(\.snapshotBytes).reduce(0, +), streamMessages: rounds.map(\.streamMessages).reduce(0, +),
            streamBytes: rounds.map(\.streamBytes).reduce(0, +))
    }

    /// The median (the mean of the middle two for an even count); 0 when empty.
    package static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
