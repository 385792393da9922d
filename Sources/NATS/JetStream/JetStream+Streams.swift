import Foundation
import Logging
import NIOCore
import Wire

extension JetStream {
    /// Creates a stream; fails with `.streamNameInUse` when one exists with another configuration.
    /// The returned configuration is checked against `config`: an option the server accepted and
    /// ignored (an older server) fails with `.featureUnavailable` after the stream is created.
    public func createStream(_ config: StreamConfig) async throws -> StreamInfo {
        try Self.validateName(config.name, "stream")
        let info: StreamInfo = try await apiRequest("STREAM.CREATE.\(config.name)", json: config)
        try checkApplied(config, info: info)
        return info
    }

    /// Replaces a stream's configuration with `config` (fields left nil take the server's defaults).
    public func updateStream(_ config: StreamConfig) async throws -> StreamInfo {
        try Self.validateName(config.name, "stream")
        let info: StreamInfo = try await apiRequest("STREAM.UPDATE.\(config.name)", json: config)
        try checkApplied(config, info: info)
        return info
    }

    public func streamInfo(_ name: String) async throws -> StreamInfo {
        try Self.validateName(name, "stream")
        return try await apiRequest("STREAM.INFO.\(name)")
    }

    /// Asks the leader of a replicated stream to step down (`STREAM.LEADER.STEPDOWN`): another
    /// replica is elected. For operators and fault drills (`cim-bench chaos`).
    package func stepDownStreamLeader(_ name: String) async throws {
        try Self.validateName(name, "stream")
        let _: SuccessResponse = try await apiRequest("STREAM.LEADER.STEPDOWN.\(name)")
    }

    public func deleteStream(_ name: String) async throws {
        try Self.validateName(name, "stream")
        let _: SuccessResponse = try await apiRequest("STREAM.DELETE.\(name)")
    }

    /// Removes messages: all, those on `subject` (wildcards allowed), those below `sequence`, or
    /// all but the newest `keep`. Returns how many were removed.
    @discardableResult
    public func purgeStream(_ name: String, subject: String? = nil, upToSequence sequence: UInt64? = nil, keep: UInt64? = nil) async throws -> UInt64 {
        try Self.validateName(name, "stream")
        struct Purge: Encodable {
            var filter: String?
            var seq: UInt64?
            var keep: UInt64?
        }
        if sequence != nil, keep != nil {
            throw JetStreamError(.invalidArgument, "purge takes either a sequence or a keep count, not both")
        }
        let reply: PurgeResponse = try await apiRequest("STREAM.PURGE.\(name)", json: Purge(filter: subject, seq: sequence, keep: keep))
        return reply.purged
    }

    /// Names of every stream, or of those capturing `subject`; all pages.
    public func streamNames(subject: String? = nil) async throws -> [String] {
        try await allPages("STREAM.NAMES", subject: subject) { (page: StreamNamesPage) in (page.streams ?? [], page.total) }
    }

    /// Every stream's information, or of those capturing `subject`; all pages.
    public func streams(subject: String? = nil) async throws -> [StreamInfo] {
        try await allPages("STREAM.LIST", subject: subject) { (page: StreamListPage) in (page.streams ?? [], page.total) }
    }

    /// Requests `offset`-paged replies until `total` items are in.
    private func allPages<Page: Decodable, Item>(
        _ api: String,
        subject: String?,
        _ items: (Page) -> ([Item], Int)
    ) async throws -> [Item] {
        var all: [Item] = []
        while true {
            let page: Page = try await apiRequest(api, json: PageRequest(offset: all.count, subject: subject))
            let (batch, total) = items(page)
            all += batch
            if batch.isEmpty || all.count >= total { return all }
        }
    }

    /// Makes sure a stream exists with `config`: creates it when missing; when it exists, compares
    /// the fields `config` sets with the server's, updates compatible drift (limits, subjects,
    /// flags) and keeps every field `config` leaves nil as it is.
    /// - Throws: `.incompatibleConfiguration` naming the fields when the drift is one an update
    ///   cannot change (storage, retention to or from work queue, cancelling deny-delete/purge or
    ///   message TTLs); `.featureUnavailable` when the server ignores a wanted option.
    @discardableResult
    public func ensureStream(_ config: StreamConfig) async throws -> StreamInfo {
        try Self.validateName(config.name, "stream")
        let current: StreamInfo
        let raw: ByteBuffer
        do {
            let reply = try await rawRequest("STREAM.INFO.\(config.name)", body: ByteBuffer())
            raw = reply.payload
            current = try decodeReply(StreamInfo.self, raw, subject: "STREAM.INFO.\(config.name)")
        } catch let error as JetStreamError where error.code == .streamNotFound {
            do {
                return try await createStream(config)
            } catch let error as JetStreamError where error.code == .streamNameInUse {
                // Created concurrently by another replica: compare with that one.
                return try await ensureStream(config)
            }
        }
        let drift = try ConfigDrift(wanted: config, current: current.config)
        if drift.fields.isEmpty { return current }
        if !drift.incompatible.isEmpty {
            throw JetStreamError(
                .incompatibleConfiguration,
                "stream \(config.name) exists with a configuration an update cannot change: "
                    + drift.incompatible.map { "\($0.field) is \($0.current), wanted \($0.wanted)" }.joined(separator: "; ")
                    + ". Delete or migrate the stream."
            )
        }
        logger.info(
            "updating stream configuration",
            metadata: ["stream": "\(config.name)", "fields": "\(drift.fields.map(\.field).joined(separator: ","))"]
        )
        let info: StreamInfo = try await apiRequest("STREAM.UPDATE.\(config.name)", body: try drift.mergedUpdate(currentReply: raw))
        try checkApplied(config, info: info)
        return info
    }

    /// Fails when a field `wanted` sets is not what the server now holds: an older server that
    /// does not know an option accepts the request and drops it.
    func checkApplied(_ wanted: StreamConfig, info: StreamInfo) throws {
        let drift = try ConfigDrift(wanted: wanted, current: info.config)
        guard !drift.fields.isEmpty else { return }
        let version = client.serverInfo?.version ?? "unknown"
        throw JetStreamError(
            .featureUnavailable,
            "nats-server \(version) did not apply to stream \(wanted.name): "
                + drift.fields.map { "\($0.field) (wanted \($0.wanted), got \($0.current))" }.joined(separator: ", ")
                + "; the server is too old for these options"
        )
    }
}

/// The body of a paged list request.
struct PageRequest: Encodable, Sendable {
    var offset: Int
    var subject: String?
}
