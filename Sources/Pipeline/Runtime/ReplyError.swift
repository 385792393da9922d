import Aggregates

/// The runtime's error reply: `{"error":{"code":"…","message":"…"}}`, plus `"field"` when a field
/// is named and `"retryable":true` when sending the same command again may succeed.
package struct ReplyError: Error, Sendable, Hashable {
    package var code: String
    package var message: String
    package var field: String?
    package var retryable: Bool

    package init(code: String, message: String, field: String? = nil, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.field = field
        self.retryable = retryable
    }

    package init(_ failure: DomainFailure) {
        self.init(code: failure.code, message: failure.message, field: failure.field)
    }

    package init(_ error: CommandDecodingError) {
        self.init(code: error.code.description, message: error.message, field: error.field)
    }

    package init(_ error: StoreError) {
        switch error.code {
        case .conflict:
            self.init(code: "conflict", message: "\(error.message); the command was decided again and conflicted again", retryable: true)
        case .outcomeUnknown:
            self.init(
                code: "store_outcome_unknown",
                message: "the event store did not confirm the append (\(error.message)); sending the same command with the same Nats-Msg-Id again is safe",
                retryable: true)
        case .corruptHistory:
            self.init(code: "corrupt_history", message: error.message)
        case .notSupported:
            self.init(code: "not_supported", message: error.message)
        case .forbidden:
            // Not retryable: it takes an operator to change the service's permissions.
            self.init(code: "store_forbidden", message: "\(error.message); the service's NATS user may not store these events")
        case .tooLarge:
            self.init(code: "too_large", message: "\(error.message); nothing was stored")
        default:
            self.init(code: "store_unavailable", message: error.message, retryable: true)
        }
    }

    static func busy(shard: Int) -> ReplyError {
        ReplyError(code: "busy", message: "shard \(shard) is full; retry later", retryable: true)
    }

    /// Still queued at its deadline (`CommandDeadline`): not decided, nothing stored.
    static func deadlineExceeded(waitedNanoseconds: UInt64) -> ReplyError {
        ReplyError(
            code: "deadline_exceeded",
            message: "the command waited \(waitedNanoseconds / 1_000_000) ms in the queue, past its deadline; it was not run and nothing was stored",
            retryable: true)
    }

    static var shuttingDown: ReplyError {
        ReplyError(code: "shutting_down", message: "the service is shutting down; retry on another replica", retryable: true)
    }

    /// The JSON bytes.
    package var json: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + message.utf8.count)
        var writer = JSONWriter(bytes: bytes)
        writer.beginObject()
        writer.writeKey("error")
        writer.beginObject()
        writer.writeKey("code")
        writer.writeString(code)
        writer.writeKey("message")
        writer.writeString(message)
        if let field {
            writer.writeKey("field")
            writer.writeString(field)
        }
        if retryable {
            writer.writeKey("retryable")
            writer.writeBool(true)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
