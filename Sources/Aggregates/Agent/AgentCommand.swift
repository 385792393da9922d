/// The Agent commands. The first six are public: clients send them, tagged by `"type"`, and the
/// codec decodes them. The last four are internal: only the runtime issues them, while it streams
/// a reply to a `MessageSent` (see `MockChatResponse.commands`), and the codec never decodes them
/// from the wire.
public enum AgentCommand: Hashable, Sendable {
    case deployAgent(agentID: AgentID, personID: PersonID, name: String, description: String?)
    case configureModel(agentID: AgentID, configuration: ModelConfiguration)
    case activateAgent(agentID: AgentID)
    case suspendAgent(agentID: AgentID, reason: String)
    case decommissionAgent(agentID: AgentID, reason: String?)
    /// The client's `context` is not kept (the original ignored it too).
    case sendMessage(agentID: AgentID, messageID: MessageID, content: String)

    /// Internal: records the next chunk of an open message's reply.
    case recordResponseChunk(agentID: AgentID, messageID: MessageID, chunk: ResponseChunk)
    /// Internal: ends an open message's reply well.
    case completeResponse(agentID: AgentID, completion: ResponseCompletion)
    /// Internal: ends an open message's reply badly.
    case failResponse(agentID: AgentID, failure: ResponseFailure)
    /// Internal: ends, as `interrupted`, an open message whose stream has been idle for at least
    /// `idleLimitSeconds` at the command's issued time. After a restart the runtime sends it for
    /// the streams a stopped replica left open (see `Agent.openMessages`).
    case expireResponse(agentID: AgentID, messageID: MessageID, idleLimitSeconds: Int)

    /// The public commands' names (the wire's `"type"`), in the contract's order; metrics label
    /// commands by them.
    public static let typeNames = ["DeployAgent", "ConfigureModel", "ActivateAgent", "SuspendAgent", "DecommissionAgent", "SendMessage"]

    /// The internal commands' names (never accepted from the wire).
    public static let internalTypeNames = ["RecordResponseChunk", "CompleteResponse", "FailResponse", "ExpireResponse"]

    /// The subject tokens accepted in place of a missing `"type"`, in the order of `typeNames`:
    /// `agent.commands.deploy` is a `DeployAgent`.
    public static let verbs = ["deploy", "configure_model", "activate", "suspend", "decommission", "send_message"]

    /// The agent the command is addressed to.
    public var agentID: AgentID {
        switch self {
        case .deployAgent(let id, _, _, _), .configureModel(let id, _), .activateAgent(let id), .suspendAgent(let id, _),
            .decommissionAgent(let id, _), .sendMessage(let id, _, _), .recordResponseChunk(let id, _, _), .completeResponse(let id, _),
            .failResponse(let id, _), .expireResponse(let id, _, _):
            id
        }
    }

    /// The command's name, e.g. `DeployAgent` or `RecordResponseChunk`.
    public var typeName: String {
        switch self {
        case .deployAgent: "DeployAgent"
        case .configureModel: "ConfigureModel"
        case .activateAgent: "ActivateAgent"
        case .suspendAgent: "SuspendAgent"
        case .decommissionAgent: "DecommissionAgent"
        case .sendMessage: "SendMessage"
        case .recordResponseChunk: "RecordResponseChunk"
        case .completeResponse: "CompleteResponse"
        case .failResponse: "FailResponse"
        case .expireResponse: "ExpireResponse"
        }
    }

    /// Whether only the runtime may issue the command.
    public var isInternal: Bool {
        switch self {
        case .deployAgent, .configureModel, .activateAgent, .suspendAgent, .decommissionAgent, .sendMessage: false
        case .recordResponseChunk, .completeResponse, .failResponse, .expireResponse: true
        }
    }
}
