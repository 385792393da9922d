import Logging
import NATS
import NIOCore

/// Work a reactor has in flight, one key per piece (`<aggregate id>.<work id>`), in a KV bucket
/// of the domain's stream: a replica that starts lists it to find work a stopped replica left
/// open (Agent: a reply stream cut by a `kill -9`), and ends it the domain's way.
package struct OpenWorkRegistry: Sendable {
    let kv: KeyValue

    /// `<stream>_OPEN_WORK`.
    package static func bucketName(stream: String) -> String { "\(stream)_OPEN_WORK" }

    /// Ensures the bucket (one entry per key, `replicas` like the stream's).
    package static func prepare(js: JetStream, stream: String, replicas: Int) async throws -> OpenWorkRegistry {
        var config = KeyValueConfig(bucket: bucketName(stream: stream), history: 1)
        config.replicas = replicas
        return OpenWorkRegistry(kv: try await js.ensureKeyValue(config))
    }

    /// The key of work `work` of aggregate `aggregate`.
    package static func key(aggregate: String, work: String) -> String { "\(aggregate).\(work)" }

    /// Records that the work started.
    package func begin(_ key: String, _ value: ByteBuffer = ByteBuffer()) async throws {
        _ = try await kv.put(key, value)
    }

    /// Records that the work ended (its entry purged).
    package func end(_ key: String) async throws {
        try await kv.purge(key)
    }

    /// The work recorded as started and not ended.
    package func open() async throws -> [String] {
        try await kv.keys()
    }
}
