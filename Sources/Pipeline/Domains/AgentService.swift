import Aggregates
import Foundation
import NATS
import ServiceLifecycle

extension ServiceHost {
    /// Runs the Agent service (specialized here, next to the runtime: see `runPersonService`).
    ///
    /// Besides the shared settings it reads `AGENT_STREAM_IDLE_SECONDS` (30: a reply idle this
    /// long after its replica stopped is ended as `interrupted`), `AGENT_MOCK_CHUNK_DELAY_MS` (0:
    /// the Mock provider's pause between chunks), and the original's optional per-agent subjects:
    /// with `AGENT_NAME` also `agent.to.<name>.>` and `agent.broadcast.>`, with `AGENT_ID` also
    /// `agent.*.*.<id>.command.>`.
    package static func runAgentService(settings: ServiceSettings) async throws {
        var settings = settings
        let environment = ProcessInfo.processInfo.environment
        let idle = try AgentSettings.integer(environment, "AGENT_STREAM_IDLE_SECONDS", default: 30, in: 1...86_400)
        let delay = try AgentSettings.integer(environment, "AGENT_MOCK_CHUNK_DELAY_MS", default: 0, in: 0...60_000)
        settings.runtime.commandSubjects += try AgentSettings.legacySubjects(environment)
        let stream = settings.runtime.streamName
        let replicas = settings.runtime.streamReplicas
        try await run(
            codec: AgentCodec(), settings: settings,
            identity: Identity(
                name: "agent-service", version: "0.1.0",
                description: "CIM Agent domain: commands on agent.commands.>, events in JetStream on agent.events.<id>.<event>, replies streamed by the Mock provider"),
            commandTypes: AgentCommand.typeNames + AgentCommand.internalTypeNames,
            extras: Extras(reactor: { client, logger in
                ResponseStreamer(
                    provider: MockChatProvider(chunkDelay: .milliseconds(delay)), client: client, stream: stream, replicas: replicas,
                    idleLimitSeconds: idle, logger: logger)
            }),
            concrete: { AgentRuntimeService(runtime: $0) })
    }
}

/// The Agent runtime as a service, called with its concrete type (see `ServiceHost.run`).
struct AgentRuntimeService: Service {
    let runtime: DomainRuntime<AgentCodec>

    func run() async throws {
        try await runtime.run()
    }
}

/// The Agent service's own environment variables.
enum AgentSettings {
    static func integer(_ environment: [String: String], _ name: String, default value: Int, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
        guard let text = environment[name]?.trimmingBlanks, !text.isEmpty else { return value }
        return try SettingsError.wholeNumber(text, source: name, in: range)
    }

    /// The original's per-agent subjects, for the variables that are set.
    static func legacySubjects(_ environment: [String: String]) throws(SettingsError) -> [String] {
        var subjects: [String] = []
        if let name = environment["AGENT_NAME"]?.trimmingBlanks, !name.isEmpty {
            guard !name.contains(where: { $0 == "." || $0 == "*" || $0 == ">" || $0.isWhitespace }) else {
                throw SettingsError("AGENT_NAME must be one subject token (no '.', '*', '>' or blanks), not \"\(name)\"")
            }
            subjects += ["agent.to.\(name).>", "agent.broadcast.>"]
        }
        if let id = environment["AGENT_ID"]?.trimmingBlanks, !id.isEmpty {
            guard let agent = AgentID(text: id) else { throw SettingsError("AGENT_ID must be a UUID, not \"\(id)\"") }
            subjects.append("agent.*.*.\(agent.text).command.>")
        }
        return subjects
    }
}
