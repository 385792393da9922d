/// The Location domain's JSON: plain-struct commands chosen by their subject's last token, bare
/// UUIDs, events externally tagged as the reference's `LocationDomainEvent`, maps written with
/// sorted keys. Standard library only.
public struct LocationCodec: DomainCodec {
    public typealias State = Location

    /// The codec; it has no configuration.
    public init() {}

    /// `location`: commands arrive on `location.commands.<verb>`.
    public var domain: String { "location" }

    /// `events.location`: events are stored on `events.location.<location_id>.<suffix>` (the
    /// seed's subjects), not on `<domain>.events.…` as Person's are.
    public var eventSubjectPrefix: String { "events.location" }

    /// Version 1: the snapshot written by `encodeState`.
    public var stateSchemaVersion: Int { 1 }

    /// `{"location_id":"<uuid>","status":"accepted","version":N}`: the original's reply (sorted
    /// keys, as its `json!` wrote them) plus the version the aggregate is at now.
    public func encodeSuccessReply(aggregateID: LocationID, version: Int, eventsGenerated: Int, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            writer.beginObject()
            writer.writeField("location_id", aggregateID)
            writer.writeField("status", "accepted")
            writer.writeField("version", version)
            writer.endObject()
        }
    }

    /// The original's command name, e.g. `DefineLocation`.
    public func commandName(_ command: LocationRequest) -> String {
        command.body.typeName
    }
}
