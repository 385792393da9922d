/// What `cim-bench snapshot-tune` measured at one snapshot frequency: the write path while the
/// aggregates were built, their cold recovery after a crash of the service, and what the server
/// stored meanwhile. Latencies are in microseconds, sizes in bytes.
package struct SnapshotTuneRow: Codable, Sendable, Equatable {
    /// `SNAPSHOT_FREQ` (0 = snapshots off).
    package var frequency: Int
    package var aggregates: Int
    /// Events the aggregates were built with (one create and its updates each): the commands sent.
    package var storedEvents: Int
    /// Seconds from the first create to the last reply while building.
    package var buildSeconds: Double
    /// Commands answered as stored per second while building (with several rounds: the median
    /// of `roundRates`).
    package var commandsPerSec: Double
    /// Each round's rate, in the order run.
    package var roundRates: [Double]
    package var writeP50Us: UInt64
    package var writeP99Us: UInt64
    package var writeMaxUs: UInt64
    /// The events after each aggregate's last snapshot when the service was killed: what its
    /// recovery replays (mean and largest over the aggregates).
    package var replayMeanEvents: Double
    package var replayMaxEvents: Int
    /// The first command on each aggregate after the restart (loading it included).
    package var coldP50Us: UInt64
    package var coldP99Us: UInt64
    package var coldMaxUs: UInt64
    /// A second command on each aggregate, once it is resident.
    package var warmP50Us: UInt64
    package var warmP99Us: UInt64
    /// Seconds from the SIGKILL until the restarted service answered.
    package var restartSeconds: Double
    /// Snapshots written to KV while building: the growth of the bucket stream's last sequence.
    package var snapshotWrites: Int
    /// Growth of the bucket stream's messages and bytes. The bucket keeps one revision per
    /// aggregate, so this is what stays stored (about one snapshot per aggregate), not every
    /// snapshot written.
    package var snapshotStreamMessages: Int
    package var snapshotStreamBytes: Int
    /// Growth of the events stream's messages and bytes while building.
    package var streamMessages: Int
    package var streamBytes: Int
    /// Snapshot bytes written while building, estimated as the writes times the mean size of a
    /// stored snapshot (the bucket keeps only the newest revision of each aggregate).
    package var snapshotBytesWritten: Int
    /// Snapshot bytes written per event stored.
    package var snapshotBytesPerEvent: Double

    package init(frequency: Int, aggregates: Int, storedEvents: Int) {
        self.frequency = frequency
        self.aggregates = aggregates
        self.storedEvents = storedEvents
        buildSeconds = 0
        commandsPerSec = 0
        roundRates = []
        writeP50Us = 0
        writeP99Us = 0
        writeMaxUs = 0
        replayMeanEvents = 0
        replayMaxEvents = 0
        coldP50Us = 0
        coldP99Us = 0
        coldMaxUs = 0
        warmP50Us = 0
        warmP99Us = 0
        restartSeconds = 0
        snapshotWrites = 0
        snapshotStreamMessages = 0
        snapshotStreamBytes = 0
        streamMessages = 0
        streamBytes = 0
        snapshotBytesWritten = 0
        snapshotBytesPerEvent = 0
    }

    package var coldP50Ms: Double { Double(coldP50Us) / 1000 }
    package var coldP99Ms: Double { Double(coldP99Us) / 1000 }

    /// The interval between snapshots for ordering: 0 (off) counts as the longest, since it writes
    /// no snapshot bytes at all.
    package var interval: Int { frequency == 0 ? Int.max : frequency }

    /// The nearest-rank percentile `p` (0…100) of `values`; 0 when there are none.
    package static func percentile(_ values: [UInt64], _ p: Double) -> UInt64 {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Fills the write-path figures from the build's latencies and wall time.
    package mutating func setWritePath(latenciesUs: [UInt64], seconds: Double) {
        buildSeconds = seconds
        commandsPerSec = seconds > 0 ? Double(latenciesUs.count) / seconds : 0
        writeP50Us = Self.percentile(latenciesUs, 50)
        writeP99Us = Self.percentile(latenciesUs, 99)
        writeMaxUs = latenciesUs.max() ?? 0
    }

    /// Fills the recovery figures from the cold and warm latencies (one per aggregate each).
    package mutating func setRecovery(coldUs: [UInt64], warmUs: [UInt64]) {
        coldP50Us = Self.percentile(coldUs, 50)
        coldP99Us = Self.percentile(coldUs, 99)
        coldMaxUs = coldUs.max() ?? 0
        warmP50Us = Self.percentile(warmUs, 50)
        warmP99Us = Self.percentile(warmUs, 99)
    }

    /// Fills the storage figures from the growth of the snapshot bucket's stream (its last
    /// sequence, messages and bytes) and of the events stream, and derives the bytes written.
    package mutating func setStorage(snapshotWrites: Int, snapshotMessages: Int, snapshotBytes: Int, streamMessages: Int, streamBytes: Int) {
        self.snapshotWrites = snapshotWrites
        snapshotStreamMessages = snapshotMessages
        snapshotStreamBytes = snapshotBytes
        self.streamMessages = streamMessages
        self.streamBytes = streamBytes
        snapshotBytesWritten =
            snapshotWrites > 0 && snapshotMessages > 0
            ? Int((Double(snapshotWrites) * Double(snapshotBytes) / Double(snapshotMessages)).rounded()) : 0
        snapshotBytesPerEvent = storedEvents > 0 ? Double(snapshotBytesWritten) / Double(storedEvents) : 0
    }

    /// Fills the replay figures from the aggregates' lengths.
    package mutating func setReplay(lengths: [Int]) {
        let tails = lengths.map { SnapshotTunePlan.tail(length: $0, frequency: frequency) }
        replayMeanEvents = tails.isEmpty ? 0 : Double(tails.reduce(0, +)) / Double(tails.count)
        replayMaxEvents = tails.max() ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case frequency, aggregates
        case storedEvents = "stored_events"
        case buildSeconds = "build_s"
        case commandsPerSec = "commands_per_sec"
        case roundRates = "round_rates"
        case writeP50Us = "write_p50_us"
        case writeP99Us = "write_p99_us"
        case writeMaxUs = "write_max_us"
        case replayMeanEvents = "replay_mean_events"
        case replayMaxEvents = "replay_max_events"
        case coldP50Us = "cold_p50_us"
        case coldP99Us = "cold_p99_us"
        case coldMaxUs = "cold_max_us"
        case warmP50Us = "warm_p50_us"
        case warmP99Us = "warm_p99_us"
        case restartSeconds = "restart_s"
        case snapshotWrites = "snapshot_writes"
        case snapshotStreamMessages = "snapshot_stream_messages"
        case snapshotStreamBytes = "snapshot_stream_bytes"
        case streamMessages = "stream_messages"
        case streamBytes = "stream_bytes"
        case snapshotBytesWritten = "snapshot_bytes_written"
        case snapshotBytesPerEvent = "snapshot_bytes_per_event"
    }
}
