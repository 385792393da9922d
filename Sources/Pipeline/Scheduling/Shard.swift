import Aggregates
import DequeModule
import Logging
import NATS
import NIOCore
import Synchronization

/// One shard: a task that owns the resident aggregates of its ids and runs their commands, in
/// order per aggregate and concurrently across aggregates (the shell of `ShardScheduler`).
///
/// Admission happens before a command reaches the task: `admit` counts commands and their bytes
/// against the mailbox's limits, so a full shard is answered `busy` at once by intake.
package final class Shard<Codec: DomainCodec>: Sendable {
    package typealias State = Codec.State
    package typealias Record = AggregateRecord<State>
    package typealias Job = CommandJob<State.Command>
    typealias Scheduler = ShardScheduler<State.ID, Record, Job>

    package enum Event: Sendable {
        case command(State.ID, Job)
        case loaded(State.ID, Result<Record, StoreError>)
        /// The append of `events`, decided by `job` against `record`, ended. The record travels
        /// in its own payload slot, so that taking it out of the event moves it.
        case appended(State.ID, Job, Record, [State.Event], Result<AppendReceipt, StoreError>)
        /// Caught up after a conflict: decide the job once more.
        case caughtUp(State.ID, Job, Result<Record, StoreError>)
        /// Read what the job's command needs from other aggregates: decide it now.
        case prerequisitesRead(State.ID, Job, Record, Result<(command: State.Command, claim: UInt64?), StoreError>)
        case tick(UInt64)
    }

    package let index: Int
    let context: RuntimeContext<Codec>
    let inbox = ShardInbox<Event>()
    let admitted = Atomic<Int>(0)
    let admittedBytes = Atomic<Int>(0)
    /// Aggregates resident, for metrics (written by the shard's task only).
    let residentGauge = Atomic<Int>(0)
    /// Store failures said once per kind and window (used by the shard's task only).
    let failureLog = Mutex(LogThrottle<FailureKind>(window: Shard.failureLogWindow))

    /// A kind of failure for `failureLog`: what failed, and the store's error code.
    struct FailureKind: Hashable {
        var message: String
        var code: String
        var level: Logger.Level
    }

    static var failureLogWindow: UInt64 { 10_000_000_000 }

    init(index: Int, context: RuntimeContext<Codec>) {
        self.index = index
        self.context = context
    }

    // MARK: Admission (any thread)

    /// Takes a mailbox slot for a command of `cost` bytes; false when the shard is full.
    func admit(cost: Int) -> Bool {
        let count = admitted.wrappingAdd(1, ordering: .relaxed).newValue
        let bytes = admittedBytes.wrappingAdd(cost, ordering: .relaxed).newValue
        if count > context.configuration.mailboxCapacity || bytes > context.configuration.mailboxBytes {
            release(cost: cost)
            return false
        }
        return true
    }

    func release(cost: Int) {
        admitted.wrappingSubtract(1, ordering: .relaxed)
        admittedBytes.wrappingSubtract(cost, ordering: .relaxed)
        context.drain.answered()
    }

    /// Commands admitted and not yet answered.
    package var pending: Int { admitted.load(ordering: .relaxed) }

    package var resident: Int { residentGauge.load(ordering: .relaxed) }

    // MARK: The shard's task

    /// Runs until `close()`, then evicts (and snapshots) every resident aggregate.
    func run() async {
        var scheduler = Scheduler(maxResident: context.configuration.maxResidentPerShard, idleTimeout: context.configuration.idleTimeoutNanoseconds)
        await withDiscardingTaskGroup { group in
            var events = Deque<Event>()
            while await inbox.next(into: &events) {
                // Taken out one by one (moved, not copied: a copy retains all a job holds); the
                // emptied batch goes back to the inbox at the next call.
                while let event = events.popFirst() {
                    await handle(event, scheduler: &scheduler, group: &group)
                }
                residentGauge.store(scheduler.residentCount, ordering: .relaxed)
            }
            for action in scheduler.evictAllIdle() {
                await perform(action, scheduler: &scheduler, group: &group)
            }
            residentGauge.store(scheduler.residentCount, ordering: .relaxed)
        }
    }

    func close() { inbox.close() }

    private func handle(_ event: consuming Event, scheduler: inout Scheduler, group: inout DiscardingTaskGroup) async {
        switch consume event {
        case .command(let id, let job):
            if let action = scheduler.submit(job, for: id) { await perform(action, scheduler: &scheduler, group: &group) }
        case .loaded(let id, let result):
            for action in scheduler.loaded(id, result.mapError { $0 }, now: context.now()) {
                await perform(action, scheduler: &scheduler, group: &group)
            }
        case .appended(let id, let job, let record, let events, let result):
            await appended(id, job: job, record: record, events: events, result, scheduler: &scheduler, group: &group)
        case .caughtUp(let id, let job, let result):
            switch result {
            case .success(let record):
                await run(job, on: record, id: id, scheduler: &scheduler, group: &group)
            case .failure(let error):
                await answer(job, .failure(ReplyError(error)), outcome: .storeError)
                await finished(id, nil, scheduler: &scheduler, group: &group)
            }
        case .prerequisitesRead(let id, var job, let record, let result):
            switch result {
            case .success(let read):
                job.command = read.command
                job.claimSequence = read.claim
                job.prerequisitesRead = true
                await run(job, on: record, id: id, scheduler: &scheduler, group: &group)
            case .failure(let error):
                await answer(job, .failure(ReplyError(error)), outcome: .storeError)
                await finished(id, record, scheduler: &scheduler, group: &group)
            }
        case .tick(let now):
            for action in scheduler.tick(now: now) { await perform(action, scheduler: &scheduler, group: &group) }
            reportSuppressedFailures(now: now)
        }
    }

    private func perform(_ action: Scheduler.Action, scheduler: inout Scheduler, group: inout DiscardingTaskGroup) async {
        switch action {
        case .load(let id) where context.configuration.optimisticCreate:
            // Assume it is new; `run` loads it for real unless the command creates it.
            var record = Record()
            record.provisional = true
            for action in scheduler.loaded(id, .success(record), now: context.now()) {
                await perform(action, scheduler: &scheduler, group: &group)
            }
        case .load(let id):
            let store = context.store
            let inbox = self.inbox
            let metrics = context.metrics
            let clock = context.now
            group.addTask {
                let start = clock()
                let result: Result<Record, StoreError>
                do throws(StoreError) {
                    let record = try await store.load(id)
                    metrics?.aggregateRecovered(
                        latencyNanoseconds: Int64(truncatingIfNeeded: clock() &- start),
                        replayedEvents: record.state.version - record.snapshotVersion)
                    result = .success(record)
                } catch {
                    result = .failure(error)
                }
                inbox.send(.loaded(id, result))
            }
        case .run(let id, let record, let job):
            await run(job, on: record, id: id, scheduler: &scheduler, group: &group)
        case .fail(let jobs, let error):
            let reply = (error as? StoreError).map(ReplyError.init) ?? ReplyError(code: "store_unavailable", message: "\(error)", retryable: true)
            logFailure("loading an aggregate failed", level: .error, code: (error as? StoreError).map { "\($0.code)" } ?? "unknown",
                       metadata: ["shard": "\(index)", "error": "\(error)"])
            for job in jobs { await answer(job, .failure(reply), outcome: .storeError) }
        case .evict(let id, let record):
            snapshotIfBehind(record, id: id)
        }
    }

    /// Decides `job` against `record` and appends its events; answers at once when there is
    /// nothing to store.
    private func run(_ job: Job, on record: Record, id: State.ID, scheduler: inout Scheduler, group: inout DiscardingTaskGroup) async {
        if let known = record.recent.lookup(job.metadata.commandID) {
            // A retry of a command already stored: its first answer again, nothing new stored.
            await answer(job, .success(reply(id: id, version: known.version, events: known.events)), outcome: .success)
            await finished(id, record, scheduler: &scheduler, group: &group)
            return
        }
        if let deadline = job.deadline, case let now = context.now(), now > deadline {
            // Its requester stopped waiting: answered without deciding, so a backlog nobody
            // waits for does not hold up the commands behind it.
            await answer(job, .failure(.deadlineExceeded(waitedNanoseconds: now &- job.receivedAt)), outcome: .timeout)
            // A guessed-empty state (optimistic create) is not kept: the next command reads.
            await finished(id, record.provisional ? nil : record, scheduler: &scheduler, group: &group)
            return
        }
        if !job.prerequisitesRead {
            let scope = context.store.atomicBatch ? State.exclusiveScope(of: job.command) : nil
            let first: State.ID?
            if case .read(let id) = State.prerequisite(of: job.command, reads: [:]) { first = id } else { first = nil }
            if scope != nil || first != nil {
                readPrerequisites(id, job: job, record: record, scope: scope, first: first, group: &group)
                return
            }
        }
        let events: [State.Event]
        do {
            events = try record.state.decide(job.command)
        } catch {
            if record.provisional {
                // Refused against a guessed-empty state: the truth may differ; read it first.
                catchUp(id, job: job, from: record, group: &group)
                return
            }
            await answer(job, .failure(ReplyError(context.codec.describe(error))), outcome: .rejected)
            await finished(id, record, scheduler: &scheduler, group: &group)
            return
        }
        guard !events.isEmpty else {
            if record.provisional {
                catchUp(id, job: job, from: record, group: &group)
                return
            }
            await answer(job, .success(reply(id: id, version: record.state.version, events: 0)), outcome: .success)
            await finished(id, record, scheduler: &scheduler, group: &group)
            return
        }
        let request = appendRequest(events, record: record, id: id, job: job)
        let inbox = self.inbox
        await context.store.append(request) { result in
            inbox.send(.appended(id, job, record, events, result))
        }
    }

    private func appendRequest(_ events: [State.Event], record: Record, id: State.ID, job: Job) -> AppendRequest {
        let metadata = job.metadata
        let aggregate = id.text
        let version = record.state.version
        var messages: [AppendRequest.Message] = []
        messages.reserveCapacity(events.count)
        var bytes: [UInt8] = []
        // One allocation for the encoding, instead of one per doubling from empty.
        bytes.reserveCapacity(Self.eventBytesHint)
        // One envelope at a time, encoded at once: no array of them.
        for index in 0..<events.count {
            let envelope = EventEnvelope(events[index], at: index, aggregateID: id, after: version, metadata: metadata)
            bytes.removeAll(keepingCapacity: true)
            context.codec.encodeEvent(envelope, into: &bytes)
            messages.append(AppendRequest.Message(
                subject: context.store.layout.subject(aggregate: aggregate, suffix: envelope.event.subjectSuffix),
                payload: ByteBuffer(bytes: bytes),
                messageID: Self.messageID(metadata.commandID, index)))
        }
        var claim: AppendRequest.Claim?
        if let sequence = job.claimSequence, let scope = State.exclusiveScope(of: job.command) {
            bytes.removeAll(keepingCapacity: true)
            JSONWriter.append(to: &bytes) { writer in
                writer.beginObject()
                writer.writeField("aggregate_id", aggregate)
                writer.writeField("causation_id", metadata.commandID)
                writer.writeField("scope", scope)
                writer.endObject()
            }
            claim = AppendRequest.Claim(
                subject: context.store.layout.claimSubject(scope: scope), expectedLastSequence: sequence,
                payload: ByteBuffer(bytes: bytes), messageID: "\(metadata.commandID):claim")
        }
        return AppendRequest(aggregate: aggregate, expectedLastSequence: record.lastSequence, messages: messages, claim: claim)
    }

    /// The encoding buffer's first capacity: most events of the four domains fit (a Person
    /// service's events are 570–780 bytes). With the array's header it stays under glibc's
    /// per-thread cache limit (1,032 bytes): a larger request is served from the shared heap,
    /// and first merges every freed small chunk (`malloc_consolidate`).
    static var eventBytesHint: Int { 960 }

    /// `<command id>:<index>`: the `Nats-Msg-Id` of a command's event, built with one allocation.
    static func messageID(_ commandID: String, _ index: Int) -> String {
        let suffix = String(index)
        var id = ""
        id.reserveCapacity(commandID.utf8.count + 1 + suffix.utf8.count)
        id.append(commandID)
        id.append(":")
        id.append(suffix)
        return id
    }

    private func appended(
        _ id: State.ID, job: Job, record: consuming Record, events: [State.Event], _ result: Result<AppendReceipt, StoreError>,
        scheduler: inout Scheduler, group: inout DiscardingTaskGroup
    ) async {
        switch result {
        case .success(let receipt) where !receipt.duplicate:
            // The record was moved here (the inbox's event, then its payload, are gone), so
            // applying the events changes it in place rather than a copy.
            // Stored behind the guard: what it was decided against was the truth.
            record.provisional = false
            let before = record.state.version
            for event in events { record.state.apply(event) }
            record.lastSequence = receipt.lastSequence
            record.recent.record(RecentCommands.Entry(commandID: job.metadata.commandID, version: record.state.version, events: events.count))
            context.metrics?.eventsAppended(events.count)
            snapshotIfDue(&record, id: id, before: before)
            context.reactor?.stored(events, id: id, state: record.state, metadata: job.metadata)
            await answer(job, .success(reply(id: id, version: record.state.version, events: events.count)), outcome: .success)
            await finished(id, record, scheduler: &scheduler, group: &group)
        case .success where record.provisional, .failure(_) where record.provisional && result.isConflict:
            // The guess "new" was wrong (it has events, or these very events): load it and decide
            // again. Not a conflict with another writer, so the job keeps its one retry.
            catchUp(id, job: job, from: record, group: &group)
        case .success:
            // Stored before under the same message ids (a retry, or another replica ran it): read
            // the history, where the command's first answer is recorded.
            if job.retried {
                // Still unknown after catching up: the id was used before for another command.
                let error = ReplyError(
                    code: "duplicate_command_id",
                    message: "Nats-Msg-Id \(job.metadata.commandID) was already used for a different command of \(id.text); nothing was stored")
                await answer(job, .failure(error), outcome: .rejected)
                await finished(id, nil, scheduler: &scheduler, group: &group)
            } else {
                var again = job
                again.retried = true
                catchUp(id, job: again, from: record, group: &group)
            }
        case .failure(let error) where error.code == .conflict:
            context.metrics?.occConflict()
            if job.retried {
                await answer(job, .failure(ReplyError(error)), outcome: .conflict)
                await finished(id, nil, scheduler: &scheduler, group: &group)
            } else {
                var again = job
                again.retried = true
                // Another writer won: what was read from other aggregates may have changed too.
                again.prerequisitesRead = false
                catchUp(id, job: again, from: record, group: &group)
            }
        case .failure(let error):
            // A refusal answered in full (an event too large, a subject the permissions deny, which
            // the connection's log names once) is no news per command.
            let level: Logger.Level = error.code == .tooLarge || error.code == .forbidden ? .debug : .warning
            logFailure("append failed", level: level, code: "\(error.code)", metadata: ["aggregate": "\(id.text)", "command": "\(job.typeName)", "error": "\(error)"])
            await answer(job, .failure(ReplyError(error)), outcome: .storeError)
            // The outcome may be unknown: forget the state, the next command reloads it.
            await finished(id, nil, scheduler: &scheduler, group: &group)
        }
    }

    /// Reads what was stored after `record` (all of it, from the snapshot, for a provisional one)
    /// and then runs `job` again.
    private func catchUp(_ id: State.ID, job: Job, from record: Record, group: inout DiscardingTaskGroup) {
        let store = context.store
        let inbox = self.inbox
        let metrics = context.metrics
        let clock = context.now
        group.addTask {
            let result: Result<Record, StoreError>
            do throws(StoreError) {
                if record.provisional {
                    // The aggregate's first read since it came into memory (the guess "new" was
                    // wrong): its recovery, recorded as a `.load` is.
                    let start = clock()
                    let loaded = try await store.load(id)
                    metrics?.aggregateRecovered(
                        latencyNanoseconds: Int64(truncatingIfNeeded: clock() &- start),
                        replayedEvents: loaded.state.version - loaded.snapshotVersion)
                    result = .success(loaded)
                } else {
                    result = .success(try await store.catchUp(record, id: id))
                }
            } catch {
                result = .failure(error)
            }
            inbox.send(.caughtUp(id, job, result))
        }
    }

    /// Reads the last claim of the command's exclusive scope (when it has one), then the aggregates
    /// it needs (from the store, not from memory: another shard or replica may own them), asking
    /// the domain after each read, then decides it. The claim comes first: a command of the scope
    /// stored after it was read makes the append fail, so what was read cannot be stale.
    private func readPrerequisites(_ id: State.ID, job: Job, record: Record, scope: String?, first: State.ID?, group: inout DiscardingTaskGroup) {
        let store = context.store
        let inbox = self.inbox
        group.addTask {
            let result: Result<(command: State.Command, claim: UInt64?), StoreError>
            do throws(StoreError) {
                var claim: UInt64?
                if let scope { claim = try await store.lastClaim(scope: scope) }
                var reads: [State.ID: State] = [:]
                var command = job.command
                if first == nil, case .ready(let ready) = State.prerequisite(of: job.command, reads: reads) { command = ready }
                var next = first
                while let reading = next {
                    guard reads.count < Self.maxPrerequisiteReads, reads[reading] == nil else {
                        throw StoreError(.unavailable, "\(job.typeName) needs more than \(Self.maxPrerequisiteReads) reads of other aggregates, or one twice")
                    }
                    reads[reading] = try await store.load(reading).state
                    switch State.prerequisite(of: job.command, reads: reads) {
                    case .read(let id):
                        next = id
                    case .ready(let ready):
                        command = ready
                        next = nil
                    }
                }
                result = .success((command, claim))
            } catch {
                result = .failure(error)
            }
            inbox.send(.prerequisitesRead(id, job, record, result))
        }
    }

    /// A bound on a domain's prerequisite reads for one command (Location reads at most 64 ancestors).
    static var maxPrerequisiteReads: Int { 256 }

    private func finished(_ id: State.ID, _ record: Record?, scheduler: inout Scheduler, group: inout DiscardingTaskGroup) async {
        for action in scheduler.finished(id, resident: record, now: context.now()) {
            await perform(action, scheduler: &scheduler, group: &group)
        }
    }

    // MARK: Snapshots

    private func snapshotIfDue(_ record: inout Record, id: State.ID, before: Int) {
        let every = context.configuration.snapshotFrequency
        guard every > 0, record.state.version / every > before / every else { return }
        enqueueSnapshot(&record, id: id)
    }

    private func snapshotIfBehind(_ record: Record, id: State.ID) {
        guard context.configuration.snapshotFrequency > 0, record.state.version > record.snapshotVersion else { return }
        var record = record
        enqueueSnapshot(&record, id: id)
    }

    private func enqueueSnapshot(_ record: inout Record, id: State.ID) {
        guard let writer = context.snapshots else { return }
        if writer.enqueue(record, id: id) {
            record.snapshotVersion = record.state.version
        } else {
            context.logger.debug("snapshot skipped: the writer is full or closed", metadata: ["aggregate": "\(id.text)"])
        }
    }

    // MARK: Replies

    private func reply(id: State.ID, version: Int, events: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        context.codec.encodeSuccessReply(aggregateID: id, version: version, eventsGenerated: events, into: &bytes)
        return bytes
    }

    // MARK: Failure log

    /// Logs a failure: the first of its kind in a window in full, the others of the window at
    /// debug level, counted and said together when the window ends.
    private func logFailure(_ message: String, level: Logger.Level, code: String, metadata: Logger.Metadata) {
        let kind = FailureKind(message: message, code: code, level: level)
        switch failureLog.withLock({ $0.record(kind, now: context.now()) }) {
        case .log(let suppressedBefore):
            var metadata = metadata
            if suppressedBefore > 0 { metadata["not_logged_before"] = "\(suppressedBefore)" }
            if level > .debug { metadata["repeats"] = "the next \(Self.failureLogWindow / 1_000_000_000) s of these are counted, then said once" }
            context.logger.log(level: level, "\(message)", metadata: metadata)
        case .suppress:
            context.logger.debug("\(message)", metadata: metadata)
        }
    }

    private func reportSuppressedFailures(now: UInt64) {
        let due = failureLog.withLock { $0.due(now: now) }
        for (kind, count) in due where kind.level > .debug {
            context.logger.log(
                level: kind.level, "\(kind.message): \(count) more in \(Self.failureLogWindow / 1_000_000_000) s, logged at debug level",
                metadata: ["shard": "\(index)", "code": "\(kind.code)", "count": "\(count)"])
        }
    }

    /// Sends the answer (when the command asked for one), records the outcome, frees the slot.
    private func answer(_ job: Job, _ result: Result<[UInt8], ReplyError>, outcome: CommandOutcome) async {
        defer { release(cost: job.cost) }
        if let onAnswer = job.onAnswer {
            onAnswer(result)
            context.metrics?.commandFinished(type: job.typeName, outcome: outcome, latencyNanoseconds: Int64(truncatingIfNeeded: context.now() &- job.receivedAt))
            return
        }
        await context.replier.send(result, to: job.replyTo, commandType: job.typeName, outcome: outcome, receivedAt: job.receivedAt, delivery: job.delivery)
    }
}

extension Result where Success == AppendReceipt, Failure == StoreError {
    /// Refused by the guard.
    var isConflict: Bool {
        if case .failure(let error) = self { return error.code == .conflict }
        return false
    }
}
