import Aggregates

/// Issues commands from inside the runtime (a `Reactor`'s): routed like intake's, queued in the
/// same bounded mailboxes, decided and stored the same way, answered to the caller instead of a
/// reply subject.
package final class CommandSubmitter<Codec: DomainCodec>: Sendable {
    package typealias State = Codec.State

    let context: RuntimeContext<Codec>
    let shards: [Shard<Codec>]
    let router: ShardRouter

    init(context: RuntimeContext<Codec>, shards: [Shard<Codec>]) {
        self.context = context
        self.shards = shards
        self.router = ShardRouter(shardCount: shards.count)
    }

    /// Decides and stores `command`; returns the domain's success reply, or why not (`busy` when
    /// its shard is full, `shutting_down` once the shards stopped: the caller decides whether to
    /// try again).
    package func submit(_ command: State.Command, metadata: CommandMetadata) async -> Result<[UInt8], ReplyError> {
        let id = State.target(of: command)
        let index = router.shard(for: id.text)
        let shard = shards[index]
        let cost = 256
        guard shard.admit(cost: cost) else { return .failure(.busy(shard: index)) }
        return await withCheckedContinuation { continuation in
            var job = CommandJob(
                command: command, metadata: metadata, typeName: context.codec.commandName(command), replyTo: nil,
                receivedAt: context.now(), cost: cost)
            job.onAnswer = { continuation.resume(returning: $0) }
            if !shard.inbox.send(.command(id, job)) {
                shard.release(cost: cost)
                continuation.resume(returning: .failure(.shuttingDown))
            }
        }
    }
}
