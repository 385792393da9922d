import NIOCore
import Synchronization
import Wire

/// A KV bucket on JetStream: get, put, create, compare-and-set update, delete, purge, history.
/// Made by `JetStream.ensureKeyValue(_:)` or `JetStream.keyValue(_:)`.
///
/// Revisions are stream sequences. `update(_:_:revision:)` stores only when the key's last
/// revision is still `revision` (`Nats-Expected-Last-Subject-Sequence`), so two writers racing on
/// one key cannot both win: the loser gets `JetStreamError(.wrongLastSequence)` carrying the
/// current revision.
public struct KeyValue: Sendable {
    public let bucket: String
    let js: JetStream
    let stream: String
    /// `$KV.<bucket>.`
    let prefix: String

    init(js: JetStream, bucket: String) {
        self.js = js
        self.bucket = bucket
        self.stream = "KV_\(bucket)"
        self.prefix = "$KV.\(bucket)."
    }

    static let operationHeader = "KV-Operation"

    /// The key's current value; nil when it was never set, or was deleted or purged.
    /// Reads by direct get (any replica); pass `consistent: true` to ask the stream leader, which
    /// sees every acknowledged write.
    public func get(_ key: String, consistent: Bool = false) async throws -> KeyValueEntry? {
        guard let entry = try await lastEntry(key, consistent: consistent), entry.operation == .put else { return nil }
        return entry
    }

    /// The value stored at `revision`; nil when that revision is another key's or a deletion.
    public func get(_ key: String, revision: UInt64) async throws -> KeyValueEntry? {
        try Self.validateKey(key)
        do {
            let message = try await js.getMessage(stream: stream, sequence: revision)
            guard message.subject == prefix + key else { return nil }
            let entry = entry(key, message)
            return entry.operation == .put ? entry : nil
        } catch let error as JetStreamError where error.code == .messageNotFound {
            return nil
        }
    }

    /// The last entry of `key`, deletion markers included.
    func lastEntry(_ key: String, consistent: Bool) async throws -> KeyValueEntry? {
        try Self.validateKey(key)
        // Direct gets need the bucket's `allow_direct` (set by every client that makes buckets;
        // a bucket made without it is read from the leader).
        let direct = !consistent && (js.directStreams.withLock { $0[stream] } ?? true)
        do {
            let message =
                direct
                ? try await js.directGetLast(stream: stream, subject: prefix + key)
                : try await js.getLastMessage(stream: stream, subject: prefix + key)
            return entry(key, message)
        } catch let error as JetStreamError where error.code == .messageNotFound {
            return nil
        }
    }

    /// Stores `value` whatever the key holds; returns the new revision.
    @discardableResult
    public func put(_ key: String, _ value: ByteBuffer) async throws -> UInt64 {
        try Self.validateKey(key)
        return try await js.publish(value, to: prefix + key).sequence
    }

    /// Stores `value` only if the key has no value (never set, deleted or purged).
    /// - Throws: `JetStreamError(.wrongLastSequence)` when the key has a value.
    @discardableResult
    public func create(_ key: String, _ value: ByteBuffer) async throws -> UInt64 {
        do {
            return try await update(key, value, revision: 0)
        } catch let error as JetStreamError where error.code == .wrongLastSequence {
            // A deletion marker is the last entry: replace it with a guarded update.
            if let last = try await lastEntry(key, consistent: true), last.operation != .put {
                return try await update(key, value, revision: last.revision)
            }
            throw error
        }
    }

    /// Stores `value` only if the key's last revision is `revision` (compare-and-set).
    /// - Throws: `JetStreamError(.wrongLastSequence)` with `currentSequence` = the key's current
    ///   revision when another write came first.
    @discardableResult
    public func update(_ key: String, _ value: ByteBuffer, revision: UInt64) async throws -> UInt64 {
        try Self.validateKey(key)
        return try await js.publish(value, to: prefix + key, options: PublishOptions(expectedLastSubjectSequence: revision)).sequence
    }

    /// Marks the key deleted (history is kept); with `revision`, only if that is still its last.
    public func delete(_ key: String, revision: UInt64? = nil) async throws {
        try Self.validateKey(key)
        let options = PublishOptions(expectedLastSubjectSequence: revision, headers: [Self.operationHeader: KeyValueOperation.delete.rawValue])
        _ = try await js.publish(ByteBuffer(), to: prefix + key, options: options)
    }

    /// Deletes the key and its history (a rollup leaves only the purge marker).
    public func purge(_ key: String, revision: UInt64? = nil) async throws {
        try Self.validateKey(key)
        var headers = NATSHeaderFields()
        headers.append(Self.operationHeader, KeyValueOperation.purge.rawValue)
        headers.append(PublishOptions.HeaderName.rollup, "sub")
        _ = try await js.publish(ByteBuffer(), to: prefix + key, options: PublishOptions(expectedLastSubjectSequence: revision, headers: headers))
    }

    /// Every entry the bucket still holds for `key`, oldest first, deletions included.
    public func history(_ key: String) async throws -> [KeyValueEntry] {
        try Self.validateKey(key)
        var entries: [KeyValueEntry] = []
        for try await message in try await js.messages(stream: stream, subject: prefix + key) {
            entries.append(entry(key, message))
        }
        return entries
    }

    func entry(_ key: String, _ message: StoredMessage) -> KeyValueEntry {
        var operation = KeyValueOperation.put
        if let headers = message.headers {
            if let text = headers[Self.operationHeader], let kind = KeyValueOperation(rawValue: text) {
                operation = kind
            } else if let reason = headers["Nats-Marker-Reason"] {
                // Server-made markers (2.11+ limit markers): Remove is a delete, MaxAge/Purge a purge.
                operation = reason == "Remove" ? .delete : .purge
            }
        }
        return KeyValueEntry(bucket: bucket, key: key, value: message.payload, revision: message.sequence, created: message.time, operation: operation)
    }

    // MARK: Names

    /// Keys: `-/_=.a-zA-Z0-9`, not starting or ending with `.`, no `..`.
    static func validateKey(_ key: String) throws(JetStreamError) {
        let bytes = key.utf8
        let allowed = bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
        guard !key.isEmpty, allowed, bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: "."), !key.contains("..") else {
            throw JetStreamError(.invalidArgument, "invalid KV key \"\(key)\": use letters, digits and - / _ = . (not at the ends, never ..)")
        }
    }

    /// Buckets: `a-zA-Z0-9_-`.
    static func validateBucket(_ bucket: String) throws(JetStreamError) {
        let allowed = bucket.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }
        guard !bucket.isEmpty, allowed else {
            throw JetStreamError(.invalidArgument, "invalid KV bucket name \"\(bucket)\": use letters, digits, - and _")
        }
    }
}

extension JetStream {
    /// Makes sure the bucket exists with `config` (see `ensureStream`) and returns it.
    public func ensureKeyValue(_ config: KeyValueConfig) async throws -> KeyValue {
        try KeyValue.validateBucket(config.bucket)
        guard (1...64).contains(config.history) else {
            throw JetStreamError(.invalidArgument, "KV history must be between 1 and 64, not \(config.history)")
        }
        _ = try await ensureStream(config.streamConfig)
        directStreams.withLock { $0["KV_\(config.bucket)"] = true }
        return KeyValue(js: self, bucket: config.bucket)
    }

    /// An existing bucket.
    /// - Throws: `.streamNotFound` when there is no such bucket.
    public func keyValue(_ bucket: String) async throws -> KeyValue {
        try KeyValue.validateBucket(bucket)
        _ = try await streamAllowsDirect("KV_\(bucket)")
        return KeyValue(js: self, bucket: bucket)
    }

    public func deleteKeyValue(_ bucket: String) async throws {
        try KeyValue.validateBucket(bucket)
        try await deleteStream("KV_\(bucket)")
        directStreams.withLock { $0["KV_\(bucket)"] = nil }
    }
}
