import Aggregates

/// One decoded command on its way through a shard.
///
/// A value with its fields in one shared box (`CopyOnWrite`): a job is handed from intake to its
/// shard, the scheduler and the append, and copying it costs one reference count instead of one
/// for every string and reference it holds. Only a retry changes it after it was made.
package struct CommandJob<Command: Sendable>: Sendable {
    struct Fields: Sendable {
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
    }

    private var fields: CopyOnWrite<Fields>

    package init(
        command: Command, metadata: CommandMetadata, typeName: String, replyTo: String?, receivedAt: UInt64, cost: Int, delivery: DurableDelivery? = nil,
        deadline: UInt64? = nil
    ) {
        fields = CopyOnWrite(Fields(
            command: command, metadata: metadata, typeName: typeName, replyTo: replyTo, receivedAt: receivedAt, deadline: deadline, cost: cost,
            delivery: delivery))
    }

    package var command: Command {
        _read { yield fields.value.command }
        set { fields.value.command = newValue }
    }

    package var metadata: CommandMetadata {
        _read { yield fields.value.metadata }
        set { fields.value.metadata = newValue }
    }

    /// The command's name for metrics and logs, e.g. `CreatePerson`.
    package var typeName: String {
        _read { yield fields.value.typeName }
        set { fields.value.typeName = newValue }
    }

    /// Where the answer goes; `nil` for a fire-and-forget publish (the result is only logged).
    package var replyTo: String? {
        _read { yield fields.value.replyTo }
        set { fields.value.replyTo = newValue }
    }

    /// When intake received it (nanoseconds, the runtime's clock), for the latency.
    package var receivedAt: UInt64 {
        get { fields.value.receivedAt }
        set { fields.value.receivedAt = newValue }
    }

    /// Not started after this (nanoseconds, the runtime's clock): answered `deadline_exceeded`
    /// instead (`CommandDeadline`); `nil` for none.
    package var deadline: UInt64? {
        get { fields.value.deadline }
        set { fields.value.deadline = newValue }
    }

    /// What it holds in its shard's mailbox (bytes), released when it is answered.
    package var cost: Int {
        get { fields.value.cost }
        set { fields.value.cost = newValue }
    }

    /// Decided again after a conflict already.
    package var retried: Bool {
        get { fields.value.retried }
        set { fields.value.retried = newValue }
    }

    /// `command` carries what it needed read from other aggregates (`Aggregate.prerequisite`).
    package var prerequisitesRead: Bool {
        get { fields.value.prerequisitesRead }
        set { fields.value.prerequisitesRead = newValue }
    }

    /// The last sequence of the command's exclusive scope's claims, read before its prerequisites
    /// (`Aggregate.exclusiveScope`); `nil` when it has no scope or the server cannot batch.
    package var claimSequence: UInt64? {
        get { fields.value.claimSequence }
        set { fields.value.claimSequence = newValue }
    }

    /// Set when it came through durable intake: acknowledged (or handed back) when answered.
    package var delivery: DurableDelivery? {
        _read { yield fields.value.delivery }
        set { fields.value.delivery = newValue }
    }

    /// Set for a command the runtime issued itself (`CommandSubmitter`): called with the answer
    /// instead of a reply.
    package var onAnswer: (@Sendable (Result<[UInt8], ReplyError>) -> Void)? {
        get { fields.value.onAnswer }
        set { fields.value.onAnswer = newValue }
    }
}
