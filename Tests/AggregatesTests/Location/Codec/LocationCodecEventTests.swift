import Aggregates
import Testing

@Suite struct LocationCodecEventTests {
    typealias C = LocationCodecFixture
    typealias L = LocationFixture

    @Test func theStoredEnvelopeOfTheSeedsDefinition() {
        let expected = #"{"aggregate_id":"\#(C.hq)","sequence":1,"event":{"LocationDefined":{"location_id":"\#(C.hq)","name":"Test Location","#
            + #""location_type":"Physical","address":\#(C.springfieldJSON),"coordinates":null,"virtual_location":null,"parent_id":null}},"#
            + #""timestamp":"2025-11-09T19:00:00Z","correlation_id":"conv-1","causation_id":"cmd-1"}"#
        #expect(C.encoded(C.envelope(L.hqDefined)) == expected)
    }

    @Test func eachEventsBodyIsTheReferences() {
        let summit = #"{"latitude":27.9881,"longitude":86.925,"altitude":8848.86,"coordinate_system":"WGS84"}"#
        let shelbyville = #"{"street":"742 Evergreen Terrace","street2":"Apt 4B","locality":"Shelbyville","region":"IL","country":"US","postal_code":"62565"}"#
        let virtual = C.richVirtualJSON.replacing(#"{"b":"2","a":"1"}"#, with: #"{"a":"1","b":"2"}"#)
        let expected = [
            #"{"LocationDefined":{"location_id":"\#(C.hq)","name":"Test Location","location_type":"Physical","address":\#(C.springfieldJSON),"coordinates":null,"virtual_location":null,"parent_id":null}}"#,
            #"{"LocationUpdated":{"location_id":"\#(C.hq)","previous_name":"Test Location","name":"HQ","previous_address":\#(C.springfieldJSON),"address":\#(shelbyville),"previous_coordinates":null,"coordinates":\#(summit),"previous_virtual_location":null,"virtual_location":\#(virtual),"reason":"moved"}}"#,
            #"{"ParentLocationSet":{"location_id":"\#(C.hq)","parent_id":"\#(C.campus)","previous_parent_id":null,"reason":"joined"}}"#,
            #"{"ParentLocationSet":{"location_id":"\#(C.hq)","parent_id":"\#(L.floor.text)","previous_parent_id":"\#(C.campus)","reason":"moved"}}"#,
            #"{"ParentLocationRemoved":{"location_id":"\#(C.hq)","previous_parent_id":"\#(L.floor.text)","reason":"independent"}}"#,
            #"{"LocationMetadataAdded":{"location_id":"\#(C.hq)","added_metadata":{"wifi":"yes"},"current_metadata":{"wifi":"yes","z":"1","é":"\"q\""},"reason":"facilities"}}"#,
            #"{"LocationArchived":{"location_id":"\#(C.hq)","name":"HQ","location_type":"Physical","reason":"closed"}}"#,
        ]
        #expect(C.everyEvent.count == expected.count)
        for (event, json) in zip(C.everyEvent, expected) {
            #expect(C.eventJSON(event) == json, "\(event.typeName)")
        }
    }

    @Test func everyEventRoundTripsThroughItsStoredForm() throws {
        for (index, event) in C.everyEvent.enumerated() {
            let envelope = C.envelope(event, sequence: index + 1)
            #expect(try C.decodeEvent(C.encoded(envelope)).get() == envelope, "\(event.typeName)")
        }
    }

    @Test func theFullSubjectsAreTheSeeds() {
        let suffixes = C.everyEvent.map { "\(C.codec.eventSubjectPrefix).\($0.locationID.text).\($0.subjectSuffix)" }
        let base = "events.location.\(C.hq)."
        #expect(suffixes == [
            base + "defined", base + "updated", base + "parent_set", base + "parent_set", base + "parent_removed", base + "metadata_added",
            base + "archived",
        ])
        #expect(Set(C.everyEvent.map(\.typeName)) == Set(LocationEvent.tagsForTests))
    }

    @Test func storedFactsAreReadWithoutRecheckingTheirRules() throws {
        // An IP the command decoder refuses, and a latitude decide refuses, still read back from the store.
        let odd = C.encoded(C.envelope(L.hqDefined))
            .replacing(#""coordinates":null"#, with: #""coordinates":{"latitude":95,"longitude":0,"coordinate_system":"WGS84"}"#)
            .replacing(#""virtual_location":null"#, with: #""virtual_location":\#(C.richVirtualJSON.replacing("192.168.1.1", with: "not-an-ip"))"#)
        let envelope = try C.decodeEvent(odd).get()
        guard case .locationDefined(let definition) = envelope.event else {
            Issue.record("not a definition")
            return
        }
        #expect(definition.coordinates?.latitude == 95)
        #expect(definition.virtualLocation?.ipAddresses.first?.address == "not-an-ip")
    }

    @Test func decodingErrorsNameTheField() {
        let good = C.encoded(C.envelope(C.everyEvent[2]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("[]", .malformedJSON, nil),
            (good.replacing(#""sequence":1,"#, with: ""), .missingField, "sequence"),
            (good.replacing(#""aggregate_id":"\#(C.hq)""#, with: #""aggregate_id":{"id":"\#(C.hq)"}"#), .invalidField, "aggregate_id"),
            (good.replacing("ParentLocationSet", with: "ParentLocationMoved"), .invalidField, "event"),
            (good.replacing(#""parent_id":"\#(C.campus)""#, with: #""parent_id":null"#), .invalidField, "event.ParentLocationSet.parent_id"),
            (good.replacing(#","reason":"joined""#, with: ""), .missingField, "event.ParentLocationSet.reason"),
            (good.replacing(#""timestamp":"2025-11-09T19:00:00Z""#, with: #""timestamp":"2025-11-09T19:00:00""#), .invalidField, "timestamp"),
            (C.encoded(C.envelope(C.everyEvent[6])).replacing(#""Physical""#, with: #""Astral""#), .invalidField, "event.LocationArchived.location_type"),
        ]
        expectDecodingFailures(cases, C.decodeEvent)
    }
}
