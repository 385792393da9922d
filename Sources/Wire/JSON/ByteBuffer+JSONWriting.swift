package import NIOCore

extension ByteBuffer {
    /// Appends `value` as a JSON string literal, quotes included, escaping as it copies.
    ///
    /// `"` and `\` are backslash-escaped; `\n`, `\r` and `\t` use their short forms; every other
    /// byte below 0x20 becomes `\u00XX`. All other bytes, UTF-8 included, are copied unchanged.
    /// No intermediate `String` is built.
    ///
    /// - Parameter value: The text to write.
    package mutating func writeJSONString(_ value: String) {
        writeInteger(UInt8(ascii: "\""))
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
            writeJSONEscaped(UnsafeRawBufferPointer(utf8))
        }
        if done == nil {
            var copy = value
            copy.withUTF8 { writeJSONEscaped(UnsafeRawBufferPointer($0)) }
        }
        writeInteger(UInt8(ascii: "\""))
    }

    /// Appends `value` in decimal ASCII, as a JSON number.
    ///
    /// - Parameter value: The integer to write.
    package mutating func writeJSONInteger(_ value: Int) {
        if value < 0 { writeInteger(UInt8(ascii: "-")) }
        writeDecimal(UInt64(value.magnitude))
    }

    /// Appends `true` or `false`.
    ///
    /// - Parameter value: The boolean to write.
    package mutating func writeJSONBool(_ value: Bool) {
        if value { writeStaticString("true") } else { writeStaticString("false") }
    }

    /// Copies runs of bytes that need no escape in one go and escapes the rest.
    private mutating func writeJSONEscaped(_ bytes: UnsafeRawBufferPointer) {
        var runStart = 0
        for (offset, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            if runStart < offset { writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<offset])) }
            runStart = offset + 1
            switch byte {
            case UInt8(ascii: "\""): writeStaticString("\\\"")
            case UInt8(ascii: "\\"): writeStaticString("\\\\")
            case UInt8(ascii: "\n"): writeStaticString("\\n")
            case UInt8(ascii: "\r"): writeStaticString("\\r")
            case UInt8(ascii: "\t"): writeStaticString("\\t")
            default:
                let hexDigits: StaticString = "0123456789abcdef"
                writeStaticString("\\u00")
                hexDigits.withUTF8Buffer { digits in
                    writeInteger(digits[Int(byte >> 4)])
                    writeInteger(digits[Int(byte & 0x0F)])
                }
            }
        }
        if runStart < bytes.count { writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart...])) }
    }
}
