/// The events of the reference's agent-service. Every body carries `agent_id` and the time it
/// happened (the command's issued time); each adds 1 to the version.
///
/// Subjects: each event is stored exactly once, on `agent.events.<agent_id>.<subjectSuffix>`.
/// The original published every event twice, once on a doubled `agent.events.agent.<id>.…`
/// form; we deliberately publish neither the copy nor that form.
public enum AgentEvent: Hashable, Sendable {
    case agentDeployed(agentID: AgentID, personID: PersonID, name: String, description: String?, deployedAt: Timestamp)
    case modelConfigured(agentID: AgentID, configuration: ModelConfiguration, configuredAt: Timestamp)
    case agentActivated(agentID: AgentID, activatedAt: Timestamp)
    case agentSuspended(agentID: AgentID, reason: String, suspendedAt: Timestamp)
    case agentDecommissioned(agentID: AgentID, reason: String?, decommissionedAt: Timestamp)
    case messageSent(agentID: AgentID, messageID: MessageID, content: String, sentAt: Timestamp)
    case responseChunkReceived(agentID: AgentID, messageID: MessageID, chunk: ResponseChunk, receivedAt: Timestamp)
    case responseCompleted(agentID: AgentID, completion: ResponseCompletion, completedAt: Timestamp)
    case responseFailed(agentID: AgentID, failure: ResponseFailure, failedAt: Timestamp)

    /// The agent the event belongs to.
    public var agentID: AgentID {
        switch self {
        case .agentDeployed(let id, _, _, _, _), .modelConfigured(let id, _, _), .agentActivated(let id, _), .agentSuspended(let id, _, _),
            .agentDecommissioned(let id, _, _), .messageSent(let id, _, _, _), .responseChunkReceived(let id, _, _, _),
            .responseCompleted(let id, _, _), .responseFailed(let id, _, _):
            id
        }
    }

    /// The message the event concerns, for the message events.
    public var messageID: MessageID? {
        switch self {
        case .messageSent(_, let id, _, _), .responseChunkReceived(_, let id, _, _): id
        case .responseCompleted(_, let completion, _): completion.messageID
        case .responseFailed(_, let failure, _): failure.messageID
        case .agentDeployed, .modelConfigured, .agentActivated, .agentSuspended, .agentDecommissioned: nil
        }
    }

    /// For `MessageSent`, the reply stream the runtime should start: the message and its content.
    public var startedResponse: (messageID: MessageID, content: String)? {
        guard case .messageSent(_, let id, let content, _) = self else { return nil }
        return (id, content)
    }

    /// Whether the event ends a message's reply (`ResponseCompleted` or `ResponseFailed`).
    public var endsResponse: Bool {
        switch self {
        case .responseCompleted, .responseFailed: true
        default: false
        }
    }
}

extension AgentEvent: AggregateEvent {
    /// The reference's event name; the JSON `"type"`.
    public var typeName: String {
        switch self {
        case .agentDeployed: "AgentDeployed"
        case .modelConfigured: "ModelConfigured"
        case .agentActivated: "AgentActivated"
        case .agentSuspended: "AgentSuspended"
        case .agentDecommissioned: "AgentDecommissioned"
        case .messageSent: "MessageSent"
        case .responseChunkReceived: "ResponseChunkReceived"
        case .responseCompleted: "ResponseCompleted"
        case .responseFailed: "ResponseFailed"
        }
    }

    /// What follows `agent.events.<agent_id>.`: `deployed`, `model_configured`, `activated`,
    /// `suspended`, `decommissioned`, or for a message `message.<message_id>.sent`,
    /// `….chunk.<chunk_index>`, `….completed`, `….failed` (suffixes may contain dots).
    public var subjectSuffix: String {
        switch self {
        case .agentDeployed: "deployed"
        case .modelConfigured: "model_configured"
        case .agentActivated: "activated"
        case .agentSuspended: "suspended"
        case .agentDecommissioned: "decommissioned"
        case .messageSent(_, let id, _, _): "message.\(id.text).sent"
        case .responseChunkReceived(_, let id, let chunk, _): "message.\(id.text).chunk.\(chunk.chunkIndex)"
        case .responseCompleted(_, let completion, _): "message.\(completion.messageID.text).completed"
        case .responseFailed(_, let failure, _): "message.\(failure.messageID.text).failed"
        }
    }
}
