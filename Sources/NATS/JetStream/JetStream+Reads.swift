import NIOCore
import Synchronization
import Wire

extension JetStream {
    /// The message at `sequence`, from the stream's leader (`STREAM.MSG.GET`): it sees every
    /// acknowledged write.
    /// - Throws: `.messageNotFound`, `.streamNotFound`.
    public func getMessage(stream: String, sequence: UInt64) async throws -> StoredMessage {
        try await leaderGet(stream, MessageGetRequest(seq: sequence))
    }

    /// The last message on `subject`, from the leader.
    public func getLastMessage(stream: String, subject: String) async throws -> StoredMessage {
        try await leaderGet(stream, MessageGetRequest(lastBySubject: subject))
    }

    /// The first message at or after `sequence` on `subject` (wildcards allowed), from the leader.
    public func getNextMessage(stream: String, subject: String, from sequence: UInt64) async throws -> StoredMessage {
        try await leaderGet(stream, MessageGetRequest(seq: sequence, nextBySubject: subject))
    }

    private func leaderGet(_ stream: String, _ request: MessageGetRequest) async throws -> StoredMessage {
        try Self.validateName(stream, "stream")
        let reply: MessageGetResponse = try await apiRequest("STREAM.MSG.GET.\(stream)", json: request)
        return try reply.stored()
    }

    /// The message at `sequence` by direct get: any replica answers (the stream needs
    /// `allowDirect`), so a write acknowledged a moment ago may not be visible yet.
    public func directGet(stream: String, sequence: UInt64) async throws -> StoredMessage {
        try Self.validateName(stream, "stream")
        return try await directReply(try await rawRequest("DIRECT.GET.\(stream)", body: try Self.encode(MessageGetRequest(seq: sequence))), stream)
    }

    /// The last message on `subject` by direct get (`DIRECT.GET.<stream>.<subject>`, empty body).
    public func directGetLast(stream: String, subject: String) async throws -> StoredMessage {
        try Self.validateName(stream, "stream")
        do {
            try Subject.validatePublish(subject)
        } catch {
            throw JetStreamError(.invalidArgument, "invalid subject \"\(subject)\"")
        }
        return try await directReply(try await rawRequest("DIRECT.GET.\(stream).\(subject)", body: ByteBuffer()), stream)
    }

    private func directReply(_ reply: NATSMessage, _ stream: String) async throws -> StoredMessage {
        if let status = reply.status {
            if status.code == NATSStatus.notFound { throw JetStreamError(.messageNotFound, "no message found in \(stream)", status: 404) }
            throw JetStreamError(.serverError, "direct get from \(stream) answered \(status)", status: Int(status.code))
        }
        if !reply.hasHeaders, reply.payload.readableBytes > 0, reply.payload.readableBytesView.first == UInt8(ascii: "{") {
            // An API error as JSON (e.g. a bad request).
            throw PubAck.errorReply(reply.payload)
        }
        return try StoredMessage(directReply: reply)
    }

    /// Every message on `subject` (wildcards allowed) from sequence `start`, in stream order, read
    /// in batches of `batchSize`; the sequence ends at the last message stored when the read
    /// reaches it. Never a consumer: nothing is left on the server.
    ///
    /// On 2.11+ with `allowDirect` it uses batched direct gets (one request per batch); otherwise
    /// it falls back to one leader get per message.
    public func messages(stream: String, subject: String, from start: UInt64 = 1, batchSize: Int = 256) async throws -> MessageReplay {
        try Self.validateName(stream, "stream")
        guard batchSize >= 1 else { throw JetStreamError(.invalidArgument, "batchSize must be at least 1") }
        let features = try await features()
        let direct = try await streamAllowsDirect(stream)
        return MessageReplay(js: self, stream: stream, subject: subject, start: max(start, 1), batchSize: batchSize, batched: direct && features.batchedDirectGet)
    }

    /// Whether `stream` answers direct gets; asked once per stream and remembered.
    func streamAllowsDirect(_ stream: String) async throws -> Bool {
        if let known = directStreams.withLock({ $0[stream] }) { return known }
        let allowed = try await streamInfo(stream).config.allowDirect ?? false
        directStreams.withLock { $0[stream] = allowed }
        return allowed
    }
}
