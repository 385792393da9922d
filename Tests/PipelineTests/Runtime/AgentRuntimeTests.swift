import Aggregates
import Foundation
import Logging
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// The Agent service's runtime against a real nats-server: the lifecycle, a reply streamed by the
/// Mock provider as chunk events off the command path, a drain that ends a reply in flight as
/// `interrupted`, and a reply left open by a replica that stopped ended by another's sweep.
@Suite struct AgentRuntimeTests {
    static func configuration() -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(domain: "agent", streamName: "AGENT_EVENTS", shards: 2)
        configuration.drainTimeoutSeconds = 10
        return configuration
    }

    static func extras(_ provider: any ChatProvider = MockChatProvider(), idleLimitSeconds: Int = 30) -> ServiceHost.Extras<AgentCodec> {
        ServiceHost.Extras(reactor: { client, logger in
            ResponseStreamer(provider: provider, client: client, stream: "AGENT_EVENTS", replicas: 1, idleLimitSeconds: idleLimitSeconds, logger: logger)
        })
    }

    /// Deploys, configures the mock model and activates `agent`.
    static func operational(_ agent: String, _ client: NATSClient) async throws {
        let person = UUIDs.make()
        for (verb, json) in [
            ("deploy", #"{"type":"DeployAgent","agent_id":"\#(agent)","person_id":"\#(person)","name":"sage"}"#),
            ("configure_model", #"{"type":"ConfigureModel","agent_id":"\#(agent)","config":{"provider":"mock","model_name":"mock-1","temperature":0.7,"top_p":1.0,"max_tokens":256,"frequency_penalty":0.0,"presence_penalty":0.0}}"#),
            ("activate", #"{"type":"ActivateAgent","agent_id":"\#(agent)"}"#),
        ] {
            let reply = try await client.agentCommand(verb, json)
            #expect(reply["status"] as? String == "ok", "\(verb): \(reply)")
        }
    }

    static func subjects(_ js: JetStream, _ filter: String) async throws -> [String] {
        try await js.messages(stream: "AGENT_EVENTS", subject: filter).reduce(into: [String]()) { $0.append($1.subject) }
    }

    static func failure(_ js: JetStream, agent: String, message: String) async throws -> [String: Any]? {
        let stored = try await js.messages(stream: "AGENT_EVENTS", subject: "agent.events.\(agent).message.\(message).failed").reduce(into: [ByteBuffer]()) { $0.append($1.payload) }
        guard let first = stored.first else { return nil }
        let envelope = try JSONSerialization.jsonObject(with: Data(first.readableBytesView)) as? [String: Any]
        return envelope?["event"] as? [String: Any]
    }

    @Test func aReplyIsStreamedAsChunkEventsAfterTheAnswer() async throws {
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(server, codec: AgentCodec(), Self.configuration(), extras: Self.extras()) { _ in
                try await withRequester(server) { client, js in
                    let agent = UUIDs.make(), message = UUIDs.make()
                    try await Self.operational(agent, client)
                    let sent = try await client.agentCommand(
                        "send_message", #"{"type":"SendMessage","agent_id":"\#(agent)","message_id":"\#(message)","content":"hello there world"}"#)
                    #expect(sent["status"] as? String == "ok", "\(sent)")
                    #expect(sent["version"] as? Int == 4, "answered once MessageSent is stored")
                    try await eventually("the reply to complete") {
                        try await !Self.subjects(js, "agent.events.\(agent).message.\(message).completed").isEmpty
                    }
                    let prefix = "agent.events.\(agent).message.\(message)"
                    let words = ["[Mock] ", "Response ", "to: ", "hello ", "there ", "world"]
                    #expect(
                        try await Self.subjects(js, "\(prefix).>") == ["\(prefix).sent"] + words.indices.map { "\(prefix).chunk.\($0)" } + ["\(prefix).completed"])
                    var text = ""
                    for try await stored in try await js.messages(stream: "AGENT_EVENTS", subject: "\(prefix).chunk.*") {
                        let envelope = try JSONSerialization.jsonObject(with: Data(stored.payload.readableBytesView)) as? [String: Any]
                        let chunk = (envelope?["event"] as? [String: Any])?["chunk"] as? [String: Any]
                        text += chunk?["content"] as? String ?? "?"
                    }
                    #expect(text == "[Mock] Response to: hello there world")
                    // Each event once, under the README's subjects (not the original's doubled form).
                    #expect(try await Self.subjects(js, "agent.events.agent.>").isEmpty)
                    #expect(try await Self.subjects(js, "agent.events.\(agent).>").count == 3 + 1 + words.count + 1)
                }
            }
        }
    }

    @Test func aDrainEndsAReplyInFlightAsInterrupted() async throws {
        try await NATSServer.withServer { server in
            try await withRequester(server) { client, js in
                let agent = UUIDs.make(), message = UUIDs.make()
                let harness = try await RuntimeHarness.start(
                    server, codec: AgentCodec(), Self.configuration(), extras: Self.extras(MockChatProvider(chunkDelay: .milliseconds(300))))
                try await Self.operational(agent, client)
                let sent = try await client.agentCommand(
                    "send_message", #"{"type":"SendMessage","agent_id":"\#(agent)","message_id":"\#(message)","content":"one two three four five six"}"#)
                #expect(sent["status"] as? String == "ok", "\(sent)")
                try await eventually("the first chunk") { try await !Self.subjects(js, "agent.events.\(agent).message.\(message).chunk.0").isEmpty }
                try await harness.stop()
                let failed = try await Self.failure(js, agent: agent, message: message)
                #expect(failed?["error_type"] as? String == "interrupted", "\(String(describing: failed))")
                #expect(failed?["recoverable"] as? Bool == true)
                #expect(try await Self.subjects(js, "agent.events.\(agent).message.\(message).completed").isEmpty)
                let registry = try await js.keyValue(OpenWorkRegistry.bucketName(stream: "AGENT_EVENTS"))
                #expect(try await registry.keys() == [], "the ended reply is no longer recorded as open")
            }
        }
    }

    /// Decommissioning an agent ends its open reply (`agent_decommissioned`); the stream in flight
    /// learns it at its next chunk, stops, and forgets the reply: it is never completed.
    @Test func decommissioningEndsAReplyInFlight() async throws {
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(
                server, codec: AgentCodec(), Self.configuration(), extras: Self.extras(MockChatProvider(chunkDelay: .milliseconds(200)))
            ) { _ in
                try await withRequester(server) { client, js in
                    let agent = UUIDs.make(), message = UUIDs.make()
                    try await Self.operational(agent, client)
                    let sent = try await client.agentCommand(
                        "send_message", #"{"type":"SendMessage","agent_id":"\#(agent)","message_id":"\#(message)","content":"one two three four five six"}"#)
                    #expect(sent["status"] as? String == "ok", "\(sent)")
                    try await eventually("the first chunk") { try await !Self.subjects(js, "agent.events.\(agent).message.\(message).chunk.0").isEmpty }
                    let retired = try await client.agentCommand("decommission", #"{"type":"DecommissionAgent","agent_id":"\#(agent)","reason":"retired"}"#)
                    #expect(retired["status"] as? String == "ok", "\(retired)")
                    let failed = try await Self.failure(js, agent: agent, message: message)
                    #expect(failed?["error_type"] as? String == "agent_decommissioned", "\(String(describing: failed))")
                    let registry = try await js.keyValue(OpenWorkRegistry.bucketName(stream: "AGENT_EVENTS"))
                    try await eventually("the stream to stop and forget the reply") { try await registry.keys().isEmpty }
                    #expect(try await Self.subjects(js, "agent.events.\(agent).message.\(message).completed").isEmpty)
                }
            }
        }
    }

    /// Replica A's provider never answers (as a replica that died mid-reply); replica B's sweep
    /// finds the reply recorded as open, and once it has been idle for the idle limit (1 s), ends
    /// it as `interrupted`, once.
    @Test func aReplyLeftOpenIsEndedByAnotherReplicasSweep() async throws {
        try await NATSServer.withServer { server in
            try await withRequester(server) { client, js in
                let agent = UUIDs.make(), message = UUIDs.make()
                let stalled = try await RuntimeHarness.start(server, codec: AgentCodec(), Self.configuration(), extras: Self.extras(StalledProvider(), idleLimitSeconds: 1))
                try await Self.operational(agent, client)
                let sent = try await client.agentCommand(
                    "send_message", #"{"type":"SendMessage","agent_id":"\#(agent)","message_id":"\#(message)","content":"anyone there"}"#)
                #expect(sent["status"] as? String == "ok", "\(sent)")
                let registry = try await js.keyValue(OpenWorkRegistry.bucketName(stream: "AGENT_EVENTS"))
                try await eventually("the reply recorded as open") { try await registry.keys() == ["\(agent).\(message)"] }
                try await RuntimeHarness.with(server, codec: AgentCodec(), Self.configuration(), extras: Self.extras(idleLimitSeconds: 1)) { _ in
                    try await eventually("the other replica's sweep to end the reply") { try await Self.failure(js, agent: agent, message: message) != nil }
                }
                let failed = try await Self.failure(js, agent: agent, message: message)
                #expect(failed?["error_type"] as? String == "interrupted")
                try await stalled.stop()
                #expect(try await Self.subjects(js, "agent.events.\(agent).message.\(message).failed").count == 1, "ended once")
                #expect(try await registry.keys() == [])
            }
        }
    }
}

/// A provider that never answers: its stream yields nothing and ends only when the task reading
/// it is cancelled (the replica's drain).
struct StalledProvider: ChatProvider {
    func reply(to content: String, configuration: ModelConfiguration) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { _ in }
    }
}

extension NATSClient {
    /// Sends an Agent command to `agent.commands.<verb>` and returns its reply as JSON.
    func agentCommand(_ verb: String, _ json: String) async throws -> [String: Any] {
        let reply = try await request(ByteBuffer(string: json), to: "agent.commands.\(verb)", timeout: .seconds(10))
        return try JSONSerialization.jsonObject(with: Data(reply.payload.readableBytesView)) as? [String: Any] ?? [:]
    }
}
