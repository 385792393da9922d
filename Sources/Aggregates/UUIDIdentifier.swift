/// An id whose text is a UUID in its canonical form: lowercase hex, hyphenated 8-4-4-4-12, as
/// the originals write ids. Any version is accepted. Person, Location, Agent and message ids
/// share this one parser (validated without Foundation).
protocol UUIDIdentifier: Hashable, Sendable {
    /// The canonical text form.
    var text: String { get }

    /// The same UUID as 128 bits: what ids compare, order and hash by (cheaper than the text).
    var bits: UUIDBits { get }

    /// Wraps text that is already a canonical UUID and its bits (only the parsers below call it).
    init(canonicalUUID text: String, bits: UUIDBits)
}

/// The 128 bits of a UUID, most significant first. The canonical text is lower-case hex in the
/// same order, so comparing bits orders ids as their text does.
package struct UUIDBits: Hashable, Comparable, Sendable {
    package var high: UInt64
    package var low: UInt64

    package static func < (lhs: UUIDBits, rhs: UUIDBits) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

extension UUIDIdentifier {
    /// Parses a UUID; upper-case hex is accepted and lowered. `nil` when the shape is wrong.
    init?(uuidText text: String) {
        var text = text
        guard let id = text.withUTF8({ Self(uuidBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = id
    }

    /// A UUID from its 36 text bytes, hex lowered; `nil` when the shape is wrong.
    init?(uuidBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 36 else { return nil }
        var valid = true
        var bits = UUIDBits(high: 0, low: 0)
        var digits = 0
        let text = String(unsafeUninitializedCapacity: 36) { out in
            for i in 0..<36 {
                let byte = bytes[i]
                let isDash = i == 8 || i == 13 || i == 18 || i == 23
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "-") where isDash:
                    out[i] = byte
                    continue
                case UInt8(ascii: "0")...UInt8(ascii: "9") where !isDash:
                    out[i] = byte
                    nibble = byte &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f") where !isDash:
                    out[i] = byte
                    nibble = byte &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A")...UInt8(ascii: "F") where !isDash:
                    out[i] = byte + 32
                    nibble = byte &- UInt8(ascii: "A") &+ 10
                default:
                    valid = false
                    return 0
                }
                if digits < 16 {
                    bits.high = bits.high << 4 | UInt64(nibble)
                } else {
                    bits.low = bits.low << 4 | UInt64(nibble)
                }
                digits += 1
            }
            return 36
        }
        guard valid else { return nil }
        self.init(canonicalUUID: text, bits: bits)
    }
}

extension UUIDIdentifier {
    // Ids compare and hash by their bits: the text is a function of them.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.bits == rhs.bits }
    public func hash(into hasher: inout Hasher) { hasher.combine(bits) }
}
