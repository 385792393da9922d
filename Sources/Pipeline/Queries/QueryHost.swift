import Aggregates
import Logging
import NATS
import NIOCore
import Synchronization
import Wire

/// Serves a domain's queries from its read model (`QueryModel`): the model is fed every event of
/// the stream, in order, by a consumer of this replica's own, and each query is answered once the
/// model has applied everything the stream held when the query arrived, so a client that saw its
/// command acknowledged also sees its effect. A query never replays a stream.
///
/// A replica that starts (or lost its consumer) reads from where its model stopped: from the
/// first event at start-up, from the next sequence after a reconnection.
package final class QueryHost<Model: QueryModel>: Sendable {
    package typealias Codec = Model.Codec

    struct State: Sendable {
        var model = Model()
        /// The stream sequence of the last message the model has seen (applied or skipped).
        var applied: UInt64 = 0
        /// Set when an event could not be read: the model would answer wrongly from now on.
        var failure: String?
        /// Queries waiting for the model to reach a sequence, by id.
        var waiting: [UInt64: Waiting] = [:]
        var nextWaiterID: UInt64 = 0
    }

    struct Waiting: Sendable {
        var target: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    let codec: Codec
    let stream: String
    let prefix: String
    let js: JetStream
    let logger: Logger
    let state = Mutex(State())
    /// The feed's current consumer messages, and whether it was stopped.
    let feeding = Mutex<(stopped: Bool, messages: ConsumerMessages?)>((false, nil))
    /// How long a query waits for the model to reach the stream's end before it is refused.
    let catchUpTimeout: Duration

    /// - Throws: `JetStreamError` when JetStream cannot be used on `client`.
    package init(codec: Codec, stream: String, client: NATSClient, logger: Logger, catchUpTimeout: Duration = .seconds(5)) throws {
        self.codec = codec
        self.stream = stream
        self.prefix = codec.eventSubjectPrefix
        self.js = try JetStream(client: client, logger: logger)
        self.logger = logger
        self.catchUpTimeout = catchUpTimeout
    }

    /// The query verbs, e.g. `evaluate`.
    package var verbs: [String] { Model.queryVerbs }

    /// The stream sequence the model has reached.
    package var applied: UInt64 { state.withLock { $0.applied } }

    // MARK: Answering

    /// Answers one query request (when it has a reply subject).
    package func answer(_ message: NATSMessage) async {
        let result = await answer(verb: CommandSubject.verb(of: message.subjectString), payload: message.payload)
        guard let replyTo = message.replyToString else { return }
        let bytes: [UInt8]
        switch result {
        case .success(let answer): bytes = answer
        case .failure(let error): bytes = error.json
        }
        do {
            try await js.client.publish(ByteBuffer(bytes: bytes), to: replyTo)
        } catch {
            logger.warning("the answer to a query could not be sent", metadata: ["subject": "\(message.subjectString)", "error": "\(error)"])
        }
    }

    /// The model's answer once it has caught up with the stream.
    package func answer(verb: String, payload: ByteBuffer) async -> Result<[UInt8], ReplyError> {
        let end: UInt64
        do {
            end = try await js.streamInfo(stream).state.lastSequence
        } catch {
            return .failure(ReplyError(code: "store_unavailable", message: "reading the end of \(stream) failed: \(error)", retryable: true))
        }
        if let refusal = await waitUntilApplied(end) { return .failure(refusal) }
        let now = WallClock.now()
        return state.withLock { state -> Result<[UInt8], ReplyError> in
            var bytes: [UInt8] = []
            do throws(QueryError) {
                try payload.withUnsafeReadableBytes { (raw) throws(QueryError) in try state.model.answer(verb: verb, payload: raw, at: now, into: &bytes) }
                return .success(bytes)
            } catch {
                return .failure(ReplyError(error.failure))
            }
        }
    }

    /// Waits until the model has seen `sequence`; the refusal when it failed or ran out of time.
    /// One continuation per query, resumed by the feed's progress or by a timer on the event loop.
    func waitUntilApplied(_ sequence: UInt64) async -> ReplyError? {
        let reached: Bool = await withCheckedContinuation { continuation in
            let id = state.withLock { state -> UInt64? in
                if state.applied >= sequence || state.failure != nil { return nil }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                state.waiting[id] = Waiting(target: sequence, continuation: continuation)
                return id
            }
            guard let id else {
                continuation.resume(returning: true)
                return
            }
            js.client.eventLoop.scheduleTask(in: .nanoseconds(Int64(NanosecondDuration(catchUpTimeout).nanoseconds))) {
                self.state.withLock { $0.waiting.removeValue(forKey: id) }?.continuation.resume(returning: false)
            }
        }
        let (applied, failure) = state.withLock { ($0.applied, $0.failure) }
        if let failure { return ReplyError(code: "read_model_failed", message: failure) }
        if reached || applied >= sequence { return nil }
        return ReplyError(
            code: "not_caught_up", message: "the read model has not yet applied the stream up to sequence \(sequence) (it is at \(applied)); retry",
            retryable: true)
    }
}

/// What the runtime needs of a `QueryHost`, whatever its model.
package protocol QueryServing<Codec>: Sendable {
    associatedtype Codec: DomainCodec
    /// The query verbs: requests on `<domain>.commands.<verb>` are queries, not commands.
    var verbs: [String] { get }
    /// Answers one query request.
    func answer(_ message: NATSMessage) async
    /// Feeds the read model until `stop()`.
    func feed() async
    /// Ends `feed()`.
    func stop() async
}

extension QueryHost: QueryServing {}
