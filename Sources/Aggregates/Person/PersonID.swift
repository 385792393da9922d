/// A person's id: a UUID in its canonical lowercase, hyphenated text form (8-4-4-4-12 hex digits).
/// Validated without Foundation; any version is accepted (the original issues v7).
public struct PersonID: AggregateID, Comparable {
    public let text: String

    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    public init?(text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(36)
        for (index, byte) in utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                lowered.append(byte)
            } else {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lowered.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): lowered.append(byte + 32)
                default: return nil
                }
            }
        }
        self.text = String(decoding: lowered, as: UTF8.self)
    }

    /// Parses a UUID, naming `field` in the error when it is not one.
    /// - Throws: `PersonError` with code `.invalid` naming `field`.
    public init(parsing text: String, field: String = "person_id") throws(PersonError) {
        guard let id = PersonID(text: text) else {
            throw PersonError(.invalid, field: field, message: "not a UUID: \(text)")
        }
        self = id
    }

    public static func < (lhs: PersonID, rhs: PersonID) -> Bool { lhs.text < rhs.text }
}
