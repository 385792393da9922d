import Aggregates
import Testing

@Suite struct PersonCodecEventTests {
    typealias C = CodecFixture
    typealias F = Fixture

    static let idJSON = #"{"id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}"#
    static let tail = #","timestamp":"2025-11-09T19:00:00Z","correlation_id":"0193a1b2-0000-7000-8000-000000000001","#
        + #""causation_id":"0193a1b2-0000-7000-8000-000000000002"}"#

    /// The envelope of the reference around `event`.
    static func envelopeJSON(_ event: String, sequence: Int = 1) -> String {
        #"{"aggregate_id":\#(idJSON),"sequence":\#(sequence),"event":\#(event)"# + tail
    }

    @Test func writesTheReferenceEnvelopeByteForByte() {
        let event = #"{"PersonCreated":{"person_id":\#(Self.idJSON),"name":\#(C.lovelaceJSON),"source":"api","created_at":"2025-11-09T19:00:00Z"}}"#
        #expect(C.encoded(C.envelope(F.created)) == Self.envelopeJSON(event))
    }

    @Test func writesTheReferenceAttributeByteForByte() {
        let event = #"{"AttributeRecorded":{"person_id":\#(Self.idJSON),"attribute":\#(C.heightJSON),"recordedAt""#
            .replacing("recordedAt\"", with: #"recorded_at":"2025-11-09T19:00:00Z"}}"#)
        let attribute = PersonAttribute(
            attributeType: F.height, value: .length(1.75),
            temporal: TemporalValidity(recordedAt: F.t0, validFrom: CalendarDate(year: 2020, month: 1, day: 1)),
            provenance: Provenance(source: .measured, confidence: .certain))
        #expect(C.encoded(C.envelope(.attributeRecorded(personID: F.ada, attribute: attribute, recordedAt: F.t0))) == Self.envelopeJSON(event))
    }

    @Test func writesBodiesInTheContractsOrderWithNullForAbsentOptions() {
        let merged = #"{"PersonMergedInto":{"source_person_id":\#(Self.idJSON),"merged_into_id":{"id":"\#(C.bob)"},"#
            + #""merge_reason":"DuplicateIdentity","merged_at":"2025-11-09T19:00:00Z"}}"#
        #expect(C.encoded(C.envelope(F.merged, sequence: 7)) == Self.envelopeJSON(merged, sequence: 7))
        let invalidated = #"{"AttributeInvalidated":{"person_id":\#(Self.idJSON),"attribute_type":{"Physical":"Height"},"#
            + #""invalidated_at":"2025-11-09T19:00:00Z","reason":null}}"#
        let event = PersonEvent.attributeInvalidated(personID: F.ada, attributeType: F.height, invalidatedAt: F.t0, reason: nil)
        #expect(C.encoded(C.envelope(event)) == Self.envelopeJSON(invalidated))
        let renamed = #"{"NameUpdated":{"person_id":\#(Self.idJSON),"old_name":\#(C.lovelaceJSON),"new_name":\#(C.lovelaceJSON),"#
            + #""reason":"x\ty","updated_at":"2025-11-09T19:00:00Z"}}"#
        let rename = PersonEvent.nameUpdated(personID: F.ada, oldName: F.lovelace, newName: F.lovelace, reason: "x\ty", updatedAt: F.t0)
        #expect(C.encoded(C.envelope(rename)) == Self.envelopeJSON(renamed))
    }

    /// One of every event, with rich attributes, optional fields both set and absent, and odd times.
    static let everyEvent: [PersonEvent] = {
        let at = Timestamp(secondsSinceEpoch: -86_401, nanoseconds: 123_456_789)
        let name = PersonName(
            components: NameComponents(givenNames: ["Æ", "\"q\""], familyNames: [], patronymic: "p", matronymic: nil, prefixes: ["de"], suffixes: []),
            preferredForm: "pf\u{1}", namingConvention: .patronymic)
        let rich = C.richAttributes
        var events: [PersonEvent] = [
            .personCreated(personID: F.ada, name: name, source: "", createdAt: at),
            .personUpdated(personID: F.ada, name: F.lovelace, updatedAt: F.t0),
            .nameUpdated(personID: F.ada, oldName: F.lovelace, newName: name, reason: nil, updatedAt: F.t1),
            .nameUpdated(personID: F.ada, oldName: name, newName: F.king, reason: "married", updatedAt: F.t1),
            .birthDateSet(personID: F.ada, birthDate: F.born, setAt: F.t0),
            .deathRecorded(personID: F.ada, dateOfDeath: F.died, recordedAt: F.t0),
            .personDeactivated(personID: F.ada, reason: "left", deactivatedAt: F.t0),
            .personReactivated(personID: F.ada, reason: "back", reactivatedAt: F.t0),
            .personMergedInto(sourcePersonID: F.ada, mergedIntoID: F.bob, mergeReason: .policyDetermined, mergedAt: F.t1),
            .attributeInvalidated(personID: F.ada, attributeType: rich[4].attributeType, invalidatedAt: F.t0, reason: nil),
            .attributeInvalidated(personID: F.ada, attributeType: F.height, invalidatedAt: F.t0, reason: "wrong"),
        ]
        for (index, attribute) in rich.enumerated() {
            events.append(.attributeRecorded(personID: F.ada, attribute: attribute, recordedAt: at))
            events.append(
                .attributeUpdated(
                    personID: F.ada, attributeType: attribute.attributeType, oldAttribute: rich[(index + 1) % rich.count], newAttribute: attribute,
                    updatedAt: F.t1))
        }
        return events
    }()

    @Test func everyEventRoundTripsExactly() throws {
        #expect(Set(Self.everyEvent.map(\.typeName)).count == 11)
        for (index, event) in Self.everyEvent.enumerated() {
            let envelope = C.envelope(event, sequence: index + 1)
            let text = C.encoded(envelope)
            let decoded = try C.decodeEvent(text).get()
            #expect(decoded == envelope, "\(text)")
            #expect(C.encoded(decoded) == text)
            #expect(parseJSON(text).value != nil)
        }
    }

    @Test func readsStoredVariantNamesAsWritten() throws {
        let odd = PersonEvent.attributeRecorded(personID: F.ada, attribute: {
            var a = F.tall()
            a.attributeType = .physical("EyeColor")
            a.value = .eyeColor("Violet")
            return a
        }(), recordedAt: F.t0)
        #expect(try C.decodeEvent(C.encoded(C.envelope(odd))).get().event == odd)
    }

    @Test func readsTheOriginalsEnvelopesWithAnyOffsetAndWhitespace() throws {
        let json = """
            { "correlation_id" : "c", "causation_id":"d", "sequence": 3, "timestamp":"2025-11-09T20:00:00+01:00",
              "aggregate_id": {"id":"\(C.ada)"},
              "event": {"PersonDeactivated": {"reason":"left", "deactivated_at":"2025-11-09T19:00:00.000Z", "person_id":{"id":"\(C.ada)"}}} }
            """
        let envelope = try C.decodeEvent(json).get()
        #expect(envelope == EventEnvelope(aggregateID: F.ada, sequence: 3, event: F.deactivated, timestamp: F.t0, correlationID: "c", causationID: "d"))
    }

    @Test func decodingErrorsNameTheField() {
        let good = C.encoded(C.envelope(F.created))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("[]", .malformedJSON, nil), ("{", .malformedJSON, nil),
            (good.replacing(#","timestamp":"2025-11-09T19:00:00Z""#, with: ""), .missingField, "timestamp"),
            (good.replacing(#""sequence":1"#, with: #""sequence":-1"#), .invalidField, "sequence"),
            (good.replacing("PersonCreated", with: "PersonCloned"), .invalidField, "event"),
            (good.replacing(#""created_at":"2025-11-09T19:00:00Z""#, with: #""created_at":"yesterday""#), .invalidField, "event.PersonCreated.created_at"),
            (good.replacing(#""source":"api","#, with: ""), .missingField, "event.PersonCreated.source"),
            (good.replacing(#""aggregate_id":{"id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}"#, with: #""aggregate_id":{}"#), .missingField, "aggregate_id.id"),
        ]
        expectDecodingFailures(cases, C.decodeEvent)
    }
}
