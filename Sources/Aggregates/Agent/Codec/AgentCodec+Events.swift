extension AgentCodec {
    /// Appends `{"aggregate_id":"<uuid>","sequence":N,"event":{"type":"AgentDeployed",…},
    /// "timestamp":"…","correlation_id":"…","causation_id":"…"}`: the shared envelope with the
    /// agent's bare UUID.
    public func encodeEvent(_ envelope: EventEnvelope<AgentID, AgentEvent>, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            envelope.write(to: &writer) { envelope.event.write(to: &$0) }
        }
    }

    /// Reads an envelope written by `encodeEvent`.
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object, else `.missingField` or
    ///   `.invalidField` naming the field, e.g. `event.chunk.chunk_index`.
    public func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<AgentID, AgentEvent> {
        try EventEnvelope.decode(bytes) { (node) throws(CommandDecodingError) in try AgentEvent.decode(node, at: "event") }
    }
}
