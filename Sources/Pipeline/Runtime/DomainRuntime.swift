import Aggregates
import Logging
import NATS
import NIOCore
import ServiceLifecycle
import Synchronization

/// Hosts one domain on NATS: ensures its stream (and snapshot bucket), takes commands from its
/// subjects in a queue group, runs them on the shards, and on graceful shutdown stops intake,
/// answers every command already taken, writes snapshots and waits for the store's acks.
///
/// It uses two connections: `intake` (commands in, answers out) and `store` (appends, PubAcks,
/// replays, snapshots), so a full intake never holds back the acks its commands wait for. Both
/// clients must run in the same `ServiceGroup`, before this service.
package final class DomainRuntime<Codec: DomainCodec>: Service, Sendable {
    package typealias State = Codec.State

    let codec: Codec
    let configuration: RuntimeConfiguration
    let intake: NATSClient
    let storeClient: NATSClient
    let metrics: ServiceMetrics?
    let endpoint: EndpointStatisticsRecorder.Handle?
    package let status: RuntimeStatus
    let logger: Logger
    let reactor: (any Reactor<Codec>)?
    let queries: (any QueryServing<Codec>)?
    /// Nanoseconds on a monotonic clock (tests pass their own).
    let now: @Sendable () -> UInt64
    /// The shards while serving, for `admittedCommands`.
    private let servingShards = Mutex<[Shard<Codec>]>([])

    package init(
        codec: Codec, configuration: RuntimeConfiguration, intake: NATSClient, store: NATSClient,
        metrics: ServiceMetrics? = nil, endpoint: EndpointStatisticsRecorder.Handle? = nil, status: RuntimeStatus = RuntimeStatus(), logger: Logger,
        reactor: (any Reactor<Codec>)? = nil, queries: (any QueryServing<Codec>)? = nil,
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }
    ) {
        self.now = now
        self.reactor = reactor
        self.queries = queries
        self.codec = codec
        self.configuration = configuration
        self.intake = intake
        self.storeClient = store
        self.metrics = metrics
        self.endpoint = endpoint
        self.status = status
        self.logger = logger
    }

    package func run() async throws {
        do {
            try await serve()
            status.set(.stopped, "drained")
        } catch {
            status.set(.failed, "\(error)")
            throw error
        }
    }

    private func serve() async throws {
        try await intake.waitUntilConnected(timeout: .seconds(30))
        try await storeClient.waitUntilConnected(timeout: .seconds(30))
        let js = try JetStream(client: storeClient, logger: logger)
        let setup = try await StoreSetup.prepare(js: js, codec: codec, configuration: configuration, metrics: metrics, logger: logger)
        let now = self.now
        let writer = setup.snapshots.map { store in
            SnapshotWriter(store: store, logger: logger, now: now) { [metrics] result in
                if case .success(let written) = result { metrics?.snapshotWritten(bytes: written.bytes, latencyNanoseconds: Int64(truncatingIfNeeded: written.nanoseconds)) }
            }
        }
        let replier = Replier(client: intake, metrics: metrics, endpoint: endpoint, logger: logger, now: now)
        let context = RuntimeContext(
            codec: codec, store: setup.store, snapshots: writer, replier: replier, metrics: metrics, configuration: configuration, logger: logger,
            reactor: reactor, now: now)
        let shards = (0..<configuration.shards).map { Shard(index: $0, context: context) }
        servingShards.withLock { $0 = shards }
        let submitter = CommandSubmitter(context: context, shards: shards)
        let (reactorEnded, reactorEnd) = AsyncStream<Never>.makeStream()
        let commandIntake = CommandIntake(context: context, shards: shards, queryVerbs: Set(queries?.verbs ?? []))
        // On the intake connection's event loop, intake, shards, acks and answers share one thread:
        // no hop between the loop and the cooperative pool per command.
        let executor: (any TaskExecutor)? = configuration.taskPlacement == .eventLoop ? intake.taskExecutor : nil

        var subscribed: [NATSSubscription] = []
        for subject in configuration.commandSubjects {
            subscribed.append(try await intake.subscribe(to: subject, queueGroup: configuration.queueGroup))
        }
        // Queries (`<domain>.commands.<verb>`) go to the read model; command intake skips them.
        for verb in queries?.verbs ?? [] {
            subscribed.append(try await intake.subscribe(to: "\(codec.domain).commands.\(verb)", queueGroup: configuration.queryQueueGroup))
        }
        let queryCount = queries?.verbs.count ?? 0
        let subscriptions = subscribed
        var durable: (messages: ConsumerMessages, configuration: DurableIntakeConfiguration, idBase: String)?
        if let durableConfiguration = configuration.durableIntake {
            let setup = try await DurableIntakeSetup.prepare(
                js: try JetStream(client: intake, logger: logger), durable: durableConfiguration, commandSubjects: configuration.commandSubjects,
                replicas: configuration.streamReplicas, duplicateWindowSeconds: configuration.duplicateWindowSeconds, logger: logger)
            let messages = try setup.consumer.messages(batch: min(durableConfiguration.pullBatch, durableConfiguration.maxAckPending), expires: .seconds(30))
            durable = (messages, durableConfiguration, setup.idBase)
        }
        let durableIntake = durable
        // Serving means the server has the subscriptions: a request sent now reaches this replica.
        try await intake.flush()
        status.set(.serving, "serving \(configuration.commandSubjects.joined(separator: ", ")) in queue group \(configuration.queueGroup)"
            + (durableIntake.map { ", and durable commands from \($0.configuration.streamName)" } ?? ""))
        logger.info("serving", metadata: [
            "stream": "\(configuration.streamName)", "layout": "\(setup.store.layout.kind.rawValue)",
            "commit": "\(configuration.commitMode.rawValue)", "shards": "\(configuration.shards)",
            "snapshot_frequency": "\(configuration.snapshotFrequency)",
        ])

        var unanswered = 0
        try await withThrowingDiscardingTaskGroup { group in
            // Shards, then (once every shard evicted its aggregates) the snapshot writer and the committer.
            group.addTask {
                await withDiscardingTaskGroup { shardGroup in
                    for shard in shards {
                        shardGroup.addTask { await Self.onPreferredExecutor(executor) { await shard.run() } }
                    }
                }
                writer?.finish()
                if case .batch(let committer) = setup.store.committer { committer.finish() }
            }
            if let writer { group.addTask { await writer.run() } }
            if let queries { group.addTask { await queries.feed() } }
            if let reactor {
                group.addTask {
                    await Self.onPreferredExecutor(executor) { await reactor.run(submitter: submitter) }
                    reactorEnd.finish()
                }
            } else {
                reactorEnd.finish()
            }
            if case .batch(let committer) = setup.store.committer { group.addTask { await committer.run() } }
            let metrics = self.metrics
            let ticker = storeClient.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                let at = now()
                var resident = 0
                for shard in shards {
                    shard.inbox.send(.tick(at))
                    metrics?.shardQueueDepth(shard: shard.index, depth: shard.pending)
                    resident += shard.resident
                }
                metrics?.residentAggregates(resident)
            }

            // Intake until graceful shutdown; then unsubscribe and answer what was already received.
            // An intake that fails (its connection closed for good) ends the runtime; the shards
            // are closed first, or they would wait for commands forever.
            var intakeFailure: (any Error)?
            do {
                try await withGracefulShutdownHandler {
                    try await withThrowingDiscardingTaskGroup { intakeGroup in
                        for (index, subscription) in subscriptions.enumerated() {
                            if let queries, index >= subscriptions.count - queryCount {
                                intakeGroup.addTask { for try await message in subscription { await queries.answer(message) } }
                            } else {
                                intakeGroup.addTask { try await Self.onPreferredExecutor(executor) { try await commandIntake.run(subscription) } }
                            }
                        }
                        if let durableIntake {
                            intakeGroup.addTask {
                                try await Self.onPreferredExecutor(executor) {
                                    try await commandIntake.run(durable: durableIntake.messages, configuration: durableIntake.configuration, idBase: durableIntake.idBase)
                                }
                            }
                        }
                    }
                } onGracefulShutdown: { [status, logger] in
                    status.set(.draining, "stopping intake")
                    logger.info("graceful shutdown: stopping intake")
                    Task {
                        // Deliveries still on their way are delivered again after the ack wait.
                        await durableIntake?.messages.stop()
                        for subscription in subscriptions {
                            do {
                                try await subscription.unsubscribe()
                            } catch {
                                logger.warning("unsubscribing from commands failed", metadata: ["subject": "\(subscription.subject)", "error": "\(error)"])
                            }
                        }
                    }
                }
            } catch {
                intakeFailure = error
                logger.error("command intake failed; answering the commands in flight, then stopping", metadata: ["error": "\(error)"])
            }
            await queries?.stop()
            if let reactor {
                // Its work ends through commands of its own: decided while the shards still run.
                status.set(.draining, "ending the work started by stored events")
                reactor.drain()
                for await _ in reactorEnded {}
            }
            status.set(.draining, "answering the commands in flight")
            ticker.cancel()
            // One budget for the whole drain: the answers, then the snapshots written on the way out.
            let drainSeconds = configuration.drainTimeoutSeconds
            writer?.writeUntil(now() &+ UInt64(drainSeconds) * 1_000_000_000)
            unanswered = await waitUntilAnswered(shards, drain: context.drain, timeout: .seconds(Int64(drainSeconds)))
            for shard in shards { shard.close() }
            if let intakeFailure { throw intakeFailure }
        }
        if case .async(let publisher) = setup.store.committer {
            try await publisher.waitForAcks()
        }
        if let writer, writer.skipped > 0 {
            logger.warning("snapshots skipped because the writer was full", metadata: ["skipped": "\(writer.skipped)"])
        }
        if unanswered > 0 {
            throw RuntimeError(
                .drainIncomplete,
                "\(unanswered) commands were still unanswered after \(configuration.drainTimeoutSeconds) s; their requesters time out, and their outcome is in the stream")
        }
        logger.info("drained")
    }

    /// Commands taken by the shards and not yet answered (0 before serving).
    package var admittedCommands: Int {
        servingShards.withLock { $0.reduce(0) { $0 + $1.pending } }
    }

    /// Runs `body` preferring `executor` (the cooperative pool when nil).
    static func onPreferredExecutor<T: Sendable>(_ executor: (any TaskExecutor)?, _ body: () async throws -> T) async rethrows -> T {
        guard let executor else { return try await body() }
        return try await withTaskExecutorPreference(executor, operation: body)
    }

    /// Waits until every admitted command is answered, or the timeout; returns those left.
    /// Woken by each answer (`DrainSignal`); the timeout only bounds the wait.
    private func waitUntilAnswered(_ shards: [Shard<Codec>], drain: DrainSignal, timeout: Duration) async -> Int {
        drain.begin()
        let left: @Sendable () -> Int = { shards.reduce(0) { $0 + $1.pending } }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await drain.waitUntil { left() == 0 } }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    // Cancelled: the answers came first.
                }
            }
            await group.next()
            group.cancelAll()
        }
        return left()
    }
}
