import Aggregates

extension FuzzSession {
    /// Encodes each envelope as the event store does, checks the bytes are JSON our parser reads,
    /// decodes them back (they must equal the envelope) and appends them to the stream.
    mutating func store(_ envelopes: [EventEnvelope<State.ID, State.Event>], id: State.ID) {
        for envelope in envelopes {
            var bytes: [UInt8] = []
            codec.encodeEvent(envelope, into: &bytes)
            checkJSON(bytes, what: "event \(envelope.event.typeName)")
            if envelope.event.typeName.isEmpty || envelope.event.subjectSuffix.isEmpty {
                invariantBroken("an event without a type name or subject suffix: \(envelope.event)")
            }
            let decoded = decodeEvent(bytes)
            if decoded != envelope {
                invariantBroken("event \(envelope.event.typeName) decodes to something else:\n\(envelope)\n\(decoded)\n\(text(bytes))")
            }
            streams[id, default: []].append(bytes)
            log.append(bytes)
        }
    }

    /// Replays the aggregate's stored stream from bytes into a fresh state: it must equal the state
    /// `decide` and `apply` gave, and the sequences must count 1, 2, 3 ….
    func checkReplay(of id: State.ID, equals decided: State) {
        var replayed = State()
        for bytes in streams[id] ?? [] {
            let envelope = decodeEvent(bytes)
            if envelope.sequence != replayed.version + 1 || envelope.aggregateID != id {
                invariantBroken("stored envelope \(envelope.sequence) of \(envelope.aggregateID.text) after version \(replayed.version) of \(id.text)")
            }
            replayed.apply(envelope.event)
        }
        if replayed != decided { invariantBroken("the replayed state differs from the decided one:\n\(replayed)\n\(decided)") }
    }

    /// The snapshot is JSON and reads back as the same state.
    func checkSnapshot(_ state: State) {
        var bytes: [UInt8] = []
        codec.encodeState(state, into: &bytes)
        checkJSON(bytes, what: "snapshot")
        let decoded = bytes.withUnsafeBytes { raw in Result { () throws(CommandDecodingError) in try codec.decodeState(raw) } }
        switch decoded {
        case .success(let restored):
            if restored != state { invariantBroken("the snapshot reads back as another state:\n\(state)\n\(restored)\n\(text(bytes))") }
        case .failure(let error):
            invariantBroken("the snapshot does not read back: \(error)\n\(text(bytes))")
        }
    }

    func checkReply(aggregateID: State.ID, version: Int, eventsGenerated: Int) {
        var bytes: [UInt8] = []
        codec.encodeSuccessReply(aggregateID: aggregateID, version: version, eventsGenerated: eventsGenerated, into: &bytes)
        checkJSON(bytes, what: "success reply")
    }

    package func decodeEvent(_ bytes: [UInt8]) -> EventEnvelope<State.ID, State.Event> {
        let decoded = bytes.withUnsafeBytes { raw in Result { () throws(CommandDecodingError) in try codec.decodeEvent(raw) } }
        switch decoded {
        case .success(let envelope): return envelope
        case .failure(let error): invariantBroken("a stored event does not decode: \(error)\n\(text(bytes))")
        }
    }

    func checkJSON(_ bytes: [UInt8], what: String) {
        _ = parseJSON(bytes, what: "the \(what) the codec wrote")
    }
}
