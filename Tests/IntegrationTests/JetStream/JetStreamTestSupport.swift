import Foundation
import NIOCore
import NATS
import TestSupport
import Testing
import Wire

/// Runs `body` with a client and a JetStream context on `server`.
func withJetStream<T: Sendable>(
    _ server: NATSServer,
    _ adjust: (inout NATSClientConfiguration) -> Void = { _ in },
    _ body: (JetStream, NATSClient) async throws -> T
) async throws -> T {
    try await withClient(server, adjust) { client in
        let js = try JetStream(client: client, timeout: .seconds(5))
        return try await body(js, client)
    }
}

/// Debian's nats-server 2.9.10, when installed: the older server the replay, OCC and KV paths
/// must also work against.
var debianServerInstalled: Bool {
    FileManager.default.isExecutableFile(atPath: NATSServer.debianExecutable)
}

func debianOptions() -> NATSServer.Options {
    var options = NATSServer.Options()
    options.executable = NATSServer.debianExecutable
    return options
}

/// A `StreamConfig` for tests: file storage unless said otherwise.
func testStream(_ name: String, subjects: [String], storage: StorageType = .file, _ adjust: (inout StreamConfig) -> Void = { _ in }) -> StreamConfig {
    var config = StreamConfig(name: name, subjects: subjects, storage: storage)
    adjust(&config)
    return config
}
