// Skipping (and validating) values of any shape, without recursion.
extension JSONScanner {
    /// Skips one value at the current position. Containers nest at most `maxNesting` deep.
    ///
    /// The open containers are kept in a 64-bit stack (bit `n` set: level `n` is an object), so
    /// skipping never recurses and never allocates.
    mutating func skipAnyValue(maxNesting: Int) throws {
        let limit = min(maxNesting, 64)
        var objects: UInt64 = 0
        var level = 0
        value: while true {
            skipWhitespace()
            switch try peekKind() {
            case .string:
                _ = try scanStringBounds()
            case .number:
                try skipNumber()
            case .bool:
                try expectLiteral(peek() == UInt8(ascii: "t") ? "true" : "false")
            case .null:
                try expectLiteral("null")
            case .array, .object:
                let isObject = peek() == UInt8(ascii: "{")
                guard level < limit else {
                    throw Self.error("nesting deeper than \(Self.maxDepth) at offset \(index)")
                }
                if isObject { objects |= 1 << UInt64(level) } else { objects &= ~(1 << UInt64(level)) }
                level += 1
                index += 1
                skipWhitespace()
                if peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    level -= 1
                } else {
                    if isObject { try skipMemberKey() }
                    continue value
                }
            }
            // A value is complete: close finished containers, or go on to the next element.
            while level > 0 {
                skipWhitespace()
                let isObject = objects & (1 << UInt64(level - 1)) != 0
                switch peek() {
                case UInt8(ascii: ","):
                    index += 1
                    if isObject {
                        skipWhitespace()
                        try skipMemberKey()
                    }
                    continue value
                case isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"):
                    index += 1
                    level -= 1
                default:
                    throw Self.error("expected ',' or '\(isObject ? "}" : "]")' at offset \(index)")
                }
            }
            return
        }
    }

    /// Skips `"key"` and the `:` after it.
    private mutating func skipMemberKey() throws {
        guard peek() == UInt8(ascii: "\"") else { throw Self.error("expected a key at offset \(index)") }
        _ = try scanStringBounds()
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
    }
}
