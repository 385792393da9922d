extension LocationCodec {
    /// Appends `{"aggregate_id":"<uuid>","sequence":N,"event":{"<EventName>":{…}},"timestamp":"…",
    /// "correlation_id":"…","causation_id":"…"}`: Person's envelope with Location's bare UUID.
    public func encodeEvent(_ envelope: EventEnvelope<LocationID, LocationEvent>, into buffer: inout [UInt8]) {
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

    /// Reads an envelope written by `encodeEvent`.
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field, e.g. `event.LocationDefined.location_type`.
    public func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<LocationID, LocationEvent> {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            let f = try Self.rootObject(document, expected: "an event envelope")
            return EventEnvelope(
                aggregateID: try f.locationID("aggregate_id"), sequence: try f.int("sequence", in: 0...Int64(Int.max)),
                event: try LocationEvent.decode(try f.required("event"), at: "event"), timestamp: try f.timestamp("timestamp"),
                correlationID: try f.string("correlation_id"), causationID: try f.string("causation_id"))
        }
    }
}
