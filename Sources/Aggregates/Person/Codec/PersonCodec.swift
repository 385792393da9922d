/// The Person domain's JSON, byte-compatible with the original person-service: externally
/// tagged commands and events, `{"id":"<uuid>"}` person ids, RFC 3339 times in UTC.
/// Standard library only; reads and writes bytes without intermediate values.
public struct PersonCodec: DomainCodec {
    public typealias State = Person

    /// The codec; it has no configuration.
    public init() {}

    /// `person`.
    public var domain: String { "person" }

    /// Version 1: the snapshot written by `encodeState`.
    public var stateSchemaVersion: Int { 1 }

    /// `{"aggregate_id":{"id":"<uuid>"},"events_generated":K,"version":N}`: alphabetical keys, as the
    /// original's `json!` wrote them.
    public func encodeSuccessReply(aggregateID: PersonID, version: Int, eventsGenerated: Int, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in
            writer.beginObject()
            writer.writeField("aggregate_id", aggregateID)
            writer.writeField("events_generated", eventsGenerated)
            writer.writeField("version", version)
            writer.endObject()
        }
    }

    /// The refusal's code in snake_case (`already_exists`, `attribute_not_found` …), its field and message.
    public func describe(_ failure: PersonError) -> DomainFailure {
        DomainFailure(code: Self.snakeCase(failure.code.description), field: failure.field, message: failure.message)
    }

    /// `alreadyExists` → `already_exists`.
    static func snakeCase(_ camel: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(camel.utf8.count + 4)
        for byte in camel.utf8 {
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
                if !bytes.isEmpty { bytes.append(UInt8(ascii: "_")) }
                bytes.append(byte + 32)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
