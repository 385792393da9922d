extension PersonID {
    /// A UUID from its 36 text bytes, hex lowered; `nil` when the shape is wrong.
    init?(uuidBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 36 else { return nil }
        var valid = true
        let text = String(unsafeUninitializedCapacity: 36) { out in
            for i in 0..<36 {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "-") where i == 8 || i == 13 || i == 18 || i == 23: out[i] = byte
                case _ where i == 8 || i == 13 || i == 18 || i == 23: valid = false
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): out[i] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "F"): out[i] = byte + 32
                default: valid = false
                }
                if !valid { return 0 }
            }
            return 36
        }
        guard valid else { return nil }
        self.text = text
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
