/// Why an Agent command was refused: an extensible code, the contract's field it concerns
/// (snake_case, dotted for nested fields, e.g. `config.temperature`), and a sentence (the
/// reference's text where it has one).
public struct AgentError: DomainError, Hashable, Sendable {
    /// What kind of refusal; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case alreadyExists = "already_exists"
            case notFound = "not_found"
            case invalid
            case emptyReason = "empty_reason"
            case decommissioned
            case invalidTransition = "invalid_transition"
            case modelNotConfigured = "model_not_configured"
            case notOperational = "not_operational"
            case duplicateMessage = "duplicate_message"
            case messageNotOpen = "message_not_open"
            case chunkOutOfOrder = "chunk_out_of_order"
            case responseActive = "response_active"
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// `DeployAgent` for an agent that already exists (decommissioned ones included).
        public static let alreadyExists = Code(.alreadyExists)
        /// Any other command for an agent that was never deployed.
        public static let notFound = Code(.notFound)
        /// A field's value breaks a rule; `field` names it.
        public static let invalid = Code(.invalid)
        /// A suspension reason was empty or blank.
        public static let emptyReason = Code(.emptyReason)
        /// The agent is decommissioned: every command is refused.
        public static let decommissioned = Code(.decommissioned)
        /// Activation or suspension from a status that does not allow it.
        public static let invalidTransition = Code(.invalidTransition)
        /// Activation of an agent that has no model configuration.
        public static let modelNotConfigured = Code(.modelNotConfigured)
        /// `SendMessage` to an agent that is not active with a model configured.
        public static let notOperational = Code(.notOperational)
        /// `SendMessage` with a `message_id` the agent has already seen.
        public static let duplicateMessage = Code(.duplicateMessage)
        /// A stream command for a message that is finished (completed or failed) or was never sent.
        public static let messageNotOpen = Code(.messageNotOpen)
        /// A chunk whose index is not the number of chunks recorded so far, or one after the final chunk.
        public static let chunkOutOfOrder = Code(.chunkOutOfOrder)
        /// `ExpireResponse` for a message whose stream had activity within the idle limit.
        public static let responseActive = Code(.responseActive)

        /// The code as replies carry it, in snake_case, e.g. `chunk_out_of_order`.
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The contract's field name the refusal concerns, if any.
    public let field: String?
    public let message: String

    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}
