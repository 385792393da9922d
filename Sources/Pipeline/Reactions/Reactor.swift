import Aggregates

/// Work a domain does after some of its events are stored, off the command path, feeding what it
/// learns back as commands of the same aggregate (Agent: a `MessageSent` starts streaming the
/// reply, each chunk a command and then an event). The runtime tells it what was stored, runs it
/// in its service group, and drains it on graceful shutdown before the shards stop, so the
/// commands it issues while ending its work are still decided and stored.
package protocol Reactor<Codec>: Sendable {
    associatedtype Codec: DomainCodec

    /// `events` were just stored for `id`, which is now `state`; `metadata` is the command's.
    /// Called on a shard's task: starts work without waiting for it.
    func stored(_ events: [Codec.State.Event], id: Codec.State.ID, state: Codec.State, metadata: CommandMetadata)

    /// Runs the work `stored` starts, and whatever the domain does to find work a stopped replica
    /// left unfinished, until `drain` ended it. Commands go through `submitter`.
    func run(submitter: CommandSubmitter<Codec>) async

    /// Starts no more work and ends the work in flight (the domain's way, e.g. a `failed` event);
    /// `run` returns once it ended.
    func drain()
}
