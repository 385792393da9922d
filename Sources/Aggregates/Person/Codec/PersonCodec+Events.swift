extension PersonCodec {
    /// Appends `{"aggregate_id":{"id":…},"sequence":N,"event":{"<EventName>":{…}},"timestamp":"…",
    /// "correlation_id":"…","causation_id":"…"}`, keys in that order.
    public func encodeEvent(_ envelope: EventEnvelope<PersonID, PersonEvent>, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            writer.beginObject()
            writer.writeField("aggregate_id", envelope.aggregateID)
            writer.writeField("sequence", envelope.sequence)
            writer.writeKey("event")
            envelope.event.write(to: &writer)
            writer.writeField("timestamp", envelope.timestamp)
            writer.writeField("correlation_id", envelope.correlationID)
            writer.writeField("causation_id", envelope.causationID)
            writer.endObject()
        }
    }

    /// Reads an envelope written by `encodeEvent` (or by the original service).
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field, e.g. `event.PersonCreated.name`.
    public func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<PersonID, PersonEvent> {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            let f = try Self.rootObject(document, expected: "an event envelope")
            return EventEnvelope(
                aggregateID: try f.personID("aggregate_id"), sequence: try f.int("sequence", in: 0...Int64(Int.max)),
                event: try PersonEvent.decode(try f.required("event"), at: "event"), timestamp: try f.timestamp("timestamp"),
                correlationID: try f.string("correlation_id"), causationID: try f.string("causation_id"))
        }
    }

    /// The root's fields (paths start at its keys).
    /// - Throws: `.malformedJSON` when the root is not an object.
    static func rootObject(_ document: JSONDocument, expected: String) throws(CommandDecodingError) -> JSONFields {
        let root = document.root
        guard root.kind == .object else {
            throw CommandDecodingError(.malformedJSON, message: "expected \(expected) object, found \(root.kindName)")
        }
        return try JSONFields(root, at: "")
    }
}
