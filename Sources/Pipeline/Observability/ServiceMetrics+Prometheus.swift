import Prometheus

extension ServiceMetrics {
    /// A Prometheus factory over `registry` whose histograms suit the runtime's metrics.
    ///
    /// The library's default buckets start at 5 ms (timers) and end at 10 000 (values): too coarse
    /// for commands that take tens of microseconds, too small for snapshot sizes. This sets buckets
    /// per label for ``Label/commandLatency``, ``Label/snapshotLatency``, ``Label/recoveryLatency``,
    /// ``Label/commitBatchSize`` and ``Label/snapshotBytes``; other labels keep the defaults.
    ///
    /// - Parameter registry: The registry the handles are registered in (and `/metrics` reads).
    /// - Returns: The factory to pass to ``init(service:commandTypes:shardCount:factory:)``.
    public static func makePrometheusFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Label.commandLatency] = Buckets.commandLatency
        factory.durationHistogramBuckets[Label.snapshotLatency] = Buckets.storeLatency
        factory.durationHistogramBuckets[Label.recoveryLatency] = Buckets.storeLatency
        factory.valueHistogramBuckets[Label.commitBatchSize] = Buckets.batchSize
        factory.valueHistogramBuckets[Label.snapshotBytes] = Buckets.snapshotBytes
        return factory
    }

    enum Buckets {
        /// 25 µs to 2.5 s.
        static let commandLatency: [Duration] = [
            .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        ]
        /// 100 µs to 30 s.
        static let storeLatency: [Duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        /// Powers of two, 1 to 4096.
        static let batchSize: [Double] = (0...12).map { Double(1 << $0) }
        /// Powers of four, 256 B to 64 MiB.
        static let snapshotBytes: [Double] = (4...13).map { Double(1 << (2 * $0)) }
    }
}
