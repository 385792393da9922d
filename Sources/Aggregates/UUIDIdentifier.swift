/// An id whose text is a UUID in its canonical form: lowercase hex, hyphenated 8-4-4-4-12, as
/// the originals write ids. Any version is accepted. Person, Location, Agent and message ids
/// share this one parser (validated without Foundation).
protocol UUIDIdentifier: Hashable, Sendable {
    /// The canonical text form.
    var text: String { get }

    /// Wraps text that is already a canonical UUID (only the parsers below call it).
    init(canonicalUUID text: String)
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
        self.init(canonicalUUID: text)
    }
}
