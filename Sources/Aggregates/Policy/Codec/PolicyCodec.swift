/// The Policy domain's JSON: plain-object commands chosen by their subject's last token, bare
/// UUIDs, events internally tagged by `"event_type"` with the reference's field names, stored in
/// the common envelope. Standard library only.
public struct PolicyCodec: DomainCodec {
    public typealias State = PolicyAggregate

    /// The codec; it has no configuration.
    public init() {}

    /// `policy`: commands arrive on `policy.commands.<verb>`.
    public var domain: String { "policy" }

    /// `events.policy`: events are stored on `events.policy.<id>.<suffix>` (the original's stream
    /// `POLICY_EVENTS` captures `events.policy.>`).
    public var eventSubjectPrefix: String { "events.policy" }

    /// Version 1: the snapshot written by `encodeState`.
    public var stateSchemaVersion: Int { 1 }

    /// `{"id":"<uuid>","status":"accepted","version":N}` (sorted keys). The id field is `id`, not
    /// `policy_id`: the reply is written without the command, and the id may name a policy, a set
    /// or an exemption.
    public func encodeSuccessReply(aggregateID: PolicyAggregateID, version: Int, eventsGenerated: Int, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            writer.beginObject()
            writer.writeField("id", aggregateID)
            writer.writeField("status", "accepted")
            writer.writeField("version", version)
            writer.endObject()
        }
    }

    /// The command's name, e.g. `ApprovePolicy`.
    public func commandName(_ command: PolicyRequest) -> String {
        command.body.typeName
    }
}
