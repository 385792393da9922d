import Aggregates

/// One decoded command on its way through a shard.
package struct CommandJob<Command: Sendable>: Sendable {
    package var command: Command
    package var metadata: CommandMetadata
    /// The command's name for metrics and logs, e.g. `CreatePerson`.
    package var typeName: String
    /// Where the answer goes; `nil` for a fire-and-forget publish (the result is only logged).
    package var replyTo: String?
    /// When intake received it (nanoseconds, the runtime's clock), for the latency.
    package var receivedAt: UInt64
    /// Not started after this (nanoseconds, the runtime's clock): answered `deadline_exceeded`
    /// instead (`CommandDeadline`); `nil` for none.
    package var deadline: UInt64?
    /// What it holds in its shard's mailbox (bytes), released when it is answered.
    package var cost: Int
    /// Decided again after a conflict already.
    package var retried = false
    /// `command` carries what it needed read from other aggregates (`Aggregate.prerequisite`).
    package var prerequisitesRead = false
    /// The last sequence of the command's exclusive scope's claims, read before its prerequisites
    /// (`Aggregate.exclusiveScope`); `nil` when it has no scope or the server cannot batch.
    package var claimSequence: UInt64?
    /// Set when it came through durable intake: acknowledged (or handed back) when answered.
    package var delivery: DurableDelivery?
    /// Set for a command the runtime issued itself (`CommandSubmitter`): called with the answer
    /// instead of a reply.
    package var onAnswer: (@Sendable (Result<[UInt8], ReplyError>) -> Void)?

    package init(
        command: Command, metadata: CommandMetadata, typeName: String, replyTo: String?, receivedAt: UInt64, cost: Int, delivery: DurableDelivery? = nil,
        deadline: UInt64? = nil
    ) {
        self.deadline = deadline
        self.command = command
        self.metadata = metadata
        self.typeName = typeName
        self.replyTo = replyTo
        self.receivedAt = receivedAt
        self.cost = cost
        self.delivery = delivery
    }
}
