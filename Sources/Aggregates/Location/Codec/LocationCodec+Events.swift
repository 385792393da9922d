extension LocationCodec {
    /// Appends `{"aggregate_id":"<uuid>","sequence":N,"event":{"<EventName>":{…}},"timestamp":"…",
    /// "correlation_id":"…","causation_id":"…"}`: Person's envelope with Location's bare UUID.
    public func encodeEvent(_ envelope: EventEnvelope<LocationID, LocationEvent>, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            envelope.write(to: &writer) { envelope.event.write(to: &$0) }
        }
    }

    /// Reads an envelope written by `encodeEvent`.
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field, e.g. `event.LocationDefined.location_type`.
    public func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<LocationID, LocationEvent> {
        try EventEnvelope.decode(bytes) { (node) throws(CommandDecodingError) in try LocationEvent.decode(node, at: "event") }
    }
}
