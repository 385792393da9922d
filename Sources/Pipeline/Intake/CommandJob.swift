import Aggregates

/// One decoded command on its way through a shard.
///
/// A value with its fields in one shared box (copy on write): a job is handed from intake to its
/// shard, the scheduler and the append, and copying it costs one reference count instead of one
/// for every string and reference it holds. Only a retry changes it after it was made.
package struct CommandJob<Command: Sendable>: Sendable {
    // Shared only between copies of the value; a mutation copies it first unless this value owns it alone.
    final class Storage: @unchecked Sendable {
        var command: Command
        var metadata: CommandMetadata
        var typeName: String
        var replyTo: String?
        var receivedAt: UInt64
        var deadline: UInt64?
        var cost: Int
        var retried = false
        var prerequisitesRead = false
        var claimSequence: UInt64?
        var delivery: DurableDelivery?
        var onAnswer: (@Sendable (Result<[UInt8], ReplyError>) -> Void)?

        init(command: Command, metadata: CommandMetadata, typeName: String, replyTo: String?, receivedAt: UInt64, deadline: UInt64?, cost: Int, delivery: DurableDelivery?) {
            self.command = command
            self.metadata = metadata
            self.typeName = typeName
            self.replyTo = replyTo
            self.receivedAt = receivedAt
            self.deadline = deadline
            self.cost = cost
            self.delivery = delivery
        }

        func copy() -> Storage {
            let copy = Storage(
                command: command, metadata: metadata, typeName: typeName, replyTo: replyTo, receivedAt: receivedAt, deadline: deadline, cost: cost,
                delivery: delivery)
            copy.retried = retried
            copy.prerequisitesRead = prerequisitesRead
            copy.claimSequence = claimSequence
            copy.onAnswer = onAnswer
            return copy
        }
    }

    private var storage: Storage

    package init(
        command: Command, metadata: CommandMetadata, typeName: String, replyTo: String?, receivedAt: UInt64, cost: Int, delivery: DurableDelivery? = nil,
        deadline: UInt64? = nil
    ) {
        storage = Storage(
            command: command, metadata: metadata, typeName: typeName, replyTo: replyTo, receivedAt: receivedAt, deadline: deadline, cost: cost,
            delivery: delivery)
    }

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    package var command: Command {
        _read { yield storage.command }
        set { unique().command = newValue }
    }

    package var metadata: CommandMetadata {
        _read { yield storage.metadata }
        set { unique().metadata = newValue }
    }

    /// The command's name for metrics and logs, e.g. `CreatePerson`.
    package var typeName: String {
        _read { yield storage.typeName }
        set { unique().typeName = newValue }
    }

    /// Where the answer goes; `nil` for a fire-and-forget publish (the result is only logged).
    package var replyTo: String? {
        _read { yield storage.replyTo }
        set { unique().replyTo = newValue }
    }

    /// When intake received it (nanoseconds, the runtime's clock), for the latency.
    package var receivedAt: UInt64 {
        get { storage.receivedAt }
        set { unique().receivedAt = newValue }
    }

    /// Not started after this (nanoseconds, the runtime's clock): answered `deadline_exceeded`
    /// instead (`CommandDeadline`); `nil` for none.
    package var deadline: UInt64? {
        get { storage.deadline }
        set { unique().deadline = newValue }
    }

    /// What it holds in its shard's mailbox (bytes), released when it is answered.
    package var cost: Int {
        get { storage.cost }
        set { unique().cost = newValue }
    }

    /// Decided again after a conflict already.
    package var retried: Bool {
        get { storage.retried }
        set { unique().retried = newValue }
    }

    /// `command` carries what it needed read from other aggregates (`Aggregate.prerequisite`).
    package var prerequisitesRead: Bool {
        get { storage.prerequisitesRead }
        set { unique().prerequisitesRead = newValue }
    }

    /// The last sequence of the command's exclusive scope's claims, read before its prerequisites
    /// (`Aggregate.exclusiveScope`); `nil` when it has no scope or the server cannot batch.
    package var claimSequence: UInt64? {
        get { storage.claimSequence }
        set { unique().claimSequence = newValue }
    }

    /// Set when it came through durable intake: acknowledged (or handed back) when answered.
    package var delivery: DurableDelivery? {
        _read { yield storage.delivery }
        set { unique().delivery = newValue }
    }

    /// Set for a command the runtime issued itself (`CommandSubmitter`): called with the answer
    /// instead of a reply.
    package var onAnswer: (@Sendable (Result<[UInt8], ReplyError>) -> Void)? {
        get { storage.onAnswer }
        set { unique().onAnswer = newValue }
    }
}
