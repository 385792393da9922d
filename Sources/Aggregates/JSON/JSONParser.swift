/// An RFC 8259 parser from bytes to a tape. Strings are validated (escapes, surrogate pairs,
/// UTF-8, no raw control characters) but not decoded; numbers are checked against the grammar.
/// Every step advances or fails, so it ends on any input.
struct JSONParser: ~Copyable {
    /// The deepest nesting of arrays and objects accepted.
    static let maxDepth = 64
    /// Objects with more members than this are checked for duplicate keys with a set.
    static let pairwiseKeyLimit = 16
    /// The entries of a stack scratch tape: 1 KiB, which `withUnsafeTemporaryAllocation` always
    /// puts on the stack (51 values; a command such as CreatePerson has about 30).
    static let scratchCapacity = 1024 / MemoryLayout<JSONTapeEntry>.stride

    let bytes: UnsafeRawBufferPointer
    var offset = 0
    var tape: JSONTapeBuffer

    /// A parser whose tape starts on the heap, sized for `bytes`.
    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        tape = JSONTapeBuffer(capacity: Self.estimatedCapacity(bytes))
    }

    /// A parser whose tape starts in `scratch` (which must outlive it) and moves to the heap when full.
    init(bytes: UnsafeRawBufferPointer, scratch: UnsafeMutableBufferPointer<JSONTapeEntry>) {
        self.bytes = bytes
        tape = JSONTapeBuffer(scratch: scratch, thenCapacity: Self.estimatedCapacity(bytes))
    }

    /// A first guess at the number of values in `bytes` (about one per 8 bytes), capped.
    static func estimatedCapacity(_ bytes: UnsafeRawBufferPointer) -> Int {
        min(bytes.count / 8 + 1, 1024)
    }

    /// Parses one JSON text with optional surrounding whitespace into `tape`, root first.
    /// - Throws: `JSONParseError` at the first byte that breaks the grammar.
    mutating func parse() throws(JSONParseError) {
        guard bytes.count < Int(UInt32.max) else { throw JSONParseError(offset: 0, message: "the input is larger than 4 GiB") }
        skipWhitespace()
        try parseValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw fail("expected the end of the input after the JSON value, found \(found())") }
    }

    /// Parses one JSON text with optional surrounding whitespace.
    /// - Returns: a copy of the tape, root first.
    /// - Throws: `JSONParseError` at the first byte that breaks the grammar.
    mutating func parseDocument() throws(JSONParseError) -> [JSONTapeEntry] {
        try parse()
        return Array(tape.entries)
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) {
        guard offset < bytes.count else { throw fail("expected a value, found the end of the input") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", kind: .true)
        case UInt8(ascii: "f"): try parseLiteral("false", kind: .false)
        case UInt8(ascii: "n"): try parseLiteral("null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw fail("expected a value, found \(found())")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) {
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) arrays and objects") }
        let index = open(.object)
        skipWhitespace()
        var count: UInt32 = 0
        if isAt(UInt8(ascii: "}")) {
            offset += 1
        } else {
            while true {
                guard isAt(UInt8(ascii: "\"")) else { throw fail("expected a string key, found \(found())") }
                try parseString()
                skipWhitespace()
                guard isAt(UInt8(ascii: ":")) else { throw fail("expected ':' after an object key, found \(found())") }
                offset += 1
                skipWhitespace()
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                if isAt(UInt8(ascii: ",")) {
                    offset += 1
                    skipWhitespace()
                } else if isAt(UInt8(ascii: "}")) {
                    offset += 1
                    break
                } else {
                    throw fail("expected ',' or '}' in an object, found \(found())")
                }
            }
        }
        close(index, count: count)
        if count > 1 { try checkDuplicateKeys(object: index, count: Int(count)) }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) {
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) arrays and objects") }
        let index = open(.array)
        skipWhitespace()
        var count: UInt32 = 0
        if isAt(UInt8(ascii: "]")) {
            offset += 1
        } else {
            while true {
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                if isAt(UInt8(ascii: ",")) {
                    offset += 1
                    skipWhitespace()
                } else if isAt(UInt8(ascii: "]")) {
                    offset += 1
                    break
                } else {
                    throw fail("expected ',' or ']' in an array, found \(found())")
                }
            }
        }
        close(index, count: count)
    }

    mutating func parseLiteral(_ literal: StaticString, kind: JSONTapeEntry.Kind) throws(JSONParseError) {
        let start = offset
        let matches = literal.withUTF8Buffer { text in
            guard bytes.count - start >= text.count else { return false }
            for i in 0..<text.count where bytes[start + i] != text[i] { return false }
            return true
        }
        guard matches else { throw fail("expected a value, found \(found())") }
        offset += literal.utf8CodeUnitCount
        append(kind, from: start)
    }

    mutating func parseNumber() throws(JSONParseError) {
        let start = offset
        if isAt(UInt8(ascii: "-")) { offset += 1 }
        if isAt(UInt8(ascii: "0")) {
            offset += 1
        } else if offset < bytes.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[offset]) {
            skipDigits()
        } else {
            throw fail("expected a digit in a number, found \(found())")
        }
        if isAt(UInt8(ascii: ".")) {
            offset += 1
            guard isAtDigit() else { throw fail("expected a digit after the decimal point, found \(found())") }
            skipDigits()
        }
        if isAt(UInt8(ascii: "e")) || isAt(UInt8(ascii: "E")) {
            offset += 1
            if isAt(UInt8(ascii: "+")) || isAt(UInt8(ascii: "-")) { offset += 1 }
            guard isAtDigit() else { throw fail("expected a digit in the exponent, found \(found())") }
            skipDigits()
        }
        append(.number, from: start)
    }
}
