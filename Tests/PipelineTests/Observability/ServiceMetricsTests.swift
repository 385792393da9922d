import Metrics
import Synchronization
import Testing

@testable import Pipeline

@Suite struct ServiceMetricsTests {
    let factory = RecordingMetricsFactory()

    @Test func commandsAreCountedByTypeAndOutcomeWithTheirLatency() {
        let metrics = ServiceMetrics(service: "person", commandTypes: ["RegisterPerson"], factory: factory)
        metrics.commandFinished(type: "RegisterPerson", outcome: .success, latencyNanoseconds: 1_500)
        metrics.commandFinished(type: "RegisterPerson", outcome: .success, latencyNanoseconds: 2_500)
        metrics.commandFinished(type: "RegisterPerson", outcome: .storeError, latencyNanoseconds: 9_000)

        let success = [("service", "person"), ("type", "RegisterPerson"), ("outcome", "success")]
        let storeError = [("service", "person"), ("type", "RegisterPerson"), ("outcome", "store_error")]
        let rejected = [("service", "person"), ("type", "RegisterPerson"), ("outcome", "rejected")]
        #expect(factory.counter("cim_commands_total", success) == 2)
        #expect(factory.counter("cim_commands_total", storeError) == 1)
        #expect(factory.counter("cim_commands_total", rejected) == 0)
        #expect(factory.timed("cim_command_latency_seconds", [("service", "person"), ("type", "RegisterPerson")]) == [1_500, 2_500, 9_000])
    }

    @Test func everyOutcomeHasItsOwnCounter() {
        let metrics = ServiceMetrics(service: "svc", commandTypes: ["T"], factory: factory)
        for outcome in CommandOutcome.allCases {
            metrics.commandFinished(type: "T", outcome: outcome, latencyNanoseconds: 1)
        }
        let names = ["success", "rejected", "invalid", "busy", "conflict", "store_error", "timeout", "redelivered"]
        #expect(CommandOutcome.allCases.map(\.rawValue) == names)
        for name in names {
            #expect(factory.counter("cim_commands_total", [("service", "svc"), ("type", "T"), ("outcome", name)]) == 1, "\(name)")
        }
        #expect(CommandOutcome.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
    }

    @Test func handlesAreMadeOncePerCommandTypeNotPerCommand() {
        let metrics = ServiceMetrics(service: "svc", commandTypes: ["Known"], shardCount: 2, factory: factory)
        let afterInit = factory.handlesMade
        for _ in 0..<100 { metrics.commandFinished(type: "Known", outcome: .success, latencyNanoseconds: 10) }
        #expect(factory.handlesMade == afterInit)

        // A type not named at init gets its 7 counters and 1 timer once, on first use.
        for _ in 0..<100 { metrics.commandFinished(type: "Late", outcome: .busy, latencyNanoseconds: 10) }
        #expect(factory.handlesMade == afterInit + CommandOutcome.allCases.count + 1)
        #expect(factory.counter("cim_commands_total", [("service", "svc"), ("type", "Late"), ("outcome", "busy")]) == 100)

        for _ in 0..<10 { metrics.shardQueueDepth(shard: 1, depth: 3) }
        #expect(factory.handlesMade == afterInit + CommandOutcome.allCases.count + 1)
    }

    @Test func shardGaugesAreSetPerShard() {
        let metrics = ServiceMetrics(service: "svc", shardCount: 2, factory: factory)
        metrics.shardQueueDepth(shard: 0, depth: 5)
        metrics.shardQueueDepth(shard: 1, depth: 7)
        metrics.shardQueueDepth(shard: 0, depth: 4)
        metrics.shardQueueDepth(shard: 9, depth: 1)  // past shardCount: made on first use
        #expect(factory.recorded("cim_shard_queue_depth", [("service", "svc"), ("shard", "0")]) == [5, 4])
        #expect(factory.recorded("cim_shard_queue_depth", [("service", "svc"), ("shard", "1")]) == [7])
        #expect(factory.recorded("cim_shard_queue_depth", [("service", "svc"), ("shard", "9")]) == [1])
    }

    @Test func storeSnapshotAndRecoveryMetrics() {
        let metrics = ServiceMetrics(service: "svc", factory: factory)
        let service = [("service", "svc")]
        metrics.residentAggregates(42)
        metrics.eventsAppended(3)
        metrics.eventsAppended(5)
        metrics.batchCommitted(messages: 3)
        metrics.batchCommitted(messages: 5)
        metrics.occConflict()
        metrics.snapshotWritten(bytes: 2_048, latencyNanoseconds: 700_000)
        metrics.aggregateRecovered(latencyNanoseconds: 90_000, replayedEvents: 12)
        metrics.eventsReplayed(8)

        #expect(factory.recorded("cim_resident_aggregates", service) == [42])
        #expect(factory.counter("cim_events_appended_total", service) == 8)
        #expect(factory.recorded("cim_commit_batch_size", service) == [3, 5])
        #expect(factory.counter("cim_occ_conflicts_total", service) == 1)
        #expect(factory.counter("cim_snapshots_written_total", service) == 1)
        #expect(factory.recorded("cim_snapshot_bytes", service) == [2_048])
        #expect(factory.timed("cim_snapshot_latency_seconds", service) == [700_000])
        #expect(factory.timed("cim_recovery_latency_seconds", service) == [90_000])
        #expect(factory.counter("cim_replayed_events_total", service) == 20)
    }

    @Test func everyLabelIsPrefixedAndCarriesTheServiceDimension() {
        let metrics = ServiceMetrics(service: "svc", commandTypes: ["T"], shardCount: 1, factory: factory)
        metrics.commandFinished(type: "T", outcome: .success, latencyNanoseconds: 1)
        #expect(factory.labels.count == 12)
        #expect(factory.labels.allSatisfy { $0.hasPrefix("cim_") })
        let keys = factory.state.withLock { Array($0.counters.keys) + Array($0.recorded.keys) + Array($0.timed.keys) }
        #expect(keys.allSatisfy { $0.dimensions.first == "service=svc" }, "\(keys)")
    }
}
