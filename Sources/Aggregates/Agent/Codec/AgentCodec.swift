/// The Agent domain's JSON: commands and events internally tagged by `"type"` as the reference's
/// serde enums, bare UUIDs, RFC 3339 times. Standard library only.
///
/// Commands arrive on `agent.commands.<anything>`; only the six public commands decode (the
/// runtime's stream commands are never read from the wire). Events are stored once each on
/// `agent.events.<agent_id>.<suffix>` (see `AgentEvent.subjectSuffix`).
public struct AgentCodec: DomainCodec {
    public typealias State = Agent

    /// The codec; it has no configuration.
    public init() {}

    /// `agent`: commands arrive on `agent.commands.…`, events are stored on `agent.events.…`.
    public var domain: String { "agent" }

    /// Version 1: the snapshot written by `encodeState`.
    public var stateSchemaVersion: Int { 1 }

    /// `{"agent_id":"<uuid>","status":"ok","version":N}`: the original's `{"status":"ok"}` with
    /// the agent and the version it is at now, keys sorted as `json!` writes them.
    public func encodeSuccessReply(aggregateID: AgentID, version: Int, eventsGenerated: Int, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            writer.beginObject()
            writer.writeField("agent_id", aggregateID.text)
            writer.writeField("status", "ok")
            writer.writeField("version", version)
            writer.endObject()
        }
    }

    /// The command's name, e.g. `DeployAgent` (or, for the runtime's own, `RecordResponseChunk`).
    public func commandName(_ command: Issued<AgentCommand>) -> String {
        command.body.typeName
    }
}
