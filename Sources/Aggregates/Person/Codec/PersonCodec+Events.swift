extension PersonCodec {
    /// Appends `{"aggregate_id":{"id":…},"sequence":N,"event":{"<EventName>":{…}},"timestamp":"…",
    /// "correlation_id":"…","causation_id":"…"}`, keys in that order.
    public func encodeEvent(_ envelope: EventEnvelope<PersonID, PersonEvent>, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            envelope.write(to: &writer, aggregateID: { $0.writePersonID(envelope.aggregateID) }, event: { envelope.event.write(to: &$0) })
        }
    }

    /// Reads an envelope written by `encodeEvent` (or by the original service).
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field, e.g. `event.PersonCreated.name`.
    public func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<PersonID, PersonEvent> {
        try EventEnvelope.decode(
            bytes,
            aggregateID: { (f) throws(CommandDecodingError) in try f.personID("aggregate_id") },
            event: { (node) throws(CommandDecodingError) in try PersonEvent.decode(node, at: "event") })
    }
}
