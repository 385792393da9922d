import Aggregates
import Foundation
import Logging
import NATS
import NIOCore
import ServiceLifecycle
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// A domain's runtime on a real server: its own intake and store connections, run in a
/// `ServiceGroup` that the harness shuts down gracefully at the end.
struct RuntimeHarness<Codec: DomainCodec>: Sendable {
    let runtime: DomainRuntime<Codec>
    let group: ServiceGroup
    let finished: Task<Result<Void, any Error>, Never>

    /// Starts a runtime and waits until it serves.
    ///
    /// - Parameters:
    ///   - storeServer: where the store connection goes (default: `server`, with intake).
    ///   - now: the runtime's clock (default: the monotonic clock).
    static func start(
        _ server: NATSServer, codec: Codec, _ configuration: RuntimeConfiguration, metrics: ServiceMetrics? = nil,
        extras: ServiceHost.Extras<Codec> = ServiceHost.Extras(), storeServer: NATSServer? = nil,
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }
    ) async throws -> RuntimeHarness {
        var logger = Logger(label: "test.\(codec.domain)-runtime")
        logger.logLevel = ProcessInfo.processInfo.environment["CIM_TEST_LOG"] == nil ? .critical : .debug
        var nats = try NATSClientConfiguration(url: server.url)
        nats.name = "test-intake"
        let intake = try NATSClient(configuration: nats, logger: logger)
        if let storeServer { nats = try NATSClientConfiguration(url: storeServer.url) }
        nats.name = "test-store"
        let store = try NATSClient(configuration: nats, logger: logger)
        let phases = Announcements<RuntimeStatus.Phase>()
        let status = RuntimeStatus(onChange: { phases.announce($0) })
        let runtime = DomainRuntime(
            codec: codec, configuration: configuration, intake: intake, store: store, metrics: metrics, status: status, logger: logger,
            reactor: try extras.reactor?(store, logger), queries: try extras.queries?(intake, logger), now: now)
        let group = ServiceGroup(services: [intake, store, runtime], logger: logger)
        let finished = Task { () -> Result<Void, any Error> in
            do {
                try await group.run()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        // Woken by each change of the runtime's phase, not polled.
        var phase = RuntimeStatus.Phase.starting
        do {
            while phase == .starting { phase = try await phases.next(within: .seconds(30), "the runtime to serve") }
        } catch {
            await group.triggerGracefulShutdown()
            _ = await finished.value
            throw error
        }
        guard phase == .serving else {
            await group.triggerGracefulShutdown()
            _ = await finished.value
            throw RuntimeTestError("the runtime did not start: \(runtime.status.notReadyReasons)")
        }
        return RuntimeHarness(runtime: runtime, group: group, finished: finished)
    }

    /// Shuts down gracefully; throws what the runtime threw.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await finished.value.get()
    }

    /// Runs `body` with a started runtime and stops it afterwards (also when `body` throws).
    static func with<T: Sendable>(
        _ server: NATSServer, codec: Codec, _ configuration: RuntimeConfiguration, metrics: ServiceMetrics? = nil,
        extras: ServiceHost.Extras<Codec> = ServiceHost.Extras(), _ body: (RuntimeHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(server, codec: codec, configuration, metrics: metrics, extras: extras)
        let result: T
        do {
            result = try await body(harness)
        } catch {
            try? await harness.stop()
            throw error
        }
        try await harness.stop()
        return result
    }
}

/// The Person runtime (most runtime tests host Person).
typealias PersonRuntimeHarness = RuntimeHarness<PersonCodec>

extension RuntimeHarness where Codec == PersonCodec {
    static func configuration(_ adjust: (inout RuntimeConfiguration) -> Void = { _ in }) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(domain: "person", streamName: "PERSON_EVENTS", shards: 2)
        configuration.drainTimeoutSeconds = 10
        adjust(&configuration)
        return configuration
    }

    static func start(_ server: NATSServer, _ configuration: RuntimeConfiguration, metrics: ServiceMetrics? = nil) async throws -> RuntimeHarness {
        try await start(server, codec: PersonCodec(), configuration, metrics: metrics)
    }

    static func with<T: Sendable>(
        _ server: NATSServer, _ configuration: RuntimeConfiguration = configuration(), metrics: ServiceMetrics? = nil,
        _ body: (RuntimeHarness) async throws -> T
    ) async throws -> T {
        try await with(server, codec: PersonCodec(), configuration, metrics: metrics, body)
    }
}

struct RuntimeTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with a plain client (the requester) and a JetStream context on it.
func withRequester<T: Sendable>(_ server: NATSServer, _ body: (NATSClient, JetStream) async throws -> T) async throws -> T {
    try await withRequester(configuration: try NATSClientConfiguration(url: server.url), body)
}

/// Runs `body` with a client of `configuration` (the requester) and a JetStream context on it.
func withRequester<T: Sendable>(configuration: NATSClientConfiguration, _ body: (NATSClient, JetStream) async throws -> T) async throws -> T {
    let client = try NATSClient(configuration: configuration)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        do {
            try await client.waitUntilConnected(timeout: .seconds(10))
            let result = try await body(client, try JetStream(client: client))
            client.close()
            return result
        } catch {
            client.close()
            throw error
        }
    }
}

/// Person command JSON, as a client writes it.
enum PersonJSON {
    static let name = #"{"components":{"given_names":["Ada"],"family_names":["Lovelace"],"patronymic":null,"matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#
    static let otherName = #"{"components":{"given_names":["Augusta","Ada"],"family_names":["King"],"prefixes":["Countess"],"suffixes":[]},"naming_convention":"Western"}"#

    static func create(_ id: String, name: String = name) -> String {
        #"{"CreatePerson":{"person_id":{"id":"\#(id)"},"name":\#(name),"source":"test"}}"#
    }

    static func updateName(_ id: String, name: String = otherName, reason: String? = "married") -> String {
        let reasonJSON = reason.map { "\"\($0)\"" } ?? "null"
        return #"{"UpdateName":{"person_id":{"id":"\#(id)"},"name":\#(name),"reason":\#(reasonJSON)}}"#
    }

    static func attribute(height: Double) -> String {
        #"{"attribute_type":{"Physical":"Height"},"value":{"Length":\#(height)},"temporal":{"recorded_at":"2025-11-09T19:00:00Z","valid_from":"2020-01-01","valid_until":null},"provenance":{"source":"Measured","confidence":"Certain","recorded_by":null,"trace":[]}}"#
    }
}

/// A command's reply, read from its JSON.
struct CommandReply: Sendable, CustomStringConvertible {
    var errorCode: String?
    var errorField: String?
    var version: Int?
    var eventsGenerated: Int?
    var aggregateID: String?
    var text: String

    init(_ bytes: Data) throws {
        text = String(decoding: bytes, as: UTF8.self)
        guard let object = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
            throw RuntimeTestError("the reply is not a JSON object: \(text)")
        }
        let error = object["error"] as? [String: Any]
        errorCode = error?["code"] as? String
        errorField = error?["field"] as? String
        version = object["version"] as? Int
        eventsGenerated = object["events_generated"] as? Int
        aggregateID = (object["aggregate_id"] as? [String: Any])?["id"] as? String
    }

    var description: String { text }
}

extension NATSClient {
    /// Sends a command and returns its reply.
    func command(
        _ json: String, subject: String = "person.commands.x", id: String? = nil, headers extra: [(String, String)] = [], timeout: Duration = .seconds(10)
    ) async throws -> CommandReply {
        var headers: NATSHeaderFields?
        if id != nil || !extra.isEmpty {
            var fields = NATSHeaderFields()
            if let id { fields.append("Nats-Msg-Id", id) }
            for (name, value) in extra { fields.append(name, value) }
            headers = fields
        }
        let reply = try await request(ByteBuffer(string: json), to: subject, headers: headers, timeout: timeout)
        return try CommandReply(Data(reply.payload.readableBytesView))
    }
}

/// The stored events of one person, read back in order.
func storedEvents(_ js: JetStream, _ id: String, layout: String = "person.events.\(UUIDs.placeholder).>") async throws -> [(subject: String, json: [String: Any])] {
    var events: [(String, [String: Any])] = []
    for try await message in try await js.messages(stream: "PERSON_EVENTS", subject: layout.replacingOccurrences(of: UUIDs.placeholder, with: id)) {
        let object = try JSONSerialization.jsonObject(with: Data(message.payload.readableBytesView)) as? [String: Any] ?? [:]
        events.append((message.subject, object))
    }
    return events
}

enum UUIDs {
    static let placeholder = "{id}"
    static func make() -> String { UUID().uuidString.lowercased() }
}
