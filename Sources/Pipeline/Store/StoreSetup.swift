import Aggregates
import Logging
import NATS

/// Prepares a domain's store at start-up: detects what the server can do, ensures the stream and
/// the snapshot bucket, and chooses the event layout and the committer.
struct StoreSetup<Codec: DomainCodec>: Sendable {
    let store: EventStore<Codec>
    let snapshots: SnapshotStore<Codec>?

    static func prepare(js: JetStream, codec: Codec, configuration: RuntimeConfiguration, metrics: ServiceMetrics?, logger: Logger) async throws -> StoreSetup {
        let features = try await js.features()
        let kind: EventLayout.Kind
        switch configuration.layout {
        case .perEventSubject:
            guard features.lastSubjectSequenceSubject else {
                throw RuntimeError(.unsupportedServer, "the per-event-subject layout needs nats-server 2.11+ to guard an aggregate's subjects; this one is \(features.serverVersion). Use the per-aggregate-subject layout.")
            }
            kind = .perEventSubject
        case .perAggregateSubject:
            kind = .perAggregateSubject
        case .auto:
            kind = features.lastSubjectSequenceSubject ? .perEventSubject : .perAggregateSubject
            if kind == .perAggregateSubject {
                logger.warning(
                    "nats-server \(features.serverVersion) cannot guard a wildcard; events are stored one subject per aggregate (\(codec.eventSubjectPrefix).<id>), not per event")
            }
        }
        let layout = EventLayout(prefix: codec.eventSubjectPrefix, kind: kind)
        if configuration.commitMode == .batch, !features.atomicBatch {
            throw RuntimeError(.unsupportedServer, "commit mode batch needs atomic batches (nats-server 2.12+); this one is \(features.serverVersion). Use commit mode async.")
        }

        if !features.atomicBatch, !Codec.State.exclusiveScopes.isEmpty {
            logger.warning(
                "nats-server \(features.serverVersion) has no atomic batches: commands of the scopes \(Codec.State.exclusiveScopes.joined(separator: ", ")) are guarded per aggregate only, so two replicas deciding them at the same moment can each miss the other's change (Location: two re-parentings can close a cycle). Use nats-server 2.12+ with several replicas.")
        }

        var stream = StreamConfig(name: configuration.streamName, subjects: layout.streamSubjects, storage: .file)
        stream.retention = .limits
        stream.maxAge = NanosecondDuration(.seconds(Int64(configuration.maxAgeSeconds)))
        if configuration.maxAgeSeconds > 0, configuration.snapshotFrequency == 0 {
            logger.warning(
                "the stream deletes events after \(configuration.maxAgeSeconds / 86_400) days and snapshots are off: an aggregate whose first events were deleted cannot be rebuilt and answers corrupt_history. Turn snapshots on (SNAPSHOT_FREQ) or keep events for ever (STREAM_MAX_AGE_DAYS=0).")
        }
        stream.duplicateWindow = NanosecondDuration(.seconds(Int64(configuration.duplicateWindowSeconds)))
        stream.replicas = configuration.streamReplicas
        stream.allowDirect = true
        if features.atomicBatch { stream.allowAtomic = true }
        do {
            try await js.ensureStream(stream)
        } catch {
            throw RuntimeError(.streamSetup, "stream \(configuration.streamName) cannot be used: \(error)", underlying: error)
        }

        var snapshots: SnapshotStore<Codec>?
        if configuration.snapshotFrequency > 0 {
            var bucket = KeyValueConfig(bucket: SnapshotStore<Codec>.bucketName(stream: configuration.streamName), history: 1)
            bucket.replicas = configuration.streamReplicas
            do {
                snapshots = SnapshotStore(kv: try await js.ensureKeyValue(bucket), codec: codec, logger: logger)
            } catch {
                throw RuntimeError(.streamSetup, "snapshot bucket \(bucket.bucket) cannot be used: \(error)", underlying: error)
            }
        }

        let committer: EventStore<Codec>.Committer
        switch configuration.commitMode {
        case .async:
            committer = .async(try JetStreamPublisher(client: js.client, options: .init(window: configuration.publishWindow)))
        case .batch:
            let limits = CommitBatcher<GroupCommitter.Pending>.Limits(
                maxMessages: configuration.batchMaxMessages, linger: configuration.batchLingerNanoseconds, maxInFlight: configuration.batchesInFlight)
            committer = .batch(GroupCommitter(js: js, layout: layout, limits: limits, metrics: metrics))
        }
        let store = EventStore(
            js: js, stream: configuration.streamName, layout: layout, codec: codec, committer: committer, snapshots: snapshots,
            atomicBatch: features.atomicBatch, snapshotThreshold: configuration.snapshotFrequency, metrics: metrics, logger: logger)
        return StoreSetup(store: store, snapshots: snapshots)
    }
}
