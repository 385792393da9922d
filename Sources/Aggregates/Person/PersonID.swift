/// A person's id: a UUID in its canonical lowercase, hyphenated text form (8-4-4-4-12 hex digits).
/// Validated without Foundation; any version is accepted (the original issues v7).
public struct PersonID: AggregateID, Comparable, UUIDIdentifier {
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

    /// Parses a UUID, naming `field` in the error when it is not one.
    /// - Throws: `PersonError` with code `.invalid` naming `field`.
    public init(parsing text: String, field: String = "person_id") throws(PersonError) {
        guard let id = PersonID(text: text) else {
            throw PersonError(.invalid, field: field, message: "not a UUID: \(text)")
        }
        self = id
    }

    public static func < (lhs: PersonID, rhs: PersonID) -> Bool { lhs.bits < rhs.bits }
}
