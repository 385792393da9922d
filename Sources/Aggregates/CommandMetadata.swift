/// What arrives with every command besides its body: its own id, the conversation it belongs to,
/// and the time it was issued. Aggregates never invent these.
public struct CommandMetadata: Hashable, Sendable {
    /// The command's message id; becomes the `causation_id` of the events it produces.
    public let commandID: String
    /// The conversation id; copied to the events' `correlation_id`.
    public let correlationID: String
    /// When the command was issued; the events' timestamps.
    public let issuedAt: Timestamp

    public init(commandID: String, correlationID: String, issuedAt: Timestamp) {
        self.commandID = commandID
        self.correlationID = correlationID
        self.issuedAt = issuedAt
    }
}

/// A command body together with its metadata.
public struct Issued<Body: Sendable>: Sendable {
    public let body: Body
    public let metadata: CommandMetadata

    public init(_ body: Body, metadata: CommandMetadata) {
        self.body = body
        self.metadata = metadata
    }
}

extension Issued: Equatable where Body: Equatable {}
