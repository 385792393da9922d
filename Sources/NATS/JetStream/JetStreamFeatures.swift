import Foundation
import NIOCore
import Synchronization
import Wire

/// What the connected server's JetStream supports, from its API level (`$JS.API.INFO`, 2.11+)
/// and its version (INFO).
public struct JetStreamFeatures: Sendable, Hashable {
    /// 0 before 2.11; 1 = 2.11, 2 = 2.12, 4 = 2.14.
    public var apiLevel: Int
    public var serverVersion: ServerVersion

    public init(apiLevel: Int, serverVersion: ServerVersion) {
        self.apiLevel = apiLevel
        self.serverVersion = serverVersion
    }

    /// Atomic batch publish (2.12+, API level 2).
    public var atomicBatch: Bool { apiLevel >= 2 }
    /// Batched direct get with `Nats-Num-Pending` and an end-of-batch status (2.11+).
    public var batchedDirectGet: Bool { apiLevel >= 1 }
    /// `Nats-Expected-Last-Subject-Sequence-Subject` (2.11+).
    public var lastSubjectSequenceSubject: Bool { apiLevel >= 1 }
    /// Per-message TTL and subject delete markers (2.11+).
    public var messageTTL: Bool { apiLevel >= 1 }
    /// `+TERM <reason>` (2.10.4+).
    public var terminateWithReason: Bool { serverVersion >= ServerVersion(2, 10, 4) }
    /// `action` in consumer create, so create and update can be told apart (2.10+).
    public var consumerAction: Bool { serverVersion >= ServerVersion(2, 10, 0) }
    /// The server rejects unknown JSON fields (2.12+); older ones drop them silently.
    public var strictJSON: Bool { apiLevel >= 2 }
}

/// A server version `major.minor.patch` (a pre-release suffix is ignored).
public struct ServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `2.15.1`, `v2.10.4`, `2.15.0-dev`; nil when it is not a version.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.first == "v" { text = text.dropFirst() }
        let core = text.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".").map { Int($0) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { return nil }
        self.init(major, minor, parts.count > 2 ? parts[2] ?? 0 : 0)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}

extension JetStream {
    /// The account's JetStream usage and API level.
    public func accountInfo() async throws -> AccountInfo {
        try await apiRequest("INFO")
    }

    /// What the server supports; read once per `JetStream` and cached. Call `refreshFeatures()`
    /// after connecting to another server of a mixed-version cluster.
    public func features() async throws -> JetStreamFeatures {
        if let cached = cachedFeatures.withLock({ $0 }) { return cached }
        return try await refreshFeatures()
    }

    @discardableResult
    public func refreshFeatures() async throws -> JetStreamFeatures {
        let info = try await accountInfo()
        let version = client.serverInfo.flatMap { ServerVersion($0.version) } ?? ServerVersion(0, 0, 0)
        let features = JetStreamFeatures(apiLevel: info.api.level ?? 0, serverVersion: version)
        cachedFeatures.withLock { $0 = features }
        return features
    }

    /// Throws `.featureUnavailable` naming `what` when `supported` is false.
    func require(_ supported: (JetStreamFeatures) -> Bool, _ what: String) async throws {
        let features = try await features()
        guard supported(features) else {
            throw JetStreamError(.featureUnavailable, "\(what) is not supported by nats-server \(features.serverVersion) (JetStream API level \(features.apiLevel))")
        }
    }
}
