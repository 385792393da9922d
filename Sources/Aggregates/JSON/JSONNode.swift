/// A value in a parsed document, by its tape index. Cheap to copy; valid as long as its document.
struct JSONNode {
    let document: JSONDocument
    let index: Int

    var entry: JSONTapeEntry { document.tape[index] }
    var kind: JSONTapeEntry.Kind { entry.kind }
    var isNull: Bool { kind == .null }
    var isString: Bool { kind == .string || kind == .escapedString }

    /// Elements of an array, members of an object, 0 otherwise.
    var count: Int { Int(entry.count) }

    /// The value's exact source bytes (a string's include its quotes).
    var rawBytes: UnsafeRawBufferPointer {
        let e = entry
        return UnsafeRawBufferPointer(rebasing: document.bytes[Int(e.start)..<Int(e.end)])
    }

    /// The value's exact source text.
    var rawText: String { String(decoding: rawBytes, as: UTF8.self) }

    /// A string's bytes between its quotes, escapes not decoded.
    var contentBytes: UnsafeRawBufferPointer {
        let e = entry
        return UnsafeRawBufferPointer(rebasing: document.bytes[Int(e.start + 1)..<Int(e.end - 1)])
    }

    /// A string's decoded text; call only on strings.
    func decodedString() -> String {
        kind == .string ? String(decoding: contentBytes, as: UTF8.self) : JSONEscapes.decode(contentBytes)
    }

    /// The text of a string, or `nil` for other kinds.
    var string: String? { isString ? decodedString() : nil }

    /// Runs `body` on a string's decoded UTF-8 without copying when it has no escapes.
    func withStringBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R? {
        switch kind {
        case .string: return body(contentBytes)
        case .escapedString:
            var text = decodedString()
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        default: return nil
        }
    }

    var bool: Bool? {
        switch kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// An integer written without fraction or exponent that fits `Int64`.
    var int64: Int64? { kind == .number ? JSONNumber.int64(rawBytes) : nil }

    /// Any number as the nearest finite `Double`; `nil` when it overflows.
    var double: Double? { kind == .number ? JSONNumber.double(rawBytes) : nil }

    /// An array's elements in order (empty for other kinds).
    var elements: JSONElements {
        JSONElements(document: document, cursor: index + 1, remaining: kind == .array ? count : 0)
    }

    /// An object's members in order (empty for other kinds).
    var members: JSONMembers {
        JSONMembers(document: document, cursor: index + 1, remaining: kind == .object ? count : 0)
    }

    /// The value of an object's member named `key` (keys are unique), or `nil`.
    func member(_ key: StaticString) -> JSONNode? {
        guard kind == .object else { return nil }
        var child = index + 1
        for _ in 0..<count {
            if JSONNode(document: document, index: child).equals(key) { return JSONNode(document: document, index: child + 1) }
            child = Int(document.tape[child + 1].next)
        }
        return nil
    }

    /// Whether this string's decoded bytes are `text`'s.
    func equals(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { utf8 in
            let expected = UnsafeRawBufferPointer(utf8)
            let e = entry
            switch e.kind {
            case .string:
                // Most keys differ in length: compare that before any byte.
                return Int(e.end - e.start) - 2 == expected.count && JSONDocument.sameBytes(contentBytes, expected)
            case .escapedString:
                return withStringBytes { JSONDocument.sameBytes($0, expected) } ?? false
            default:
                return false
            }
        }
    }

    /// How messages name this node's kind: `a string`, `an object` …
    var kindName: String {
        switch kind {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string, .escapedString: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The elements of an array node.
struct JSONElements: Sequence, IteratorProtocol {
    let document: JSONDocument
    var cursor: Int
    var remaining: Int

    mutating func next() -> JSONNode? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let node = JSONNode(document: document, index: cursor)
        cursor = Int(document.tape[cursor].next)
        return node
    }
}

/// The members of an object node: each key (a string node) and its value.
struct JSONMembers: Sequence, IteratorProtocol {
    let document: JSONDocument
    var cursor: Int
    var remaining: Int

    mutating func next() -> (key: JSONNode, value: JSONNode)? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let key = JSONNode(document: document, index: cursor)
        cursor = Int(document.tape[cursor + 1].next)
        return (key, JSONNode(document: document, index: key.index + 1))
    }
}
