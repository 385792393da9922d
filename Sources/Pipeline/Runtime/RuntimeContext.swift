import Aggregates
import Logging
import NIOCore

/// What every shard shares: the domain's codec, the store, the snapshot writer, where replies
/// go, metrics, settings and the clock. A class: it is handed to every step, and a struct of
/// this many references costs a retain each per copy (measured on the hot path).
package final class RuntimeContext<Codec: DomainCodec>: Sendable {
    package let codec: Codec
    package let store: EventStore<Codec>
    package let snapshots: SnapshotWriter<Codec>?
    package let replier: Replier
    package let metrics: ServiceMetrics?
    package let configuration: RuntimeConfiguration
    package let logger: Logger
    /// Work started when events are stored (Agent: streaming a reply); `nil` for most domains.
    package let reactor: (any Reactor<Codec>)?
    /// Wakes the drain as commands are answered.
    package let drain = DrainSignal()
    /// Nanoseconds on a monotonic clock.
    package let now: @Sendable () -> UInt64

    package init(
        codec: Codec, store: EventStore<Codec>, snapshots: SnapshotWriter<Codec>?, replier: Replier, metrics: ServiceMetrics?,
        configuration: RuntimeConfiguration, logger: Logger, reactor: (any Reactor<Codec>)? = nil,
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }
    ) {
        self.reactor = reactor
        self.codec = codec
        self.store = store
        self.snapshots = snapshots
        self.replier = replier
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }
}
