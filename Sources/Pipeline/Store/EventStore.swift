import Aggregates
import Logging
import NATS
import NIOCore
import Wire

/// A domain's events in one JetStream stream: guarded appends, and aggregates loaded from their
/// latest snapshot plus the events after it.
package final class EventStore<Codec: DomainCodec>: Sendable {
    package typealias State = Codec.State
    package typealias Completion = @Sendable (Result<AppendReceipt, StoreError>) -> Void

    /// How appends reach the stream.
    package enum Committer: Sendable {
        /// Each append is published on its own, many in flight (one PubAck each).
        case async(JetStreamPublisher)
        /// Appends are gathered into atomic batches (one PubAck per batch).
        case batch(GroupCommitter)
    }

    package let js: JetStream
    package let stream: String
    package let layout: EventLayout
    package let codec: Codec
    package let committer: Committer
    package let snapshots: SnapshotStore<Codec>?
    /// The server stores atomic batches (needed for a command with several events in async mode).
    package let atomicBatch: Bool
    /// Aggregates with fewer events than this are replayed without reading their snapshot.
    package let snapshotThreshold: Int
    /// Where each commit of async mode is counted (batch mode's committer counts its own).
    let metrics: ServiceMetrics?
    let logger: Logger

    package init(
        js: JetStream, stream: String, layout: EventLayout, codec: Codec, committer: Committer,
        snapshots: SnapshotStore<Codec>?, atomicBatch: Bool, snapshotThreshold: Int = 100, metrics: ServiceMetrics? = nil, logger: Logger
    ) {
        self.metrics = metrics
        self.snapshotThreshold = snapshotThreshold
        self.js = js
        self.stream = stream
        self.layout = layout
        self.codec = codec
        self.committer = committer
        self.snapshots = snapshots
        self.atomicBatch = atomicBatch
        self.logger = logger
    }

    // MARK: Appending

    /// Stores `request` all or none; `completion` runs exactly once with the sequences or the
    /// failure. Waits only while the publish window is full (back-pressure).
    package func append(_ request: AppendRequest, completion: @escaping Completion) async {
        switch committer {
        case .batch(let group):
            group.submit(request, completion: completion)
        case .async(let publisher):
            if request.messages.count == 1, request.claim == nil {
                await publishOne(request, publisher: publisher, completion: completion)
            } else if atomicBatch {
                let messages = request.batchMessages(guardSubject: layout.guardSubject(aggregate: request.aggregate))
                let aggregate = request.aggregate
                Task {
                    do {
                        // The batch is this request alone: its last message is the last event.
                        let ack = try await js.publishAtomicBatch(messages)
                        metrics?.batchCommitted(messages: messages.count)
                        completion(.success(AppendReceipt(lastSequence: ack.sequence, duplicate: false)))
                    } catch let error as JetStreamError where GroupCommitter.isGuardRefusal(error) {
                        completion(.failure(StoreError(.conflict, "another writer appended to \(aggregate) first", underlying: error)))
                    } catch {
                        completion(.failure(StoreError(appendFailure: error, aggregate: aggregate)))
                    }
                }
            } else {
                completion(.failure(StoreError(
                    .notSupported,
                    "a command with \(request.messages.count) events needs atomic batches (nats-server 2.12+); nothing was stored")))
            }
        }
    }

    private func publishOne(_ request: AppendRequest, publisher: JetStreamPublisher, completion: @escaping Completion) async {
        let message = request.messages[0]
        let aggregate = request.aggregate
        var options = PublishOptions(messageID: message.messageID)
        options.expectedLastSubjectSequence = request.expectedLastSequence
        options.expectedLastSubjectSequenceSubject = layout.guardSubject(aggregate: aggregate)
        do {
            try await publisher.publish(message.payload, to: message.subject, headers: options.headerFields) { [metrics] result in
                switch result {
                case .success(let ack):
                    if !ack.duplicate { metrics?.batchCommitted(messages: 1) }
                    completion(.success(AppendReceipt(lastSequence: ack.sequence, duplicate: ack.duplicate)))
                case .failure(let error):
                    completion(.failure(StoreError(appendFailure: error, aggregate: aggregate)))
                }
            }
        } catch {
            // Not sent (closed publisher or client, invalid subject): nothing was stored.
            completion(.failure(StoreError(sendFailure: error, aggregate: aggregate)))
        }
    }

    // MARK: Claims

    /// The sequence of the last claim of `scope` (0 when it has none), read from the stream's
    /// leader so that every acknowledged claim is seen.
    package func lastClaim(scope: String) async throws(StoreError) -> UInt64 {
        do {
            return try await js.getLastMessage(stream: stream, subject: layout.claimSubject(scope: scope)).sequence
        } catch let error as JetStreamError where error.code == .messageNotFound {
            return 0
        } catch {
            throw StoreError(.unavailable, "reading the last \(scope) claim from \(stream) failed: \(error)", underlying: error)
        }
    }

    // MARK: Loading

    /// The aggregate from its newest usable snapshot plus every event after it.
    ///
    /// The history is asked for first: an aggregate with fewer than `snapshotThreshold` events
    /// (the first event says how many follow) is simply replayed, one request and no snapshot
    /// read. A longer one is loaded from its snapshot plus the tail, and so is one with no events
    /// at all (new, or every event deleted by max_age: then its snapshot is all that is left).
    /// - Throws: `StoreError` when the history cannot be read completely: never a shorter history.
    package func load(_ id: State.ID) async throws(StoreError) -> AggregateRecord<State> {
        var record = AggregateRecord<State>()
        guard let snapshots else { return try await catchUp(record, id: id) }
        let filter = layout.filter(aggregate: id.text)
        do {
            var iterator = try await js.messages(stream: stream, subject: filter, from: 1).makeAsyncIterator()
            guard let first = try await iterator.next() else {
                // No events: a new aggregate, or one all of whose events the stream deleted
                // (max_age), which only its snapshot remembers. The stream holds none of its
                // events, so the next append is guarded by "none" (sequence 0).
                guard var snapshot = await snapshots.read(id) else { return record }
                snapshot.lastSequence = 0
                return snapshot
            }
            let pending = first.headers?["Nats-Num-Pending"].flatMap { Int($0) }
            // A short history is replayed as it is, when it starts at version 1; one whose start
            // the stream deleted (max_age) is rebuilt from the snapshot below.
            if let pending, pending + 1 < snapshotThreshold, try startsTheHistory(first) {
                try apply(first, to: &record, id: id)
                while let message = try await iterator.next() { try apply(message, to: &record, id: id) }
                return record
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "reading the history of \(id.text) from \(stream) failed: \(error)", underlying: error)
        }
        if let snapshot = await snapshots.read(id) { record = snapshot }
        return try await catchUp(record, id: id)
    }

    /// `record` with the events stored after its `lastSequence` applied.
    /// - Throws: `StoreError(.corruptHistory)` when an event is not the next version of this
    ///   aggregate; `.unavailable` when the read failed.
    package func catchUp(_ record: AggregateRecord<State>, id: State.ID) async throws(StoreError) -> AggregateRecord<State> {
        var record = record
        let filter = layout.filter(aggregate: id.text)
        do {
            for try await message in try await js.messages(stream: stream, subject: filter, from: record.lastSequence + 1) {
                try apply(message, to: &record, id: id)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "reading the history of \(id.text) from \(stream) failed: \(error)", underlying: error)
        }
        return record
    }

    /// The stored event is version 1 of its aggregate.
    private func startsTheHistory(_ message: StoredMessage) throws(StoreError) -> Bool {
        do {
            return try message.payload.withUnsafeReadableBytes { bytes throws(CommandDecodingError) in try codec.decodeEvent(bytes) }.sequence == 1
        } catch {
            throw StoreError(.corruptHistory, "event \(message.sequence) on \(message.subject) cannot be read: \(error)", underlying: error)
        }
    }

    /// Applies one stored event, checking it is the next version of `id`.
    private func apply(_ message: StoredMessage, to record: inout AggregateRecord<State>, id: State.ID) throws(StoreError) {
        let envelope: EventEnvelope<State.ID, State.Event>
        do {
            envelope = try message.payload.withUnsafeReadableBytes { bytes throws(CommandDecodingError) in try codec.decodeEvent(bytes) }
        } catch {
            throw StoreError(.corruptHistory, "event \(message.sequence) on \(message.subject) cannot be read: \(error)", underlying: error)
        }
        guard envelope.aggregateID == id, envelope.sequence == record.state.version + 1 else {
            throw StoreError(
                .corruptHistory,
                "event \(message.sequence) on \(message.subject) is version \(envelope.sequence) of \(envelope.aggregateID.text); expected version \(record.state.version + 1) of \(id.text)")
        }
        record.state.apply(envelope.event)
        record.lastSequence = message.sequence
        record.recent.record(envelope.causationID, version: record.state.version)
    }
}
