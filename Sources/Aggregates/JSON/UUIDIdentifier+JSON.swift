extension UUIDIdentifier {
    /// A bare UUID string, as Location, Agent and message ids are written.
    /// - Throws: `.invalidField` at `path` for anything that is not a UUID string.
    static func decodeUUID(_ node: JSONNode, at path: @autoclosure () -> String) throws(CommandDecodingError) -> Self {
        guard node.isString else { throw .invalid(path(), "expected a UUID string, found \(node.kindName)") }
        guard let id = node.withStringBytes(Self.init(uuidBytes:)) ?? nil else {
            throw .invalid(path(), "expected a UUID, found \(node.shortDescription)")
        }
        return id
    }
}

extension JSONFields {
    /// The bare UUID `key`.
    func uuid<ID: UUIDIdentifier>(_ key: StaticString, as type: ID.Type = ID.self) throws(CommandDecodingError) -> ID {
        try ID.decodeUUID(try required(key), at: path(key))
    }

    /// The bare UUID `key`, or `nil` when it is absent or null.
    func optionalUUID<ID: UUIDIdentifier>(_ key: StaticString, as type: ID.Type = ID.self) throws(CommandDecodingError) -> ID? {
        guard let value = optional(key) else { return nil }
        return try ID.decodeUUID(value, at: path(key))
    }
}

extension EventEnvelope where ID: UUIDIdentifier {
    /// `write(to:aggregateID:event:)` with the aggregate id as a bare UUID string.
    func write(to writer: inout JSONWriter, event: (inout JSONWriter) -> Void) {
        write(to: &writer, aggregateID: { $0.writeString(aggregateID.text) }, event: event)
    }

    /// `decode(_:aggregateID:event:)` with `aggregate_id` a bare UUID string.
    /// - Throws: as `decode(_:aggregateID:event:)`.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, event: (JSONNode) throws(CommandDecodingError) -> Event
    ) throws(CommandDecodingError) -> EventEnvelope {
        try decode(bytes, aggregateID: { (f) throws(CommandDecodingError) in try f.uuid("aggregate_id") }, event: event)
    }
}
