/// A location's id: a bare UUID in its canonical lowercase, hyphenated text form (8-4-4-4-12 hex
/// digits), as the original's commands and events carry it. Any UUID version is accepted.
public struct LocationID: AggregateID, Comparable {
    public let text: String

    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    public init?(text: String) {
        var text = text
        guard let id = text.withUTF8({ LocationID(uuidBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = id
    }

    /// A UUID from its 36 text bytes, hex lowered; `nil` when the shape is wrong.
    init?(uuidBytes bytes: UnsafeRawBufferPointer) {
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

    public static func < (lhs: LocationID, rhs: LocationID) -> Bool { lhs.text < rhs.text }
}
