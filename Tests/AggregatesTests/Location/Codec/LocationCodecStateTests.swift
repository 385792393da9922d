import Aggregates
import Testing

@Suite struct LocationCodecStateTests {
    typealias C = LocationCodecFixture
    typealias L = LocationFixture

    static func roundTrip(_ state: Location) throws -> Location {
        try C.decodeState(C.encodedState(state)).get()
    }

    @Test func aFreshStateRoundTrips() throws {
        #expect(C.encodedState(Location()) == #"{"id":null,"version":0,"status":"NotDefined","name":null,"location_type":null,"#
            + #""address":null,"coordinates":null,"virtual_location":null,"parent_id":null,"metadata":{}}"#)
        #expect(try Self.roundTrip(Location()) == Location())
        #expect(C.codec.stateSchemaVersion == 1)
    }

    @Test func theSeedsLocationIsWrittenWithEveryField() {
        #expect(C.encodedState(Location.replay([L.hqDefined])) == #"{"id":"\#(C.hq)","version":1,"status":"Active","name":"Test Location","#
            + #""location_type":"Physical","address":\#(C.springfieldJSON),"coordinates":null,"virtual_location":null,"parent_id":null,"metadata":{}}"#)
    }

    @Test func everyFieldRoundTripsInEveryStatus() throws {
        let hybrid = L.definition(L.hq, type: .hybrid, address: L.shelbyville, coordinates: L.summit, virtual: C.richVirtual, parent: L.campus)
        let history: [LocationEvent] = [.locationDefined(hybrid)] + C.everyEvent.dropFirst().dropLast()
        for events in [history, history + C.everyEvent.suffix(1), [L.defined(L.room, type: .logical, parent: L.floor)]] {
            let state = Location.replay(events)
            #expect(try Self.roundTrip(state) == state)
            #expect(C.encodedState(try Self.roundTrip(state)) == C.encodedState(state))
        }
        let archived = Location.replay(history + C.everyEvent.suffix(1))
        #expect(archived.status == .archived)
        #expect(archived.virtualLocation == C.richVirtual)
        #expect(archived.metadata.count == 3)
    }

    @Test func decodingErrorsNameTheField() {
        let good = C.encodedState(Location.replay([L.hqDefined]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("7", .malformedJSON, nil),
            (good.replacing(#""version":1,"#, with: ""), .missingField, "version"),
            (good.replacing(#""status":"Active""#, with: #""status":"Sleeping""#), .invalidField, "status"),
            (good.replacing(#""location_type":"Physical""#, with: #""location_type":"Astral""#), .invalidField, "location_type"),
            (good.replacing(#""locality":"Springfield""#, with: #""locality":1"#), .invalidField, "address.locality"),
            (good.replacing(#""metadata":{}"#, with: #""metadata":{"k":null}"#), .invalidField, "metadata.k"),
            (good.replacing(#""id":"\#(C.hq)""#, with: #""id":"x""#), .invalidField, "id"),
        ]
        expectDecodingFailures(cases, C.decodeState)
    }

    @Test func theSuccessReplyIsTheOriginalsPlusTheVersion() {
        var buffer: [UInt8] = []
        C.codec.encodeSuccessReply(aggregateID: L.hq, version: 3, eventsGenerated: 1, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"{"location_id":"\#(C.hq)","status":"accepted","version":3}"#)
    }

    @Test func refusalsAreDescribedInSnakeCaseWithTheirField() {
        let table: [(LocationError.Code, String)] = [
            (.alreadyExists, "already_exists"), (.notFound, "not_found"), (.archived, "archived"), (.emptyReason, "empty_reason"),
            (.noChange, "no_change"), (.invalid, "invalid"), (.parentNotFound, "parent_not_found"), (.parentCycle, "parent_cycle"),
            (.hierarchyTooDeep, "hierarchy_too_deep"), (.hierarchyUnavailable, "hierarchy_unavailable"),
        ]
        for (code, text) in table {
            #expect(C.codec.describe(LocationError(code, field: "address.street", message: "m")) == DomainFailure(code: text, field: "address.street", message: "m"))
        }
        #expect(C.codec.describe(LocationError(.noChange, message: "same")).field == nil)
        #expect(LocationError(.invalid, field: "name", message: "Name cannot be empty").description == "invalid (name): Name cannot be empty")
    }
}
