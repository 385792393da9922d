import NATS
import NIOCore
import Synchronization

/// Commits appends of many aggregates together as atomic batches: the shell of `CommitBatcher`.
///
/// `submit` never waits: the batcher decides, commits run as child tasks of `run()`, and each
/// append's completion is called exactly once with its sequences or its failure.
package final class GroupCommitter: Sendable {
    package typealias Completion = @Sendable (Result<AppendReceipt, StoreError>) -> Void

    package struct Pending: Sendable {
        let request: AppendRequest
        let completion: Completion
    }

    struct State {
        var batcher: CommitBatcher<Pending>
        var timerAt: UInt64?
        var closed = false
    }

    let js: JetStream
    let layout: EventLayout
    let state: Mutex<State>
    let commits: AsyncStream<[CommitBatcher<Pending>.Entry]>
    let commitSink: AsyncStream<[CommitBatcher<Pending>.Entry]>.Continuation
    let eventLoop: any EventLoop
    let metrics: ServiceMetrics?
    let now: @Sendable () -> UInt64

    package init(
        js: JetStream, layout: EventLayout, limits: CommitBatcher<Pending>.Limits, metrics: ServiceMetrics? = nil,
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }
    ) {
        self.js = js
        self.metrics = metrics
        self.layout = layout
        self.state = Mutex(State(batcher: CommitBatcher(limits: limits)))
        (commits, commitSink) = AsyncStream.makeStream()
        self.eventLoop = js.client.eventLoop
        self.now = now
    }

    /// Queues an append; `completion` runs once, on whichever thread learns the outcome.
    package func submit(_ request: AppendRequest, completion: @escaping Completion) {
        let pending = Pending(request: request, completion: completion)
        let actions = state.withLock { state -> [CommitBatcher<Pending>.Action]? in
            guard !state.closed else { return nil }
            return state.batcher.enqueue(pending, messages: request.messageCount, bytes: request.payloadBytes, now: now())
        }
        guard let actions else {
            completion(.failure(StoreError(.unavailable, "the event store is closed")))
            return
        }
        perform(actions)
    }

    /// Appends waiting or committing.
    package var isIdle: Bool { state.withLock { $0.batcher.waiting == 0 && $0.batcher.inFlight == 0 } }

    /// Runs the commits until `finish()` and the last commit ended.
    package func run() async {
        await withDiscardingTaskGroup { group in
            for await batch in commits {
                group.addTask { await self.commit(batch) }
            }
        }
    }

    /// No more appends; `run()` returns once the commits in flight ended.
    package func finish() {
        let waiting = state.withLock { state -> [CommitBatcher<Pending>.Entry] in
            state.closed = true
            return state.batcher.inFlight == 0 ? state.batcher.takeAll() : []
        }
        for entry in waiting { entry.append.completion(.failure(StoreError(.unavailable, "the event store closed before the append was committed"))) }
        commitSink.finish()
    }

    private func perform(_ actions: [CommitBatcher<Pending>.Action]) {
        for action in actions {
            switch action {
            case .commit(let batch):
                if case .terminated = commitSink.yield(batch) {
                    for entry in batch {
                        entry.append.completion(.failure(StoreError(.unavailable, "the event store closed before the append was committed")))
                    }
                }
            case .conflict(let entry):
                entry.append.completion(.failure(StoreError(.conflict, "another writer appended to \(entry.append.request.aggregate) first")))
            case .wakeUp(let at):
                scheduleTimer(at: at)
            }
        }
    }

    private func scheduleTimer(at deadline: UInt64) {
        let schedule = state.withLock { state -> Bool in
            if let current = state.timerAt, current <= deadline { return false }
            state.timerAt = deadline
            return true
        }
        guard schedule else { return }
        eventLoop.scheduleTask(deadline: .uptimeNanoseconds(deadline)) { [self] in
            let actions = state.withLock { state in
                state.timerAt = nil
                return state.batcher.timerFired(now: now())
            }
            perform(actions)
        }
    }

    private func commit(_ batch: [CommitBatcher<Pending>.Entry]) async {
        var messages: [BatchMessage] = []
        messages.reserveCapacity(batch.reduce(0) { $0 + $1.messages })
        for entry in batch {
            let request = entry.append.request
            request.appendBatchMessages(to: &messages, guardSubject: layout.guardSubject(aggregate: request.aggregate))
        }
        let actions: [CommitBatcher<Pending>.Action]
        do {
            let ack = try await js.publishAtomicBatch(messages)
            metrics?.batchCommitted(messages: messages.count)
            var sequence = ack.sequence - UInt64(messages.count) + 1
            for entry in batch {
                let request = entry.append.request
                entry.append.completion(.success(AppendReceipt(lastSequence: request.lastEventSequence(startingAt: sequence), duplicate: false)))
                sequence += UInt64(request.messageCount)
            }
            actions = state.withLock { $0.batcher.committed(now: now()) }
        } catch let error as JetStreamError where Self.isGuardRefusal(error) {
            actions = state.withLock { $0.batcher.rejected(batch, now: now()) }
        } catch {
            for entry in batch {
                entry.append.completion(.failure(StoreError(appendFailure: error, aggregate: entry.append.request.aggregate)))
            }
            actions = state.withLock { $0.batcher.committed(now: now()) }
        }
        perform(actions)
        finishIfDrained()
    }

    /// A refusal caused by one message's guard or id: splitting the batch finds which.
    static func isGuardRefusal(_ error: JetStreamError) -> Bool {
        error.code == .wrongLastSequence || (error.code == .batchRejected && error.errorCode == 10201)
    }

    private func finishIfDrained() {
        let waiting = state.withLock { state -> [CommitBatcher<Pending>.Entry] in
            guard state.closed, state.batcher.inFlight == 0 else { return [] }
            return state.batcher.takeAll()
        }
        for entry in waiting { entry.append.completion(.failure(StoreError(.unavailable, "the event store closed before the append was committed"))) }
    }
}
