import Metrics
import Synchronization

/// The runtime's metrics: commands, shards, the event store, snapshots and recovery.
///
/// Every handle is made once, from the `factory` given to `init` (library code never touches the
/// global `MetricsSystem`), with labels prefixed `cim_` and a `service` dimension naming the
/// service. The per-command handles (a counter per outcome and a latency timer per command type)
/// are cached: the command types named at `init` live in a table read without a lock, and a type
/// seen for the first time later is added under a lock once. Recording a command therefore looks
/// up a dictionary and touches two existing handles; it makes no new handle.
///
/// The label names are in ``Label``; with Prometheus, ``makePrometheusFactory(registry:)`` gives
/// the histograms buckets suited to them.
public final class ServiceMetrics: Sendable {
    /// The value of the `service` dimension on every metric.
    public let service: String
    let factory: any MetricsFactory

    let commandHandles: [String: CommandHandles]
    let lateCommandHandles: Mutex<[String: CommandHandles]>
    let shardGauges: [Gauge]
    let lateShardGauges: Mutex<[Int: Gauge]>

    let residentAggregatesGauge: Gauge
    let eventsAppendedCounter: Counter
    let commitBatchSizeRecorder: Recorder
    let occConflictsCounter: Counter
    let snapshotsWrittenCounter: Counter
    let snapshotBytesRecorder: Recorder
    let snapshotLatencyTimer: Timer
    let recoveryLatencyTimer: Timer
    let replayedEventsCounter: Counter

    /// Makes every handle of the service up front.
    ///
    /// - Parameters:
    ///   - service: The service's name, the value of the `service` dimension.
    ///   - commandTypes: The command types the domain knows; their handles are made now and read
    ///     without a lock. Other types still work (their handles are made on first use).
    ///   - shardCount: The number of shards; a queue-depth gauge is made now for each.
    ///   - factory: Where the handles come from (a `PrometheusMetricsFactory`, a test factory …).
    public init(service: String, commandTypes: some Sequence<String> = [String](), shardCount: Int = 0, factory: any MetricsFactory) {
        self.service = service
        self.factory = factory
        let serviceDimension = [("service", service)]
        var table: [String: CommandHandles] = [:]
        for type in commandTypes where table[type] == nil {
            table[type] = CommandHandles(type: type, service: service, factory: factory)
        }
        self.commandHandles = table
        self.lateCommandHandles = Mutex([:])
        self.shardGauges = (0..<max(shardCount, 0)).map { Self.makeShardGauge(shard: $0, service: service, factory: factory) }
        self.lateShardGauges = Mutex([:])
        self.residentAggregatesGauge = Gauge(label: Label.residentAggregates, dimensions: serviceDimension, factory: factory)
        self.eventsAppendedCounter = Counter(label: Label.eventsAppended, dimensions: serviceDimension, factory: factory)
        self.commitBatchSizeRecorder = Recorder(label: Label.commitBatchSize, dimensions: serviceDimension, aggregate: true, factory: factory)
        self.occConflictsCounter = Counter(label: Label.occConflicts, dimensions: serviceDimension, factory: factory)
        self.snapshotsWrittenCounter = Counter(label: Label.snapshotsWritten, dimensions: serviceDimension, factory: factory)
        self.snapshotBytesRecorder = Recorder(label: Label.snapshotBytes, dimensions: serviceDimension, aggregate: true, factory: factory)
        self.snapshotLatencyTimer = Timer(label: Label.snapshotLatency, dimensions: serviceDimension, factory: factory)
        self.recoveryLatencyTimer = Timer(label: Label.recoveryLatency, dimensions: serviceDimension, factory: factory)
        self.replayedEventsCounter = Counter(label: Label.replayedEvents, dimensions: serviceDimension, factory: factory)
    }

    /// The metric labels (Prometheus names), all prefixed `cim_`.
    public enum Label {
        /// Counter; dimensions `service`, `type`, `outcome`.
        public static let commands = "cim_commands_total"
        /// Timer, recorded in nanoseconds (Prometheus shows seconds); dimensions `service`, `type`.
        public static let commandLatency = "cim_command_latency_seconds"
        /// Gauge; dimensions `service`, `shard`.
        public static let shardQueueDepth = "cim_shard_queue_depth"
        /// Gauge; dimension `service`.
        public static let residentAggregates = "cim_resident_aggregates"
        /// Counter; dimension `service`.
        public static let eventsAppended = "cim_events_appended_total"
        /// Recorder (histogram) of messages stored per commit to the stream (an atomic batch of
        /// many commands' events in commit mode batch, one command's events in async mode);
        /// dimension `service`.
        public static let commitBatchSize = "cim_commit_batch_size"
        /// Counter; dimension `service`.
        public static let occConflicts = "cim_occ_conflicts_total"
        /// Counter; dimension `service`.
        public static let snapshotsWritten = "cim_snapshots_written_total"
        /// Recorder (histogram) of snapshot sizes in bytes; dimension `service`.
        public static let snapshotBytes = "cim_snapshot_bytes"
        /// Timer, recorded in nanoseconds; dimension `service`.
        public static let snapshotLatency = "cim_snapshot_latency_seconds"
        /// Timer of one aggregate's recovery (snapshot load and replay), in nanoseconds; dimension `service`.
        public static let recoveryLatency = "cim_recovery_latency_seconds"
        /// Counter; dimension `service`.
        public static let replayedEvents = "cim_replayed_events_total"
    }

    // MARK: Shards, aggregates, store, snapshots, recovery

    /// Sets the number of commands waiting in `shard`'s queue.
    ///
    /// - Parameters:
    ///   - shard: The shard index (a gauge per shard; shards past `init`'s `shardCount` get one on first use).
    ///   - depth: The queue's length now.
    public func shardQueueDepth(shard: Int, depth: Int) {
        let gauge = shard >= 0 && shard < shardGauges.count ? shardGauges[shard] : lateShardGauge(shard)
        gauge.record(depth)
    }

    /// Sets the number of aggregates held in memory.
    public func residentAggregates(_ count: Int) {
        residentAggregatesGauge.record(count)
    }

    /// Counts the events of one command that were stored.
    public func eventsAppended(_ count: Int) {
        eventsAppendedCounter.increment(by: count)
    }

    /// Records one commit to the event store and the messages it stored: in commit mode batch an
    /// atomic batch of many commands' events, in async mode one command's events.
    public func batchCommitted(messages: Int) {
        commitBatchSizeRecorder.record(messages)
    }

    /// Counts one optimistic-concurrency conflict (a guarded append that lost).
    public func occConflict() {
        occConflictsCounter.increment()
    }

    /// Counts one snapshot written, its size and how long it took.
    public func snapshotWritten(bytes: Int, latencyNanoseconds: Int64) {
        snapshotsWrittenCounter.increment()
        snapshotBytesRecorder.record(bytes)
        snapshotLatencyTimer.recordNanoseconds(latencyNanoseconds)
    }

    /// Records one aggregate's recovery: how long it took and how many events were replayed.
    public func aggregateRecovered(latencyNanoseconds: Int64, replayedEvents: Int) {
        recoveryLatencyTimer.recordNanoseconds(latencyNanoseconds)
        if replayedEvents > 0 { replayedEventsCounter.increment(by: replayedEvents) }
    }

    /// Counts events replayed outside a single aggregate's recovery (a bulk rebuild).
    public func eventsReplayed(_ count: Int) {
        replayedEventsCounter.increment(by: count)
    }

    private func lateShardGauge(_ shard: Int) -> Gauge {
        lateShardGauges.withLock { gauges in
            if let gauge = gauges[shard] { return gauge }
            let gauge = Self.makeShardGauge(shard: shard, service: service, factory: factory)
            gauges[shard] = gauge
            return gauge
        }
    }

    private static func makeShardGauge(shard: Int, service: String, factory: any MetricsFactory) -> Gauge {
        Gauge(label: Label.shardQueueDepth, dimensions: [("service", service), ("shard", String(shard))], factory: factory)
    }
}
