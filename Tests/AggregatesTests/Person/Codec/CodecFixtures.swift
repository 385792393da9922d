import Aggregates
import Testing

/// The codec, fixed metadata, and helpers that go through bytes like the runtime does.
enum CodecFixture {
    static let codec = PersonCodec()
    static let metadata = CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: Fixture.t1)
    static let ada = Fixture.ada.text
    static let bob = Fixture.bob.text

    /// The reference's CreatePerson example, byte for byte (line breaks removed).
    static let createPersonExample = #"{"CreatePerson":{"person_id":{"id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"},"name":{"components":"#
        + #"{"given_names":["Ada"],"family_names":["Lovelace"],"patronymic":null,"matronymic":null,"prefixes":[],"#
        + #""suffixes":[]},"preferred_form":null,"naming_convention":"Western"},"source":"api"}}"#

    /// The name of that example as the contract writes it.
    static let lovelaceJSON = #"{"components":{"given_names":["Ada"],"family_names":["Lovelace"],"patronymic":null,"#
        + #""matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#

    /// The reference's attribute example with a concrete `recorded_at`.
    static let heightJSON = #"{"attribute_type":{"Physical":"Height"},"value":{"Length":1.75},"temporal":"#
        + #"{"recorded_at":"2025-11-09T19:00:00Z","valid_from":"2020-01-01","valid_until":null},"provenance":"#
        + #"{"source":"Measured","confidence":"Certain","recorded_by":null,"trace":[]}}"#

    static func decode(_ json: String) -> Result<Issued<PersonCommand>, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in
            Result { () throws(CommandDecodingError) in try codec.decodeCommand(subject: "person.commands.x", payload: bytes, metadata: metadata) }
        }
    }

    /// The body of the decoded command, or `nil`.
    static func command(_ json: String) -> PersonCommand? {
        try? decode(json).get().body
    }

    /// The decoding error, or `nil` when it decoded.
    static func failure(_ json: String) -> CommandDecodingError? {
        if case .failure(let error) = decode(json) { return error }
        return nil
    }

    static func envelope(_ event: PersonEvent, sequence: Int = 1) -> EventEnvelope<PersonID, PersonEvent> {
        EventEnvelope(
            aggregateID: event.personID, sequence: sequence, event: event, timestamp: Fixture.t0,
            correlationID: "0193a1b2-0000-7000-8000-000000000001", causationID: "0193a1b2-0000-7000-8000-000000000002")
    }

    static func encoded(_ envelope: EventEnvelope<PersonID, PersonEvent>) -> String {
        var buffer: [UInt8] = []
        codec.encodeEvent(envelope, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func decodeEvent(_ json: String) -> Result<EventEnvelope<PersonID, PersonEvent>, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeEvent(bytes) } }
    }

    static func encodedState(_ state: Person) -> String {
        var buffer: [UInt8] = []
        codec.encodeState(state, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func decodeState(_ json: String) -> Result<Person, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeState(bytes) } }
    }

    /// `{"<Command>":{<fields>}}` with `person_id` first.
    static func command(_ tag: String, _ fields: String, id: String = #"{"id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}"#) -> String {
        #"{"\#(tag)":{"person_id":\#(id)\#(fields.isEmpty ? "" : ",")\#(fields)}}"#
    }

    /// A `RecordAttribute` command whose attribute is the height example with `value` and `type` swapped in.
    static func recordAttribute(value: String = #"{"Length":1.75}"#, type: String = #"{"Physical":"Height"}"#, provenance: String? = nil) -> String {
        let attribute = heightJSON
            .replacing(#"{"Length":1.75}"#, with: value, maxReplacements: 1)
            .replacing(#"{"Physical":"Height"}"#, with: type, maxReplacements: 1)
            .replacing(#"{"source":"Measured","confidence":"Certain","recorded_by":null,"trace":[]}"#, with: provenance ?? #"{"source":"Measured","confidence":"Certain","recorded_by":null,"trace":[]}"#, maxReplacements: 1)
        return command("RecordAttribute", #""attribute":\#(attribute)"#)
    }

    /// Every kind of attribute value, with unusual types, sources and dates.
    static let richAttributes: [PersonAttribute] = {
        let values: [AttributeValue] = [
            .text("tall \"ish\"\n"), .number(-0.25), .integer(.min), .boolean(false), .dateTime(Timestamp(secondsSinceEpoch: 5, nanoseconds: 120_000_000)),
            .date(Fixture.born), .yearMonth(year: -5, month: 12), .year(1815),
            .approximateDate(date: Fixture.died, precision: "Decade"), .length(1.75), .mass(1e20), .bloodType("ABNegative"),
            .eyeColor("Hazel"), .hairColor("Red"), .biologicalSex("Intersex"), .handedness("Ambidextrous"),
            .locationReference("loc-1"), .personReference(Fixture.bob), .textList(["a", "", "é😀"]), .textList([]),
            .json(#"{"nested":[1,2.50,{"k":null}],"s":"\u00e9"}"#), .json("null"),
        ]
        let types: [AttributeType] = [
            .identifying("BirthDate"), .physical("Height"), .healthcare("BloodType"), .demographic("Religion"),
            .custom(CustomAttributeType(organization: "acme", attributeName: "badge", category: "work")),
        ]
        let sources: [AttributeSource] = [.selfReported, .measured, .documentVerified, .computed, .imported(system: "hr")]
        return values.enumerated().map { index, value in
            PersonAttribute(
                attributeType: types[index % types.count], value: value,
                temporal: TemporalValidity(
                    recordedAt: Timestamp(secondsSinceEpoch: 1_762_714_800 + Int64(index), nanoseconds: Int32(index * 1000)),
                    validFrom: index % 2 == 0 ? Fixture.born : nil, validUntil: index % 3 == 0 ? Fixture.died : nil),
                provenance: Provenance(
                    source: sources[index % sources.count], confidence: ConfidenceLevel.allCases[index % 4],
                    recordedBy: index % 2 == 1 ? "clerk" : nil,
                    trace: index % 4 == 0 ? [#"{"transformation":"trim","applied_at":"2025-11-09T19:00:00Z","applied_by":"etl"}"#, "[1, 2]"] : []))
        }
    }()
}
