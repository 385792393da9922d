/// A UUID in its canonical text form: 36 bytes, lowercase hex, hyphens at 8, 13, 18 and 23
/// (8-4-4-4-12). Any version is accepted; upper-case hex is lowered. Parsed by `UUIDIdentifier`,
/// the one parser every id shares; this is the plain value for UUIDs that are not an aggregate's
/// id (Policy's ids, a rule's, an organization's).
public struct CanonicalUUID: UUIDIdentifier, Comparable, CustomStringConvertible {
    /// The canonical text, e.g. `550e8400-e29b-41d4-a716-446655440000`.
    public let text: String

    let bits: UUIDBits

    init(canonicalUUID text: String, bits: UUIDBits) {
        self.text = text
        self.bits = bits
    }

    /// Parses a UUID; `nil` when the shape is wrong.
    public init?(text: String) {
        self.init(uuidText: text)
    }

    /// A UUID from its 36 text bytes; `nil` when the shape is wrong.
    init?(bytes: UnsafeRawBufferPointer) {
        self.init(uuidBytes: bytes)
    }

    public var description: String { text }

    public static func < (lhs: CanonicalUUID, rhs: CanonicalUUID) -> Bool { lhs.bits < rhs.bits }
}
