import Aggregates
import Logging
import NATS
import Synchronization

/// Streams the reply to each stored `MessageSent` (the Agent's `Reactor`): asks the chat provider,
/// and stores every chunk, then the completion, as internal commands of the agent, through the
/// same guarded appends as any command. It runs off the command path: `SendMessage` is answered
/// as soon as `MessageSent` is stored.
///
/// A reply in flight is recorded in `<stream>_OPEN_WORK` until it ends. On graceful shutdown the
/// replies in flight end with a `failed` event (`interrupted`, recoverable). After a crash, the
/// replicas' sweeps find the record and send `ExpireResponse`, which the agent decides: it ends
/// the reply as `interrupted` once it has been idle for the idle limit (the decision is the
/// aggregate's, so two replicas sweeping at once store it once, under one command id).
package final class ResponseStreamer: Reactor {
    package typealias Codec = AgentCodec

    struct Job: Sendable {
        var agentID: AgentID
        var messageID: MessageID
        var content: String
        var configuration: ModelConfiguration?
        var correlationID: String

        var key: String { OpenWorkRegistry.key(aggregate: agentID.text, work: messageID.text) }
    }

    struct Settings: Sendable {
        var stream: String
        var replicas: Int
        /// A reply idle this long is ended by a sweep (its replica is presumed gone).
        var idleLimitSeconds: Int
        /// Replies streamed at once; more wait in `queueCapacity`.
        var maxConcurrent: Int
        var queueCapacity: Int
    }

    let provider: any ChatProvider
    let client: NATSClient
    let settings: Settings
    let logger: Logger
    let jobs: AsyncStream<Job>
    let jobSink: AsyncStream<Job>.Continuation
    /// Replies this replica streams now (their registry keys).
    let active = Mutex<Set<String>>([])
    let task = Mutex<Task<Void, Never>?>(nil)
    let draining = Atomic<Bool>(false)

    package init(
        provider: any ChatProvider, client: NATSClient, stream: String, replicas: Int, idleLimitSeconds: Int, logger: Logger,
        maxConcurrent: Int = 256, queueCapacity: Int = 4096
    ) {
        self.provider = provider
        self.client = client
        self.settings = Settings(
            stream: stream, replicas: replicas, idleLimitSeconds: idleLimitSeconds, maxConcurrent: maxConcurrent, queueCapacity: queueCapacity)
        self.logger = logger
        (jobs, jobSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(queueCapacity))
    }

    // MARK: Reactor

    package func stored(_ events: [AgentEvent], id: AgentID, state: Agent, metadata: CommandMetadata) {
        for event in events {
            guard let started = event.startedResponse else { continue }
            let job = Job(
                agentID: id, messageID: started.messageID, content: started.content, configuration: state.modelConfiguration,
                correlationID: metadata.correlationID)
            if case .enqueued = jobSink.yield(job) { continue }
            // Full (or draining): the message must not stay open, so it fails now, said as such.
            let reason = draining.load(ordering: .relaxed) ? "the service is shutting down" : "\(settings.queueCapacity) replies are already waiting"
            logger.warning("a reply was not started", metadata: ["agent": "\(id.text)", "message": "\(started.messageID.text)", "reason": "\(reason)"])
            pendingFailures.withLock { $0.append((job, reason)) }
        }
    }

    package func run(submitter: CommandSubmitter<AgentCodec>) async {
        let registry: OpenWorkRegistry?
        do {
            registry = try await OpenWorkRegistry.prepare(js: try JetStream(client: client, logger: logger), stream: settings.stream, replicas: settings.replicas)
        } catch {
            registry = nil
            logger.error(
                "the open-reply registry cannot be used: replies cut by a crash of this replica stay open until another replica's sweep",
                metadata: ["bucket": "\(OpenWorkRegistry.bucketName(stream: settings.stream))", "error": "\(error)"])
        }
        let work = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.sweepPeriodically(registry: registry, submitter: submitter) }
                let slots = Slots(settings.maxConcurrent)
                for await job in jobs {
                    await slots.take()
                    group.addTask {
                        await self.stream(job, registry: registry, submitter: submitter)
                        slots.give()
                    }
                    await failRefused(submitter: submitter)
                }
                await failRefused(submitter: submitter)
                group.cancelAll()
            }
        }
        task.withLock { $0 = work }
        if draining.load(ordering: .sequentiallyConsistent) { work.cancel() }
        await work.value
        await failRefused(submitter: submitter)
    }

    package func drain() {
        draining.store(true, ordering: .sequentiallyConsistent)
        jobSink.finish()
        // Replies in flight see the cancellation and end with `interrupted`.
        task.withLock { $0 }?.cancel()
    }

    // MARK: Refused replies

    let pendingFailures = Mutex<[(Job, String)]>([])

    /// Ends the replies that could not be queued with a `failed` event.
    func failRefused(submitter: CommandSubmitter<AgentCodec>) async {
        let refused = pendingFailures.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        for (job, reason) in refused {
            let ending = ChatProviderError(errorType: "overloaded", message: "the reply was not started: \(reason)", recoverable: true)
            if await end(job, .failed(ending), submitter: submitter) == .failed {
                logger.error("a reply that was not started stays open until a sweep ends it", metadata: ["message": "\(job.messageID.text)"])
            }
        }
    }
}

/// A counting semaphore for the replies streamed at once (waiters resumed in order).
final class Slots: Sendable {
    struct State {
        var free: Int
        var waiters = WaiterQueue<Void>()
    }
    let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(free: count)) }

    func take() async {
        let taken = state.withLock { state -> Bool in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        if taken { return }
        do {
            try await withCheckedThrowingContinuation { (continuation: WaiterQueue<Void>.Waiter) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.free > 0 {
                        state.free -= 1
                        return true
                    }
                    state.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } catch {
            // Never thrown: waiters are only resumed by `give`.
        }
    }

    func give() {
        let waiter = state.withLock { state -> WaiterQueue<Void>.Waiter? in
            if let next = state.waiters.popFirst() { return next }
            state.free += 1
            return nil
        }
        waiter?.resume()
    }
}
