import Aggregates

/// One domain's aggregates as a fuzz script drives them: an in-memory store of the encoded
/// events, and the states decided so far. Every command goes through the same steps as in
/// the runtime (decode, read prerequisites, decide, wrap, encode, store); every stored event
/// is decoded back, and the aggregate's whole stream replayed, before the next command.
///
/// Shared by the fuzz targets (`FuzzCommandDecoders` sends every domain's commands through it;
/// `FuzzPolicyQueries` builds its read model from the Policy events it stores).
package struct FuzzSession<Codec: DomainCodec> where Codec.State: Equatable, Codec.State.Event: Equatable {
    package typealias State = Codec.State

    package let codec: Codec
    /// The decided states: what `apply` of the decided events gave.
    package var states: [State.ID: State] = [:]
    /// The stored envelopes' bytes, per aggregate, in order.
    package var streams: [State.ID: [[UInt8]]] = [:]
    /// Every stored envelope's bytes in the order stored, all aggregates together: the domain's
    /// stream as a read model's feed reads it.
    package var log: [[UInt8]] = []

    package init(codec: Codec) {
        self.codec = codec
    }

    /// Fixed metadata: the aggregates read no clock and invent no ids.
    package static var metadata: CommandMetadata {
        CommandMetadata(
            commandID: "0193a1b2-0000-7000-8000-00000000c0de", correlationID: "0193a1b2-0000-7000-8000-00000000c0a1",
            issuedAt: Timestamp(secondsSinceEpoch: 1_762_714_800, nanoseconds: 123_456_789))
    }

    /// Decodes, decides and stores one command; checks every invariant on the way.
    package mutating func send(subject: String, payload: UnsafeRawBufferPointer) {
        let decoded: State.Command
        do {
            decoded = try codec.decodeCommand(subject: subject, payload: payload, metadata: Self.metadata)
        } catch {
            // The signature makes it a CommandDecodingError; the reply needs a code and a sentence.
            if error.code.description.isEmpty || error.message.isEmpty { invariantBroken("a decoding error without a code or a message: \(error)") }
            return
        }
        if codec.commandName(decoded).isEmpty { invariantBroken("a decoded command without a name") }
        let command = resolvePrerequisites(decoded)
        if let scope = State.exclusiveScope(of: command), !State.exclusiveScopes.contains(scope) {
            invariantBroken("exclusive scope \(scope) is not among \(State.exclusiveScopes)")
        }
        let id = State.target(of: command)
        let before = states[id] ?? State()
        let events: [State.Event]
        do {
            events = try before.decide(command)
        } catch {
            let failure = codec.describe(error)
            if failure.code.isEmpty || failure.message.isEmpty { invariantBroken("a refusal without a code or a message: \(failure)") }
            return
        }
        var after = before
        for event in events { after.apply(event) }
        if after.version != before.version + events.count {
            invariantBroken("version \(after.version) after \(events.count) events from version \(before.version)")
        }
        store(EventEnvelope.wrap(events, aggregateID: id, after: before.version, metadata: Self.metadata), id: id)
        checkReplay(of: id, equals: after)
        checkSnapshot(after)
        checkReply(aggregateID: id, version: after.version, eventsGenerated: events.count)
        states[id] = after
    }

    /// Answers the command's reads from the decided states, as the runtime answers them from the
    /// store (an aggregate without events is `State()`); a read asked for twice would never end.
    func resolvePrerequisites(_ command: State.Command) -> State.Command {
        var reads: [State.ID: State] = [:]
        while true {
            switch State.prerequisite(of: command, reads: reads) {
            case .ready(let resolved):
                return resolved
            case .read(let id):
                if reads[id] != nil { invariantBroken("prerequisite asks again for \(id.text), already read") }
                reads[id] = states[id] ?? State()
            }
        }
    }
}
