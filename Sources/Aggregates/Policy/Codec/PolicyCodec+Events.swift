extension PolicyCodec {
    /// Appends `{"aggregate_id":"<uuid>","sequence":N,"event":{"event_type":"<Name>",…},
    /// "timestamp":"…","correlation_id":"…","causation_id":"…"}`: the common envelope with a bare UUID.
    public func encodeEvent(_ envelope: EventEnvelope<PolicyAggregateID, PolicyEvent>, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            envelope.write(to: &writer, aggregateID: { $0.writeString(envelope.aggregateID.text) }, event: { envelope.event.write(to: &$0) })
        }
    }

    /// Reads an envelope written by `encodeEvent`.
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field, e.g. `event.approved_by`.
    public func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<PolicyAggregateID, PolicyEvent> {
        try EventEnvelope.decode(
            bytes,
            aggregateID: { (f) throws(CommandDecodingError) in try f.policyID("aggregate_id") },
            event: { (node) throws(CommandDecodingError) in try PolicyEvent.decode(node, at: "event") })
    }
}
