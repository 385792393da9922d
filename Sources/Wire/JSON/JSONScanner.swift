package import NIOCore

/// A minimal, allocation-light reader for one flat JSON object (the INFO line).
///
/// It walks the top-level object member by member: ``nextKey()`` returns each key, then exactly one
/// of the `read…` methods or ``skipValue()`` consumes its value. Nested objects and arrays are
/// skipped (validated, never materialised) up to ``maxDepth`` levels. Strings are the only values
/// that allocate, and only when they are longer than the small-string limit.
///
/// The scanner borrows the bytes it reads: use it inside ``forEachMember(in:_:)`` (or a
/// `withUnsafe…Bytes` closure) and never let it escape. Every read is bounds-checked; malformed
/// input throws `NATSProtocolError(.invalidInfo, …)` and never traps.
package struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted, the top-level object included.
    package static let maxDepth = 64

    /// The kind of the next value, as told by its first byte.
    package enum ValueKind: Sendable, Equatable {
        case string, number, bool, null, array, object
    }

    let bytes: UnsafeRawBufferPointer
    var index: Int
    /// Where the scanner is in the top-level object.
    private var state = State.start
    /// Containers the scanner is inside: 1 within the top-level object, else 0.
    private var depth: Int { state == .inObject ? 1 : 0 }
    /// A member has been read, so the next one must be preceded by a comma.
    private var hasMember = false
    /// A key was returned and its value has not been consumed yet.
    private var valuePending = false

    /// Creates a scanner over borrowed bytes.
    ///
    /// - Parameter bytes: The JSON text. It must stay valid while the scanner is used.
    package init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.index = 0
    }

    /// Calls `body` with each key of a flat JSON object and a scanner positioned on its value.
    ///
    /// `body` reads the value with one `read…` call or ``skipValue()``; a value it leaves unread is
    /// skipped. After the closing brace only whitespace may follow.
    ///
    /// - Parameters:
    ///   - buffer: The JSON text of one object.
    ///   - body: Receives each key (escapes decoded) and the scanner.
    /// - Throws: `NATSProtocolError(.invalidInfo, …)` on malformed JSON, or what `body` throws.
    package static func forEachMember(
        in buffer: ByteBuffer,
        _ body: (String, inout JSONScanner) throws -> Void
    ) throws {
        try buffer.withUnsafeReadableBytes { try forEachMember(in: $0, body) }
    }

    /// ``forEachMember(in:_:)-(ByteBuffer,_)`` over bytes the caller already has in hand.
    package static func forEachMember(
        in bytes: UnsafeRawBufferPointer,
        _ body: (String, inout JSONScanner) throws -> Void
    ) throws {
        var scanner = JSONScanner(bytes: bytes)
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            try body(key, &scanner)
            if scanner.valuePending { try scanner.skipValue() }
        }
        try scanner.finish()
    }

    // MARK: Object iteration

    /// Consumes leading whitespace and the `{` opening the top-level object.
    ///
    /// - Throws: `.invalidInfo` when the text does not start with an object.
    package mutating func beginObject() throws {
        guard state == .start else { throw Self.error("object already started") }
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "'{'")
        state = .inObject
    }

    /// Returns the next key of the top-level object and consumes its `:`, or `nil` once the
    /// closing `}` has been consumed.
    ///
    /// - Returns: The key with escapes decoded, or `nil` at the end of the object.
    /// - Throws: `.invalidInfo` on malformed JSON or when the previous value was not consumed.
    package mutating func nextKey() throws -> String? {
        guard state == .inObject else { throw Self.error("not inside an object") }
        guard !valuePending else { throw Self.error("previous value not consumed") }
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            state = .done
            return nil
        }
        if hasMember {
            try expect(UInt8(ascii: ","), "',' or '}'")
            skipWhitespace()
        }
        let key = try scanString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
        skipWhitespace()
        hasMember = true
        valuePending = true
        return key
    }

    /// Checks that only whitespace follows the closed top-level object.
    ///
    /// - Throws: `.invalidInfo` when the object is still open or other bytes follow it.
    package mutating func finish() throws {
        guard state == .done else { throw Self.error("object not closed") }
        skipWhitespace()
        guard index == bytes.count else { throw Self.error("unexpected bytes after the object at offset \(index)") }
    }

    // MARK: Values

    /// The kind of the value at the current position, without consuming it (``nextKey()`` leaves
    /// the position on the value's first byte).
    ///
    /// - Throws: `.invalidInfo` at the end of input or on a byte no value starts with.
    package func peekKind() throws -> ValueKind {
        guard let byte = peek() else { throw Self.error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "{"): return .object
        default: throw Self.error("unexpected byte 0x\(Self.hex(byte)) at offset \(index)")
        }
    }

    /// Reads a string value, decoding all escapes.
    ///
    /// - Returns: The decoded string.
    /// - Throws: `.invalidInfo` when the value is not a well-formed string.
    package mutating func readString() throws -> String {
        try beginValue(.string)
        let value = try scanString()
        endValue()
        return value
    }

    /// Reads an integer value that fits in `Int64`.
    ///
    /// - Returns: The integer.
    /// - Throws: `.invalidInfo` for non-numbers, fractions, exponents and overflow.
    package mutating func readInt64() throws -> Int64 {
        try beginValue(.number)
        let value = try scanInteger()
        endValue()
        return value
    }

    /// Reads a non-negative integer value that fits in `UInt64`.
    ///
    /// - Returns: The integer.
    /// - Throws: `.invalidInfo` for non-numbers, negatives, fractions, exponents and overflow.
    package mutating func readUInt64() throws -> UInt64 {
        try beginValue(.number)
        guard peek() != UInt8(ascii: "-") else { throw Self.error("negative number at offset \(index)") }
        let value = try scanMagnitude()
        endValue()
        return value
    }

    /// Reads `true` or `false`.
    ///
    /// - Returns: The boolean.
    /// - Throws: `.invalidInfo` when the value is not a boolean.
    package mutating func readBool() throws -> Bool {
        try beginValue(.bool)
        let value: Bool
        if peek() == UInt8(ascii: "t") {
            try expectLiteral("true")
            value = true
        } else {
            try expectLiteral("false")
            value = false
        }
        endValue()
        return value
    }

    /// Consumes a `null` value if one is next.
    ///
    /// - Returns: `true` when `null` was consumed, `false` (nothing consumed) for any other value.
    /// - Throws: `.invalidInfo` on a malformed literal starting with `n`, or at the end of input.
    package mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard try peekKind() == .null else { return false }
        try expectLiteral("null")
        endValue()
        return true
    }

    /// Reads an array whose elements are all strings.
    ///
    /// - Returns: The decoded strings, in order.
    /// - Throws: `.invalidInfo` when the value is not an array of strings.
    package mutating func readStringArray() throws -> [String] {
        try beginValue(.array)
        index += 1
        var values: [String] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            endValue()
            return values
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw Self.error("expected a string array element at offset \(index)") }
            values.append(try scanString())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                endValue()
                return values
            default: throw Self.error("expected ',' or ']' at offset \(index)")
            }
        }
    }

    /// Skips one value of any kind, validating it; nested containers count towards ``maxDepth``.
    ///
    /// - Throws: `.invalidInfo` on malformed JSON or nesting deeper than ``maxDepth``.
    package mutating func skipValue() throws {
        skipWhitespace()
        try skipAnyValue(maxNesting: Self.maxDepth - depth)
        endValue()
    }

    // MARK: Helpers shared by the extensions

    private mutating func beginValue(_ kind: ValueKind) throws {
        skipWhitespace()
        let actual = try peekKind()
        guard actual == kind else { throw Self.error("expected \(kind) but found \(actual) at offset \(index)") }
    }

    private enum State { case start, inObject, done }

    private mutating func endValue() {
        valuePending = false
    }

    func peek() -> UInt8? {
        index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    mutating func skipWhitespace() {
        while let byte = peek(),
              byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") {
            index += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ expected: StaticString) throws {
        guard peek() == byte else { throw Self.error("expected \(expected) at offset \(index)") }
        index += 1
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
        let start = index
        let matched = literal.withUTF8Buffer { expected in
            for byte in expected {
                guard peek() == byte else { return false }
                index += 1
            }
            return true
        }
        guard matched else { throw Self.error("invalid literal at offset \(start)") }
    }

    static func error(_ detail: String) -> NATSProtocolError {
        NATSProtocolError(.invalidInfo, "invalid JSON: \(detail)")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits: StaticString = "0123456789ABCDEF"
        return digits.withUTF8Buffer { d in
            String(decoding: [d[Int(byte >> 4)], d[Int(byte & 0x0F)]], as: UTF8.self)
        }
    }
}

@available(*, unavailable, message: "JSONScanner borrows memory; use it inside one closure")
extension JSONScanner: Sendable {}
