/// A location's id: a bare UUID in its canonical lowercase, hyphenated text form (8-4-4-4-12 hex
/// digits), as the original's commands and events carry it. Any UUID version is accepted.
public struct LocationID: AggregateID, Comparable {
    public let text: String

    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    public init?(text: String) {
        guard let uuid = CanonicalUUID(text: text) else { return nil }
        self.text = uuid.text
    }

    /// The id of a parsed UUID.
    init(uuid: CanonicalUUID) {
        text = uuid.text
    }

    public static func < (lhs: LocationID, rhs: LocationID) -> Bool { lhs.text < rhs.text }
}
