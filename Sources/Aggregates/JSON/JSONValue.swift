/// A JSON value. Objects keep their members in order; numbers keep their source text.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// Members in document order; a parsed object never repeats a key.
    case object([JSONMember])

    /// Parses one RFC 8259 JSON text (surrounding whitespace allowed).
    /// - Throws: `JSONParseError` with the byte offset of the first problem.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(JSONParseError) {
        self = try JSONDocument.parse(bytes, onError: { $0 }) { (document) throws(JSONParseError) in
            JSONValue(document.root)
        }
    }

    /// Parses the UTF-8 of `text`.
    /// - Throws: `JSONParseError` with the byte offset of the first problem.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try JSONValue(parsing: UnsafeRawBufferPointer(utf8)) }
        }
        self = try result.get()
    }

    /// Builds the value of a parsed node.
    init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .true: self = .bool(true)
        case .false: self = .bool(false)
        case .number: self = .number(JSONNumber(unchecked: node.rawText))
        case .string, .escapedString: self = .string(node.decodedString())
        case .array: self = .array(node.elements.map(JSONValue.init))
        case .object: self = .object(node.members.map { JSONMember(key: $0.key.decodedString(), value: JSONValue($0.value)) })
        }
    }

    /// The value of the first member named `key` of an object; `nil` for other kinds.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The compact JSON text of the value.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.writeValue(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// One member of a JSON object.
public struct JSONMember: Hashable, Sendable {
    public var key: String
    public var value: JSONValue

    /// A member named `key`.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
