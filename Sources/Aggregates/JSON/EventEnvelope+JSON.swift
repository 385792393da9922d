extension EventEnvelope {
    /// Writes the stored envelope every domain shares, keys in this order:
    /// `{"aggregate_id":…,"sequence":N,"event":…,"timestamp":"…","correlation_id":"…","causation_id":"…"}`.
    /// The domain writes its id's value (`aggregateID`) and its event's (`event`).
    func write(to writer: inout JSONWriter, aggregateID: (inout JSONWriter) -> Void, event: (inout JSONWriter) -> Void) {
        writer.beginObject()
        writer.writeKey("aggregate_id")
        aggregateID(&writer)
        writer.writeField("sequence", sequence)
        writer.writeKey("event")
        event(&writer)
        writer.writeField("timestamp", timestamp)
        writer.writeField("correlation_id", correlationID)
        writer.writeField("causation_id", causationID)
        writer.endObject()
    }

    /// Reads an envelope written by `write(to:aggregateID:event:)`; the domain reads its id from
    /// the envelope's fields and its event from the `event` value.
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field.
    static func decode(
        _ bytes: UnsafeRawBufferPointer,
        aggregateID: (JSONFields) throws(CommandDecodingError) -> ID,
        event: (JSONNode) throws(CommandDecodingError) -> Event
    ) throws(CommandDecodingError) -> EventEnvelope {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            let f = try JSONFields.root(of: document, expected: "an event envelope")
            return EventEnvelope(
                aggregateID: try aggregateID(f), sequence: try f.int("sequence", in: 0...Int64(Int.max)),
                event: try event(try f.required("event")), timestamp: try f.timestamp("timestamp"),
                correlationID: try f.string("correlation_id"), causationID: try f.string("causation_id"))
        }
    }
}
