import Aggregates
import Testing

@Suite struct PolicyCodecStateTests {
    typealias C = PolicyCodecFixture
    typealias P = PolicyFixture

    static func roundTrip(_ state: PolicyAggregate) throws -> PolicyAggregate {
        try C.decodeState(C.encodedState(state)).get()
    }

    @Test func aFreshStateRoundTrips() throws {
        #expect(C.encodedState(PolicyAggregate()) == #"{"version":0,"kind":"None"}"#)
        #expect(try Self.roundTrip(PolicyAggregate()) == PolicyAggregate())
        #expect(C.codec.stateSchemaVersion == 1)
    }

    @Test func theSeedsPolicyIsWrittenWithEveryField() {
        #expect(C.encodedState(PolicyAggregate.replay([P.created])) == #"{"version":1,"kind":"Policy","policy":{"policy_id":"\#(C.p)","#
            + #""name":"Data Retention Policy","description":"All customer data must be retained for 7 years","policy_type":"Retention","#
            + #""enforcement":"Mandatory","scope":"Organization","rules":[],"target":"Global","status":"Draft","created_by":null,"#
            + #""created_at":"2025-11-09T19:00:00Z","approved_by":null,"approved_at":null,"approval_notes":null,"status_reason":null}}"#)
    }

    @Test func everyKindRoundTripsInEveryStatus() throws {
        var histories = PolicyStatus.allCases.map { P.history(to: $0) }
        histories.append(Array(C.everyEvent[0...8]))
        histories.append(Array(C.everyEvent[9...11]))
        histories.append(Array(C.everyEvent[12...13]))
        histories.append(Array(C.everyEvent[12...12]))
        for history in histories {
            let state = PolicyAggregate.replay(history)
            #expect(try Self.roundTrip(state) == state, "\(history.last!.typeName)")
            #expect(C.encodedState(try Self.roundTrip(state)) == C.encodedState(state))
        }
        let approved = PolicyAggregate.replay(Array(C.everyEvent[0...4]))
        #expect(approved.policy?.approvalNotes == "fine")
        #expect(approved.policy?.definition.rules == [P.encrypted])
        #expect(PolicyAggregate.replay(Array(C.everyEvent[0...0])).policy?.definition.rules.first == C.richRule)
        let set = PolicyAggregate.replay(Array(C.everyEvent[9...11]))
        #expect(set.policySet?.policyIDs == [P.retention, P.security])
        let exemption = PolicyAggregate.replay(Array(C.everyEvent[12...13]))
        #expect(exemption.exemption?.revocationReason == "done")
    }

    @Test func decodingErrorsNameTheField() {
        let good = C.encodedState(PolicyAggregate.replay([P.created]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("1", .malformedJSON, nil),
            (good.replacing(#""version":1,"#, with: ""), .missingField, "version"),
            (good.replacing(#""kind":"Policy""#, with: #""kind":"Rule""#), .invalidField, "kind"),
            (good.replacing(#""status":"Draft""#, with: #""status":"Pending""#), .invalidField, "policy.status"),
            (good.replacing(#""kind":"Policy""#, with: #""kind":"PolicySet""#), .missingField, "policy_set"),
        ]
        for (json, code, field) in cases {
            guard case .failure(let error) = C.decodeState(json) else {
                Issue.record("decoded \(json)")
                continue
            }
            #expect(error.code == code, "\(json): \(error)")
            #expect(error.field == field, "\(json): \(error)")
        }
    }
}
