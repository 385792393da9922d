/// RFC 4648 base32 (alphabet `A–Z2–7`) without padding, as used by NKeys.
package enum Base32 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes` as unpadded base32; the last symbol's unused low bits are zero.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: `ceil(8 × count / 5)` characters from `A–Z2–7`.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(self.alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 {
            out.append(self.alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded, upper-case base32.
    ///
    /// Rejects any character outside `A–Z2–7` (including `=`, lower case and whitespace), lengths
    /// that no byte count encodes to (1, 3 or 6 modulo 8), and non-zero unused trailing bits, so every
    /// accepted string is the canonical encoding of its result.
    ///
    /// - Parameter text: The encoded text.
    /// - Returns: The decoded bytes.
    /// - Throws: ``AuthError/Code/invalidBase32``; the detail gives an offset, never the text.
    package static func decode(_ text: some StringProtocol) throws(AuthError) -> [UInt8] {
        let utf8 = text.utf8
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        var offset = 0
        for char in utf8 {
            let value: UInt8
            switch char {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = char - UInt8(ascii: "A")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = char - UInt8(ascii: "2") + 26
            default:
                throw AuthError(code: .invalidBase32, detail: "invalid base32 character at byte offset \(offset)")
            }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
            offset += 1
        }
        // Leftover bits: 0, 2, 4, 1 or 3 for valid lengths; 5, 6 or 7 means a dangling symbol.
        guard bits < 5 else {
            throw AuthError(code: .invalidBase32, detail: "invalid base32 length \(offset)")
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else {
            throw AuthError(code: .invalidBase32, detail: "non-zero trailing bits in base32 text")
        }
        return out
    }
}
