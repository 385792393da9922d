import Aggregates
import Testing

/// Shared values for the Agent tests: ids, times, configurations, the events of a typical life,
/// and given-when-then helpers.
enum AgentFixture {
    static let sage = AgentID(text: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!
    static let scribe = AgentID(text: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c")!
    static let ada = PersonID(text: "0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b")!
    static let m1 = MessageID(text: "11111111-2222-4333-8444-555555555551")!
    static let m2 = MessageID(text: "11111111-2222-4333-8444-555555555552")!
    static let m3 = MessageID(text: "11111111-2222-4333-8444-555555555553")!
    /// 2025-11-09T19:00:00Z.
    static let t0 = Timestamp(secondsSinceEpoch: 1_762_714_800)

    /// `seconds` after `t0`.
    static func at(_ seconds: Int64, nanoseconds: Int32 = 0) -> Timestamp {
        Timestamp(secondsSinceEpoch: t0.secondsSinceEpoch + seconds, nanoseconds: nanoseconds)
    }

    /// The reference's ConfigureModel example.
    static let llama = ModelConfiguration(
        provider: .ollama, modelName: "llama2", apiEndpoint: "http://localhost:11434", temperature: 0.7, topP: 1, maxTokens: 4096,
        frequencyPenalty: 0, presencePenalty: 0, stopSequences: [], systemPrompt: "")
    static let mock = ModelConfiguration(
        provider: .mock, modelName: "mock-1", temperature: 1.25, topP: 0.5, maxTokens: 256, frequencyPenalty: -0.5, presencePenalty: 1.5,
        stopSequences: ["\n\n", "END"], systemPrompt: "You are \"sage\".")

    static let deployed = AgentEvent.agentDeployed(agentID: sage, personID: ada, name: "sage", description: "opt", deployedAt: t0)
    static let configured = AgentEvent.modelConfigured(agentID: sage, configuration: llama, configuredAt: at(1))
    static let activated = AgentEvent.agentActivated(agentID: sage, activatedAt: at(2))
    static let suspended = AgentEvent.agentSuspended(agentID: sage, reason: "maintenance", suspendedAt: at(3))
    static let decommissioned = AgentEvent.agentDecommissioned(agentID: sage, reason: nil, decommissionedAt: at(4))
    /// Deployed, configured and active: ready for messages.
    static let operational = [deployed, configured, activated]

    static func sent(_ message: MessageID, _ content: String = "hi", at time: Timestamp = at(10)) -> AgentEvent {
        .messageSent(agentID: sage, messageID: message, content: content, sentAt: time)
    }

    static func chunk(_ message: MessageID, _ index: Int, _ content: String = "w ", final: Bool = false, at time: Timestamp = at(20)) -> AgentEvent {
        .responseChunkReceived(
            agentID: sage, messageID: message, chunk: ResponseChunk(chunkIndex: index, content: content, isFinal: final, finishReason: final ? .stop : nil),
            receivedAt: time)
    }

    static func completion(_ message: MessageID, chunks: Int) -> ResponseCompletion {
        ResponseCompletion(
            messageID: message, totalChunks: chunks, tokenUsage: TokenUsage(promptTokens: 1, completionTokens: chunks), finishReason: .stop,
            durationMs: 42)
    }

    static func failure(_ message: MessageID, type: String = "rate_limited") -> ResponseFailure {
        ResponseFailure(messageID: message, errorType: type, errorMessage: "slow down", recoverable: true)
    }

    static func issued(_ command: AgentCommand, at time: Timestamp = at(100)) -> Issued<AgentCommand> {
        Issued(command, metadata: CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: time))
    }

    /// Given `history`, when `command` is issued at `time`: the events, or the refusal.
    static func given(_ history: [AgentEvent], when command: AgentCommand, at time: Timestamp = at(100)) -> Result<[AgentEvent], AgentError> {
        decide(Agent.replay(history), issued(command, at: time))
    }

    static func decide(_ state: Agent, _ command: Issued<AgentCommand>) -> Result<[AgentEvent], AgentError> {
        state.decision(command)
    }

    /// One of each command except `DeployAgent`, addressed to `sage`, the stream ones about `m1`.
    static let nonDeployCommands: [AgentCommand] = [
        .configureModel(agentID: sage, configuration: llama),
        .activateAgent(agentID: sage),
        .suspendAgent(agentID: sage, reason: "maintenance"),
        .decommissionAgent(agentID: sage, reason: "retired"),
        .sendMessage(agentID: sage, messageID: m1, content: "hi"),
        .recordResponseChunk(agentID: sage, messageID: m1, chunk: ResponseChunk(chunkIndex: 0, content: "a")),
        .completeResponse(agentID: sage, completion: completion(m1, chunks: 0)),
        .failResponse(agentID: sage, failure: failure(m1)),
        .expireResponse(agentID: sage, messageID: m1, idleLimitSeconds: 60),
    ]
}
