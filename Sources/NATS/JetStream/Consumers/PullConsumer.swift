import NIOCore
import Wire

/// A pull consumer: fetch a batch, consume continuously, and acknowledge in bulk.
public struct PullConsumer: Sendable {
    public let stream: String
    public let name: String
    /// The configuration and state when the handle was made.
    public let info: ConsumerInfo
    let js: JetStream
    let terminateWithReason: Bool

    init(js: JetStream, info: ConsumerInfo, features: JetStreamFeatures) {
        self.js = js
        self.info = info
        self.stream = info.stream
        self.name = info.name
        self.terminateWithReason = features.terminateWithReason
    }

    public var ackPolicy: AckPolicy { info.config.ackPolicy ?? .explicit }

    /// `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>`
    var nextSubject: String { js.apiPrefix + "CONSUMER.MSG.NEXT.\(stream).\(name)" }

    /// Fetches up to `batch` messages: returns when the batch is full, when `expires` passes, or
    /// at once with what is there when `noWait` is set.
    ///
    /// A fetch that fails before any message arrived throws. One that fails after some arrived
    /// returns them, with the failure in `PullBatch.error`: the messages are valid deliveries (ack
    /// them), and the error says why the batch is short. Check it; it is never dropped.
    /// - Parameters:
    ///   - maxBytes: stop once this many bytes were delivered.
    ///   - idleHeartbeat: the server sends a heartbeat at this interval while the pull waits;
    ///     two missed heartbeats end the fetch. `expires` must be at least twice as long.
    /// - Throws: `.consumerNotFound` when the consumer is deleted while fetching, `.timeout` when
    ///   the server stops answering, `.outcomeUnknown` when the connection is lost, `.closed` when
    ///   the client drains or closes, `.invalidArgument` for bad options (each only with nothing
    ///   received).
    public func fetch(
        batch: Int,
        expires: Duration = .seconds(5),
        maxBytes: Int? = nil,
        idleHeartbeat: Duration? = nil,
        noWait: Bool = false
    ) async throws -> PullBatch {
        try await fetch(batch: batch, expires: expires, maxBytes: maxBytes, idleHeartbeat: idleHeartbeat, noWait: noWait, onHeartbeat: nil)
    }

    /// `fetch`, calling `onHeartbeat` for each idle heartbeat the pull receives (a test hook).
    package func fetch(
        batch: Int,
        expires: Duration = .seconds(5),
        maxBytes: Int? = nil,
        idleHeartbeat: Duration? = nil,
        noWait: Bool = false,
        onHeartbeat: (@Sendable () -> Void)?
    ) async throws -> PullBatch {
        let request = try PullRequest(batch: batch, expires: noWait ? nil : expires, maxBytes: maxBytes, idleHeartbeat: idleHeartbeat, noWait: noWait)
        let inbox = try ReplyInbox(client: js.client)
        var messages: [JetStreamMessage] = []
        messages.reserveCapacity(min(batch, 1024))
        var failure: JetStreamError?
        do {
            inbox.watchIdle(idleHeartbeat.map { $0 * 2 } ?? (noWait ? js.timeout : expires + .seconds(2)))
            try await inbox.send(try JetStream.encode(request), to: nextSubject)
            loop: while messages.count < batch {
                switch try await inbox.next() {
                case .message(let message)?:
                    guard let status = message.status else {
                        messages.append(try JetStreamMessage(message, client: js.client, terminateWithReason: terminateWithReason))
                        continue
                    }
                    switch PullStatus(status) {
                    case .heartbeat:
                        onHeartbeat?()
                        continue
                    case .done: break loop
                    case .failed(let error):
                        failure = error
                        break loop
                    }
                case .idle?:
                    failure = JetStreamError(.timeout, "the pull from \(stream)/\(name) got neither messages nor heartbeats in time")
                    break loop
                case .connectionLost(let reason)?:
                    failure = JetStreamError(.outcomeUnknown, "the connection was lost while fetching from \(stream)/\(name)", underlying: reason)
                    break loop
                case nil:
                    failure = JetStreamError(.closed, "the client drained or closed while fetching from \(stream)/\(name)")
                    break loop
                }
            }
        } catch {
            await inbox.close()
            throw error
        }
        await inbox.close()
        if let failure, messages.isEmpty { throw failure }
        return PullBatch(messages: messages, error: failure)
    }

    /// Acknowledges the messages of `batch` in bulk: for an `all` ack policy one ack, of the highest stream
    /// sequence, covers them all; otherwise one ack each, queued under one lock and leaving in one
    /// socket write.
    public func ack(_ batch: PullBatch) async throws {
        try await ack(batch.messages)
    }

    /// Acknowledges `messages` in bulk (see `ack(_:)` for a batch).
    public func ack(_ messages: [JetStreamMessage]) async throws {
        if ackPolicy == .all {
            guard let last = messages.max(by: { $0.metadata.streamSequence < $1.metadata.streamSequence }) else { return }
            try await last.ack()
            return
        }
        guard let first = messages.first else { return }
        try await first.client.publish(JetStreamMessage.ackBody, toEach: messages.map(\.ackSubject))
    }

    /// Messages as they arrive, for as long as the sequence is iterated (see `ConsumerMessages`).
    /// - Parameters:
    ///   - batch: credit kept with the server; a new pull tops it up when half is used.
    ///   - expires: lifetime of each pull; the heartbeat is half of it, at most 30 s.
    public func messages(batch: Int = 500, expires: Duration = .seconds(30)) throws -> ConsumerMessages {
        guard batch >= 1 else { throw JetStreamError(.invalidArgument, "batch must be at least 1") }
        guard expires >= .seconds(1) else { throw JetStreamError(.invalidArgument, "expires must be at least 1 s") }
        let heartbeat = min(expires / 2, .seconds(30))
        return try ConsumerMessages(consumer: self, batch: batch, expires: expires, heartbeat: heartbeat)
    }
}

/// The body of a pull request.
struct PullRequest: Encodable, Sendable {
    var batch: Int
    var expires: NanosecondDuration?
    var maxBytes: Int?
    var idleHeartbeat: NanosecondDuration?
    var noWait: Bool?

    init(batch: Int, expires: Duration?, maxBytes: Int?, idleHeartbeat: Duration?, noWait: Bool) throws(JetStreamError) {
        guard batch >= 1 else { throw JetStreamError(.invalidArgument, "batch must be at least 1") }
        if let maxBytes, maxBytes < 1 { throw JetStreamError(.invalidArgument, "maxBytes must be positive") }
        if let idleHeartbeat {
            guard let expires, expires >= idleHeartbeat * 2 else {
                throw JetStreamError(.invalidArgument, "an idle heartbeat needs expires of at least twice the heartbeat")
            }
        }
        self.batch = batch
        self.expires = expires.map(NanosecondDuration.init)
        self.maxBytes = maxBytes
        self.idleHeartbeat = idleHeartbeat.map(NanosecondDuration.init)
        self.noWait = noWait ? true : nil
    }

    enum CodingKeys: String, CodingKey {
        case batch, expires
        case maxBytes = "max_bytes"
        case idleHeartbeat = "idle_heartbeat"
        case noWait = "no_wait"
    }
}

/// What a status reply means for a pull.
enum PullStatus {
    /// 100 Idle Heartbeat: the pull is alive.
    case heartbeat
    /// 404 No Messages, 408 Request Timeout, 409 Leadership Change / Message Size Exceeds
    /// MaxBytes / Batch Completed: this pull is over.
    case done
    case failed(JetStreamError)

    init(_ status: NATSStatus) {
        let text = status.text
        switch status.code {
        case NATSStatus.control: self = .heartbeat
        case NATSStatus.notFound, NATSStatus.requestTimeout: self = .done
        case NATSStatus.conflict:
            if text.lowercased().contains("consumer deleted") {
                self = .failed(JetStreamError(.consumerNotFound, "the consumer was deleted", status: 409))
            } else if text.lowercased().contains("exceeded max") {
                self = .failed(JetStreamError(.invalidArgument, "the pull exceeds the consumer's limits: \(text)", status: 409))
            } else {
                self = .done
            }
        default:
            self = .failed(JetStreamError(.serverError, "the pull was answered \(status)", status: Int(status.code)))
        }
    }
}
