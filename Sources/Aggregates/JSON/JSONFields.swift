/// An object node and the path it was found at, so decoders name the exact field that is wrong
/// (`CreatePerson.name.components.prefixes`). Paths are built only on failure, or when asked for.
struct JSONFields {
    let node: JSONNode
    /// Where `node` is; nested objects extend it without building text.
    let location: JSONPath

    /// - Throws: `.invalidField` at `path` when `node` is not an object.
    init(_ node: JSONNode, at path: String) throws(CommandDecodingError) {
        try self.init(node, at: JSONPath(path))
    }

    /// - Throws: `.invalidField` at `location` when `node` is not an object.
    init(_ node: JSONNode, at location: JSONPath) throws(CommandDecodingError) {
        guard node.kind == .object else { throw .invalid(location.text, "expected an object, found \(node.kindName)") }
        self.node = node
        self.location = location
    }

    /// The path this object was found at.
    var path: String { location.text }

    /// The path of the member `key`.
    func path(_ key: StaticString) -> String {
        location.appending(key).text
    }

    /// The member `key`, which must be present (it may be null).
    /// - Throws: `.missingField` naming it.
    func required(_ key: StaticString) throws(CommandDecodingError) -> JSONNode {
        guard let value = node.member(key) else { throw .missing(path(key)) }
        return value
    }

    /// The member `key` unless it is absent or null.
    func optional(_ key: StaticString) -> JSONNode? {
        guard let value = node.member(key), !value.isNull else { return nil }
        return value
    }

    func object(_ key: StaticString) throws(CommandDecodingError) -> JSONFields {
        try JSONFields(try required(key), at: location.appending(key))
    }

    func string(_ key: StaticString) throws(CommandDecodingError) -> String {
        try required(key).string(at: path(key))
    }

    func optionalString(_ key: StaticString) throws(CommandDecodingError) -> String? {
        guard let value = optional(key) else { return nil }
        return try value.string(at: path(key))
    }

    func strings(_ key: StaticString) throws(CommandDecodingError) -> [String] {
        try required(key).strings(at: path(key))
    }

    func int(_ key: StaticString, in range: ClosedRange<Int64> = Int64(Int.min)...Int64(Int.max)) throws(CommandDecodingError) -> Int {
        Int(try required(key).int64(at: path(key), in: range))
    }

    func timestamp(_ key: StaticString) throws(CommandDecodingError) -> Timestamp {
        try required(key).timestamp(at: path(key))
    }

    func optionalTimestamp(_ key: StaticString) throws(CommandDecodingError) -> Timestamp? {
        guard let value = optional(key) else { return nil }
        return try value.timestamp(at: path(key))
    }

    func date(_ key: StaticString) throws(CommandDecodingError) -> CalendarDate {
        try required(key).date(at: path(key))
    }

    func optionalDate(_ key: StaticString) throws(CommandDecodingError) -> CalendarDate? {
        guard let value = optional(key) else { return nil }
        return try value.date(at: path(key))
    }

    /// A string that must be one of an enum's raw values.
    func variant<T: RawRepresentable & CaseIterable>(_ key: StaticString, as type: T.Type) throws(CommandDecodingError) -> T
    where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else {
            throw .invalid(path(key), "unknown variant \(text); expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

extension JSONNode {
    func string(at path: @autoclosure () -> String) throws(CommandDecodingError) -> String {
        guard isString else { throw .invalid(path(), "expected a string, found \(kindName)") }
        return decodedString()
    }

    func strings(at path: @autoclosure () -> String) throws(CommandDecodingError) -> [String] {
        guard kind == .array else { throw .invalid(path(), "expected an array of strings, found \(kindName)") }
        var result: [String] = []
        result.reserveCapacity(count)
        for (position, element) in elements.enumerated() {
            guard element.isString else { throw .invalid("\(path())[\(position)]", "expected a string, found \(element.kindName)") }
            result.append(element.decodedString())
        }
        return result
    }

    func int64(at path: @autoclosure () -> String, in range: ClosedRange<Int64> = .min ... .max) throws(CommandDecodingError) -> Int64 {
        guard let value = int64, range.contains(value) else {
            let what = kind == .number ? "the number \(rawText)" : kindName
            throw .invalid(path(), "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(what)")
        }
        return value
    }

    func double(at path: @autoclosure () -> String) throws(CommandDecodingError) -> Double {
        guard let value = double else {
            let what = kind == .number ? "the number \(rawText), which is out of range" : kindName
            throw .invalid(path(), "expected a finite number, found \(what)")
        }
        return value
    }

    func bool(at path: @autoclosure () -> String) throws(CommandDecodingError) -> Bool {
        guard let value = bool else { throw .invalid(path(), "expected a boolean, found \(kindName)") }
        return value
    }

    func timestamp(at path: @autoclosure () -> String) throws(CommandDecodingError) -> Timestamp {
        guard let value = withStringBytes(RFC3339.parseTimestamp) ?? nil else {
            throw .invalid(path(), "expected an RFC 3339 timestamp with an offset, found \(shortDescription)")
        }
        return value
    }

    func date(at path: @autoclosure () -> String) throws(CommandDecodingError) -> CalendarDate {
        guard let value = withStringBytes(RFC3339.parseDate) ?? nil else {
            throw .invalid(path(), "expected a date (YYYY-MM-DD), found \(shortDescription)")
        }
        return value
    }

    /// The one member of an externally tagged value such as `{"Length": 1.75}`.
    /// - Throws: `.invalidField` at `path` unless the node is an object with exactly one member.
    func tagged(at path: @autoclosure () -> String) throws(CommandDecodingError) -> (tag: String, value: JSONNode) {
        guard kind == .object, count == 1, let member = members.first(where: { _ in true }) else {
            let found = kind == .object ? "an object with \(count) members" : kindName
            throw .invalid(path(), "expected an object with exactly one tag, found \(found)")
        }
        return (member.key.decodedString(), member.value)
    }

    /// The value as a message quotes it: a string in quotes (cut at 64 bytes), else its kind.
    var shortDescription: String {
        guard isString else { return kindName }
        let text = decodedString()
        return text.utf8.count <= 64 ? "\"\(text)\"" : "\"\(text.prefix(48))…\""
    }
}

extension JSONFields {
    /// The fields of `document`'s root (paths start at its keys).
    /// - Throws: `.malformedJSON` when the root is not an object.
    static func root(of document: JSONDocument, expected: String) throws(CommandDecodingError) -> JSONFields {
        let root = document.root
        guard root.kind == .object else {
            throw CommandDecodingError(.malformedJSON, message: "expected \(expected) object, found \(root.kindName)")
        }
        return try JSONFields(root, at: "")
    }
}

extension CommandDecodingError {
    static func missing(_ path: String) -> CommandDecodingError {
        CommandDecodingError(.missingField, field: path, message: "missing field \(path)")
    }

    static func invalid(_ path: String, _ message: String) -> CommandDecodingError {
        CommandDecodingError(.invalidField, field: path, message: message)
    }

    /// Bytes that are not JSON at all.
    static func malformed(_ error: JSONParseError) -> CommandDecodingError {
        CommandDecodingError(.malformedJSON, message: "not JSON: \(error)")
    }
}
