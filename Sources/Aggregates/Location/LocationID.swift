/// A location's id: a bare UUID in its canonical lowercase, hyphenated text form (8-4-4-4-12 hex
/// digits), as the original's commands and events carry it. Any UUID version is accepted.
public struct LocationID: AggregateID, Comparable, UUIDIdentifier {
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

    public static func < (lhs: LocationID, rhs: LocationID) -> Bool { lhs.bits < rhs.bits }
}
