/// What the runtime needs to host one domain. The executables fill it from flags and the
/// environment (see `ServiceSettings`); the defaults are the seeds' and our measured ones.
package struct RuntimeConfiguration: Sendable, Hashable {
    /// How events are committed to the stream.
    package enum CommitMode: String, Sendable, Hashable, CaseIterable {
        /// One publish per command, many in flight: the lowest latency, best with the default sync policy.
        case async
        /// Group commit: commands of many aggregates in one atomic batch (nats-server 2.12+), far
        /// fewer disk syncs: best with `sync_interval: always`.
        case batch
    }

    /// Which subject layout events use (`auto`: the contract's per-event subjects where the
    /// server can guard them, 2.11+; one subject per aggregate on older servers).
    package enum LayoutChoice: String, Sendable, Hashable, CaseIterable {
        case auto
        case perEventSubject = "per-event-subject"
        case perAggregateSubject = "per-aggregate-subject"
    }

    /// Where the intake and shard tasks run.
    package enum TaskPlacement: String, Sendable, Hashable, CaseIterable {
        /// On the intake connection's event loop (the store connection shares it): no thread hop
        /// per command; one core for the runtime's own work.
        case eventLoop = "event-loop"
        /// On Swift's cooperative pool: every core, a hop per step.
        case pool
    }

    /// The stream of the domain's events, e.g. `PERSON_EVENTS`.
    package var streamName: String
    /// The subjects commands arrive on, e.g. `person.commands.>`.
    package var commandSubjects: [String]
    /// Replicas share the commands through this queue group.
    package var queueGroup: String
    /// The queue group of the queries (`QueryHost`): another one than `queueGroup`, since within
    /// one group the server hands a message to one of the group's subscriptions, which could be
    /// the command intake's `<domain>.commands.>`.
    package var queryQueueGroup: String { "\(queueGroup)-queries" }
    package var shards: Int
    /// Commands admitted per shard (queued or running) before `busy`.
    package var mailboxCapacity: Int
    /// Bytes of commands admitted per shard before `busy`.
    package var mailboxBytes: Int
    /// Aggregates kept in memory per shard.
    package var maxResidentPerShard: Int
    /// An aggregate idle this long leaves memory (snapshotted if behind).
    package var idleTimeoutNanoseconds: UInt64
    /// Snapshot every N events; 0 turns snapshots off.
    package var snapshotFrequency: Int
    package var commitMode: CommitMode
    /// A command for an aggregate not in memory is first decided against the empty state; when
    /// that creates it, it is appended guarded by "no events yet" without reading the store (a
    /// create costs one request to the server, not two). Any other outcome reads the aggregate.
    package var optimisticCreate: Bool
    package var taskPlacement: TaskPlacement
    package var layout: LayoutChoice
    /// Publishes in flight in async mode.
    package var publishWindow: Int
    /// Group commit: messages per batch, linger, batches in flight.
    package var batchMaxMessages: Int
    package var batchLingerNanoseconds: UInt64
    package var batchesInFlight: Int
    /// Stream settings used when the stream is created or checked.
    package var streamReplicas: Int
    package var duplicateWindowSeconds: Int
    /// Events older than this are deleted by the stream (0: kept for ever). An aggregate is then
    /// rebuilt from its snapshot; one without a snapshot that covers the deleted events cannot be.
    package var maxAgeSeconds: Int
    /// How long a drain may take before it is reported incomplete.
    package var drainTimeoutSeconds: Int
    /// Largest command payload accepted (bytes).
    package var maxCommandBytes: Int
    /// A request still queued this long after intake received it is answered
    /// `deadline_exceeded` instead of run (`CommandDeadline`; a `Cim-Timeout-Ms` header
    /// overrides it per request); 0 for none.
    package var commandDeadlineNanoseconds: UInt64
    /// Also take commands from a work-queue stream (`nil`: requests only).
    package var durableIntake: DurableIntakeConfiguration?

    package init(domain: String, streamName: String, shards: Int) {
        self.streamName = streamName
        self.commandSubjects = ["\(domain).commands.>"]
        self.queueGroup = "\(domain)-service"
        self.shards = max(1, shards)
        self.mailboxCapacity = 4096
        self.mailboxBytes = 16 << 20
        self.maxResidentPerShard = max(1, 200_000 / max(1, shards))
        self.idleTimeoutNanoseconds = 600_000_000_000
        self.snapshotFrequency = 100
        self.commitMode = .async
        self.optimisticCreate = true
        self.taskPlacement = .eventLoop
        self.layout = .auto
        self.publishWindow = 1024
        self.batchMaxMessages = 1000
        self.batchLingerNanoseconds = 0
        self.batchesInFlight = 1
        self.streamReplicas = 1
        self.duplicateWindowSeconds = 120
        self.maxAgeSeconds = 365 * 86_400
        self.drainTimeoutSeconds = 20
        self.maxCommandBytes = 1 << 20
        self.commandDeadlineNanoseconds = 5_000_000_000
    }
}
