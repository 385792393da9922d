import Aggregates
import Testing

@Suite struct PersonCodecStateTests {
    typealias C = CodecFixture
    typealias F = Fixture

    static func roundTrip(_ state: Person) throws -> Person {
        try C.decodeState(C.encodedState(state)).get()
    }

    @Test func aFreshStateRoundTrips() throws {
        let text = C.encodedState(Person())
        #expect(text == #"{"id":null,"version":0,"status":"NotCreated","name":null,"source":null,"birth_date":null,"#
            + #""date_of_death":null,"attributes":[],"created_at":null,"updated_at":null}"#)
        #expect(try Self.roundTrip(Person()) == Person())
        #expect(C.codec.stateSchemaVersion == 1)
    }

    @Test func aRichStateRoundTripsInEveryStatus() throws {
        let base = PersonCodecEventTests.everyEvent.filter {
            switch $0 {
            case .deathRecorded, .personMergedInto, .personDeactivated, .personReactivated: false
            default: true
            }
        }
        let endings: [[PersonEvent]] = [
            [], [F.deactivated], [F.deactivated, .personReactivated(personID: F.ada, reason: "back", reactivatedAt: F.t1)],
            [F.deceased], [F.merged],
        ]
        var statuses: Set<String> = []
        for ending in endings {
            let state = Person.replay(base + ending)
            statuses.insert("\(state.status)".prefix { $0 != "(" }.description)
            #expect(state.attributes.count > 20)
            #expect(state.version == base.count + ending.count)
            #expect(try Self.roundTrip(state) == state)
            #expect(C.encodedState(try Self.roundTrip(state)) == C.encodedState(state))
        }
        #expect(statuses == ["active", "deactivated", "deceased", "mergedInto"])
    }

    @Test func writesTheStatusWithItsPayload() {
        let merged = C.encodedState(Person.replay([F.created, F.merged]))
        #expect(merged.contains(#""status":{"MergedInto":{"merged_into_id":{"id":"\#(C.bob)"},"merge_reason":"DuplicateIdentity"}}"#))
        #expect(C.encodedState(Person.replay([F.created, F.deactivated])).contains(#""status":{"Deactivated":{"reason":"left"}}"#))
        #expect(C.encodedState(Person.replay([F.created, F.deceased])).contains(#""status":{"Deceased":{"date_of_death":"1852-11-27"}}"#))
    }

    @Test func decodingErrorsNameTheField() {
        let good = C.encodedState(Person.replay([F.created, F.recordedHeight]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("7", .malformedJSON, nil),
            (good.replacing(#""version":2,"#, with: ""), .missingField, "version"),
            (good.replacing(#""status":"Active""#, with: #""status":"Sleeping""#), .invalidField, "status"),
            (good.replacing(#""Length":1.75"#, with: #""Length":true"#), .invalidField, "attributes[0].value.Length"),
            (good.replacing(#""source":"api""#, with: #""source":{}"#), .invalidField, "source"),
        ]
        expectDecodingFailures(cases, C.decodeState)
    }

    @Test func theSuccessReplyHasAlphabeticalKeys() {
        var buffer: [UInt8] = []
        C.codec.encodeSuccessReply(aggregateID: F.ada, version: 3, eventsGenerated: 1, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"{"aggregate_id":{"id":"\#(C.ada)"},"events_generated":1,"version":3}"#)
    }

    @Test func refusalsAreDescribedInSnakeCase() {
        let table: [(PersonError.Code, String)] = [
            (.alreadyExists, "already_exists"), (.notFound, "not_found"), (.deceased, "deceased"), (.merged, "merged"),
            (.deactivated, "deactivated"), (.emptyReason, "empty_reason"), (.noChange, "no_change"), (.invalid, "invalid"),
            (.conflict, "conflict"), (.attributeNotFound, "attribute_not_found"), (.notSupported, "not_supported"),
        ]
        for (code, text) in table {
            #expect(C.codec.describe(PersonError(code, field: "reason", message: "m")) == DomainFailure(code: text, field: "reason", message: "m"))
        }
        #expect(C.codec.describe(PersonError(.noChange, message: "same")).field == nil)
    }
}
