/// An agent's id: a bare UUID in its canonical lowercase, hyphenated text form, as the original's
/// `"type"`-tagged commands and events carry it. Any UUID version is accepted.
public struct AgentID: AggregateID, Comparable, UUIDIdentifier {
    public let text: String

    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    public init?(text: String) {
        self.init(uuidText: text)
    }

    let bits: UUIDBits

    init(canonicalUUID text: String, bits: UUIDBits) {
        self.text = text
        self.bits = bits
    }

    public static func < (lhs: AgentID, rhs: AgentID) -> Bool { lhs.bits < rhs.bits }
}

/// A chat message's id, chosen by the client that sends it (`SendMessage.message_id`): a UUID,
/// written like `AgentID`. It names the message's reply stream in subjects.
public struct MessageID: Hashable, Sendable, Comparable, UUIDIdentifier {
    public let text: String

    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    public init?(text: String) {
        self.init(uuidText: text)
    }

    let bits: UUIDBits

    init(canonicalUUID text: String, bits: UUIDBits) {
        self.text = text
        self.bits = bits
    }

    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.bits < rhs.bits }
}
