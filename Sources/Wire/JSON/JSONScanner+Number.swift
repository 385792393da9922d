// Number values: integers with overflow checks, and skipping of any JSON number.
extension JSONScanner {
    /// Scans an optionally negative integer that fits in `Int64`.
    mutating func scanInteger() throws -> Int64 {
        let start = index
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        let magnitude = try scanMagnitude()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Self.error("integer overflow at offset \(start)") }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Self.error("integer overflow at offset \(start)") }
        return Int64(magnitude)
    }

    /// Scans the digits of a non-negative integer (no sign, fraction or exponent).
    mutating func scanMagnitude() throws -> UInt64 {
        let start = index
        let count = try scanDigits()
        guard count == 1 || bytes[start] != UInt8(ascii: "0") else {
            throw Self.error("leading zero in number at offset \(start)")
        }
        if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            throw Self.error("expected an integer at offset \(start)")
        }
        do {
            return try ASCIIDecimal.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        } catch {
            throw Self.error("integer overflow at offset \(start)")
        }
    }

    /// Skips one JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`) without converting it.
    mutating func skipNumber() throws {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = try scanDigits()
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw Self.error("leading zero in number at offset \(start)")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            _ = try scanDigits()
        }
        if let next = peek(), next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            _ = try scanDigits()
        }
    }

    /// Consumes one or more ASCII digits; returns how many.
    private mutating func scanDigits() throws -> Int {
        let start = index
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        guard index > start else { throw Self.error("expected a digit at offset \(index)") }
        return index - start
    }
}
