extension JSONParser {
    /// Validates a string token starting at its opening quote and appends it to the tape.
    mutating func parseString() throws(JSONParseError) {
        let start = offset
        offset += 1
        var escaped = false
        while offset < bytes.count {
            while bytes.count - offset >= 8, Self.isPlain(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) {
                offset += 8
            }
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                append(escaped ? .escapedString : .string, from: start)
                return
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                try parseEscape()
            } else if byte < 0x20 {
                throw fail("a control character (U+00\(JSONParser.hex(byte))) must be escaped in a string")
            } else if byte < 0x80 {
                offset += 1
            } else {
                try parseUTF8Sequence()
            }
        }
        throw JSONParseError(offset: start, message: "unterminated string")
    }

    /// Whether the eight bytes in `word` are all printable ASCII other than `"` and `\\`: nothing
    /// that ends, escapes or breaks a string, or needs a UTF-8 check (bit tricks from "Bit Twiddling
    /// Hacks": a byte below n, a zero byte).
    static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let control = (word &- ones &* 0x20) & ~word
        let quotes = (quote &- ones) & ~quote
        let backslashes = (backslash &- ones) & ~backslash
        return (control | quotes | backslashes | word) & (ones &* 0x80) == 0
    }

    /// Validates one escape at `offset` (the backslash), including a surrogate pair's second half.
    mutating func parseEscape() throws(JSONParseError) {
        guard offset + 1 < bytes.count else { throw fail("unterminated escape in a string") }
        switch bytes[offset + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            offset += 2
        case UInt8(ascii: "u"):
            guard let unit = JSONEscapes.hex4(bytes, at: offset + 2) else { throw fail("expected 4 hex digits after \\u") }
            switch unit {
            case 0xD800...0xDBFF:
                guard offset + 7 < bytes.count, bytes[offset + 6] == UInt8(ascii: "\\"), bytes[offset + 7] == UInt8(ascii: "u"),
                    let low = JSONEscapes.hex4(bytes, at: offset + 8), (0xDC00...0xDFFF).contains(low)
                else { throw fail("a high surrogate escape must be followed by a low surrogate escape") }
                offset += 12
            case 0xDC00...0xDFFF:
                throw fail("a low surrogate escape without a high surrogate before it")
            default:
                offset += 6
            }
        default:
            offset += 1
            throw fail("invalid escape: \(found()) after a backslash in a string")
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `offset` (Unicode table 3-7: no overlong forms,
    /// no surrogates, nothing above U+10FFFF).
    mutating func parseUTF8Sequence() throws(JSONParseError) {
        let lead = bytes[offset]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw fail("invalid UTF-8 (byte 0x\(JSONParser.hex(lead))) in a string")
        }
        guard bytes.count - offset >= length else { throw fail("truncated UTF-8 sequence in a string") }
        guard (low...high).contains(bytes[offset + 1]) else { throw fail("invalid UTF-8 sequence in a string") }
        for i in 2..<length where bytes[offset + i] & 0xC0 != 0x80 {
            throw fail("invalid UTF-8 sequence in a string")
        }
        offset += length
    }
}

/// Escape decoding shared by the parser (validation) and nodes (decoding validated strings).
enum JSONEscapes {
    /// The value of 4 hex digits at `index`, or `nil` when they are not there.
    static func hex4(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index >= 0, bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for i in index..<(index + 4) {
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes the content of a string the parser validated (without its quotes).
    static func decode(_ content: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: content.count) { out in
            var i = 0, o = 0
            func put(_ byte: UInt8) {
                if o < out.count { out[o] = byte }
                o += 1
            }
            while i < content.count {
                let byte = content[i]
                guard byte == UInt8(ascii: "\\"), i + 1 < content.count else {
                    put(byte)
                    i += 1
                    continue
                }
                let code = content[i + 1]
                i += 2
                switch code {
                case UInt8(ascii: "b"): put(0x08)
                case UInt8(ascii: "f"): put(0x0C)
                case UInt8(ascii: "n"): put(0x0A)
                case UInt8(ascii: "r"): put(0x0D)
                case UInt8(ascii: "t"): put(0x09)
                case UInt8(ascii: "u"):
                    var scalar = hex4(content, at: i) ?? 0xFFFD
                    i += 4
                    if (0xD800...0xDBFF).contains(scalar), let low = hex4(content, at: i + 2) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                        i += 6
                    }
                    if let units = UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") {
                        for unit in units { put(unit) }
                    }
                default: put(code)
                }
            }
            return min(o, out.count)
        }
    }
}
