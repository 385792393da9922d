/// A UUID in its canonical text form: 36 bytes, lowercase hex, hyphens at 8, 13, 18 and 23
/// (8-4-4-4-12). Any version is accepted; upper-case hex is lowered. Validated without Foundation.
///
/// The ids of every domain (`PersonID`, `LocationID`, `PolicyAggregateID`) and the other UUIDs a
/// domain carries (a rule's id, an organization's) are parsed here.
public struct CanonicalUUID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The canonical text, e.g. `550e8400-e29b-41d4-a716-446655440000`.
    public let text: String

    /// Parses a UUID; `nil` when the shape is wrong.
    public init?(text: String) {
        var text = text
        guard let uuid = text.withUTF8({ CanonicalUUID(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = uuid
    }

    /// A UUID from its 36 text bytes; `nil` when the shape is wrong.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 36 else { return nil }
        var valid = true
        let text = String(unsafeUninitializedCapacity: 36) { out in
            for i in 0..<36 {
                let byte = bytes[i]
                let isDash = i == 8 || i == 13 || i == 18 || i == 23
                switch byte {
                case UInt8(ascii: "-") where isDash: out[i] = byte
                case UInt8(ascii: "0")...UInt8(ascii: "9") where !isDash, UInt8(ascii: "a")...UInt8(ascii: "f") where !isDash:
                    out[i] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "F") where !isDash: out[i] = byte + 32
                default:
                    valid = false
                    return 0
                }
            }
            return 36
        }
        guard valid else { return nil }
        self.text = text
    }

    public var description: String { text }

    public static func < (lhs: CanonicalUUID, rhs: CanonicalUUID) -> Bool { lhs.text < rhs.text }
}
