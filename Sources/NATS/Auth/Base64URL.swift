/// Base64 helpers for NATS authentication: signatures go out as base64url without padding.
package enum Base64URL {
    private static let urlAlphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Encodes `bytes` as base64url (RFC 4648 §5) without `=` padding.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The encoded text.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(self.urlAlphabet[Int((buffer >> UInt32(bits)) & 63)])
            }
        }
        if bits > 0 {
            out.append(self.urlAlphabet[Int((buffer << UInt32(6 - bits)) & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base64 in either the standard (`+/`) or the URL-safe (`-_`) alphabet, padded or not.
    ///
    /// Rejects other characters, `=` anywhere but at the end, impossible lengths and non-zero
    /// unused trailing bits.
    ///
    /// - Parameter text: The encoded text.
    /// - Returns: The decoded bytes, or `nil` if `text` is not valid base64.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var symbols = Substring(text).utf8[...]
        var padding = 0
        while symbols.last == UInt8(ascii: "=") {
            symbols = symbols.dropLast()
            padding += 1
        }
        guard padding <= 2 else { return nil }
        if padding > 0, (symbols.count + padding) % 4 != 0 { return nil }

        var out: [UInt8] = []
        out.reserveCapacity(symbols.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for char in symbols {
            let value: UInt8
            switch char {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = char - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = char - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            default: return nil
            }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // Leftover bits: 0, 2 or 4 for valid lengths; 6 means a dangling symbol (length ≡ 1 mod 4).
        guard bits < 6, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}
