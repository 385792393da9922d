/// The id of anything the Policy domain stores: a policy (`policy_id`), a policy set
/// (`policy_set_id`) or an exemption (`exemption_id`). The three share one id space because the
/// runtime hosts one aggregate type per domain: each id has one stream,
/// `events.policy.<id>.<suffix>`, and what the id names is decided by its first event.
public struct PolicyAggregateID: AggregateID, Comparable, CustomStringConvertible {
    public let text: String

    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    public init?(text: String) {
        guard let uuid = CanonicalUUID(text: text) else { return nil }
        self.text = uuid.text
    }

    /// The id of a parsed UUID.
    public init(uuid: CanonicalUUID) {
        text = uuid.text
    }

    public var description: String { text }

    public static func < (lhs: PolicyAggregateID, rhs: PolicyAggregateID) -> Bool { lhs.text < rhs.text }
}
