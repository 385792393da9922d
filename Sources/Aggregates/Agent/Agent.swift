/// The Agent aggregate's state: a pure value folded from `AgentEvent`s. Besides the agent's
/// lifecycle it keeps the messages whose reply is still streaming, so a runtime can resume or end
/// them after a restart, and the ids of finished messages, so a `message_id` is used only once.
public struct Agent: Aggregate, Hashable {
    public typealias Command = Issued<AgentCommand>
    public typealias Event = AgentEvent
    public typealias Failure = AgentError

    public internal(set) var id: AgentID?
    public internal(set) var version = 0
    /// `nil` until `AgentDeployed`.
    public internal(set) var status: AgentStatus?
    public internal(set) var personID: PersonID?
    public internal(set) var name: String?
    public internal(set) var description: String?
    public internal(set) var modelConfiguration: ModelConfiguration?
    /// The messages sent but neither completed nor failed, in the order they were sent.
    public internal(set) var openMessages: [OpenMessage] = []
    /// The messages whose reply completed or failed.
    public internal(set) var finishedMessageIDs: Set<MessageID> = []

    public init() {}

    public static func target(of command: Command) -> AgentID { command.body.agentID }

    /// The open message `id`, or `nil` when it is finished or was never sent.
    public func openMessage(_ id: MessageID) -> OpenMessage? {
        openMessages.first { $0.messageID == id }
    }

    /// Whether `SendMessage` can be accepted: active, with a model configured.
    public var isOperational: Bool { status == .active && modelConfiguration != nil }
}

/// Where an agent is in its lifecycle. Decommissioned is terminal. No command leads to Offline;
/// it is the reference's status, kept so stored states can carry it.
public enum AgentStatus: String, Hashable, Sendable, CaseIterable {
    case deployed = "Deployed"
    case active = "Active"
    case suspended = "Suspended"
    case offline = "Offline"
    case decommissioned = "Decommissioned"
}

/// A message whose reply is still streaming: sent, neither completed nor failed.
public struct OpenMessage: Hashable, Sendable {
    public var messageID: MessageID
    public var content: String
    public var sentAt: Timestamp
    /// The chunks recorded so far, in order (`chunks[i].chunkIndex == i`).
    public var chunks: [ResponseChunk]
    /// `sentAt`, or the last chunk's `received_at`.
    public var lastActivityAt: Timestamp

    public init(messageID: MessageID, content: String, sentAt: Timestamp, chunks: [ResponseChunk] = [], lastActivityAt: Timestamp? = nil) {
        self.messageID = messageID
        self.content = content
        self.sentAt = sentAt
        self.chunks = chunks
        self.lastActivityAt = lastActivityAt ?? sentAt
    }

    /// Whether the final chunk has been recorded.
    public var hasFinalChunk: Bool { chunks.last?.isFinal ?? false }
}
