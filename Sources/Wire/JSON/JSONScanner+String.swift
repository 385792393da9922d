// String values: bounds, UTF-8 validation and escape decoding.
extension JSONScanner {
    /// Scans a string at the current position (which must be `"`) and returns it decoded.
    mutating func scanString() throws -> String {
        let (content, hasEscapes) = try scanStringBounds()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[content])
        guard hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        // Every escape decodes to fewer bytes than it occupies, so `raw.count` is enough capacity.
        return try String(unsafeUninitializedCapacity: raw.count) { out in
            var input = 0
            var output = 0
            while input < raw.count {
                let byte = raw[input]
                input += 1
                guard byte == UInt8(ascii: "\\") else {
                    out[output] = byte
                    output += 1
                    continue
                }
                let scalar = try Self.parseEscape(raw, &input)
                var overflow = false
                UTF8.encode(scalar) { unit in
                    guard output < out.count else {
                        overflow = true
                        return
                    }
                    out[output] = unit
                    output += 1
                }
                guard !overflow else { throw Self.error("string decoding overflow") }
            }
            return output
        }
    }

    /// Scans a string at the current position, validating it, and returns the range of its content
    /// (between the quotes) and whether it contains escapes. The index ends after the closing quote.
    mutating func scanStringBounds() throws -> (content: Range<Int>, hasEscapes: Bool) {
        let start = index
        try expect(UInt8(ascii: "\""), "a string")
        let contentStart = index
        var hasEscapes = false
        while true {
            guard let byte = peek() else { throw Self.error("unterminated string starting at offset \(start)") }
            switch byte {
            case UInt8(ascii: "\""):
                let content = contentStart..<index
                index += 1
                return (content, hasEscapes)
            case UInt8(ascii: "\\"):
                hasEscapes = true
                index += 1
                _ = try Self.parseEscape(bytes, &index)
            case 0..<0x20:
                throw Self.error("unescaped control byte 0x\(Self.hex(byte)) in string at offset \(index)")
            case 0..<0x80:
                index += 1
            default:
                try skipMultiByteScalar(lead: byte)
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence starting at `index` and moves past it.
    private mutating func skipMultiByteScalar(lead: UInt8) throws {
        let length: Int
        let secondRange: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: throw Self.error("invalid UTF-8 at offset \(index)")
        }
        let start = index
        for offset in 1..<length {
            let position = start + offset
            guard position < bytes.count else { throw Self.error("truncated UTF-8 at offset \(start)") }
            let byte = bytes[position]
            let allowed = offset == 1 ? secondRange : 0x80...0xBF
            guard allowed.contains(byte) else { throw Self.error("invalid UTF-8 at offset \(start)") }
        }
        index = start + length
    }

    /// Parses the escape whose backslash is just before `i` (a `\uD8xx\uDCxx` pair counts as one)
    /// and moves `i` past it.
    static func parseEscape(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) throws -> Unicode.Scalar {
        guard i < bytes.count else { throw error("unterminated escape") }
        let kind = bytes[i]
        i += 1
        switch kind {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4(bytes, &i)
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired high surrogate \\u\(String(unit, radix: 16))")
                }
                i += 2
                let low = try parseHex4(bytes, &i)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("high surrogate followed by \\u\(String(low, radix: 16))")
                }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw error("invalid surrogate pair") }
                return scalar
            case 0xDC00...0xDFFF:
                throw error("unpaired low surrogate \\u\(String(unit, radix: 16))")
            default:
                guard let scalar = Unicode.Scalar(unit) else { throw error("invalid \\u escape") }
                return scalar
            }
        default:
            throw error("invalid escape byte 0x\(hex(kind))")
        }
    }

    /// Parses four hex digits at `i` and moves `i` past them.
    private static func parseHex4(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }
}
