extension PersonID {
    /// A UUID from its 36 text bytes, hex lowered; `nil` when the shape is wrong.
    init?(uuidBytes bytes: UnsafeRawBufferPointer) {
        guard let uuid = CanonicalUUID(bytes: bytes) else { return nil }
        self.text = uuid.text
    }

    /// A person id as the contract writes it, `{"id":"<uuid>"}`, or (an alias the seed's own
    /// examples use) a bare UUID string.
    /// - Throws: `.missingField` for an object without `id`, `.invalidField` for anything that is not a UUID.
    static func decode(_ node: JSONNode, at path: @autoclosure () -> String) throws(CommandDecodingError) -> PersonID {
        guard node.kind == .object else { return try uuid(node, at: path()) }
        guard let id = node.member("id") else { throw .missing(path() + ".id") }
        return try uuid(id, at: path() + ".id")
    }

    private static func uuid(_ node: JSONNode, at path: @autoclosure () -> String) throws(CommandDecodingError) -> PersonID {
        guard node.isString else { throw .invalid(path(), "expected {\"id\": \"<uuid>\"} or a UUID string, found \(node.kindName)") }
        guard let id = node.withStringBytes(PersonID.init(uuidBytes:)) ?? nil else {
            throw .invalid(path(), "expected a UUID, found \(node.shortDescription)")
        }
        return id
    }
}

extension JSONFields {
    func personID(_ key: StaticString) throws(CommandDecodingError) -> PersonID {
        try PersonID.decode(try required(key), at: path(key))
    }
}

extension JSONWriter {
    /// Writes `{"id":"<uuid>"}`.
    mutating func writePersonID(_ id: PersonID) {
        beginObject()
        writeField("id", id.text)
        endObject()
    }

    mutating func writeField(_ key: StaticString, _ id: PersonID) {
        writeKey(key)
        writePersonID(id)
    }
}
