import Aggregates
import Testing

@Suite struct PolicyCodecEventTests {
    typealias C = PolicyCodecFixture
    typealias P = PolicyFixture

    @Test func theStoredEnvelopeOfTheSeedsPolicy() {
        let expected = #"{"aggregate_id":"\#(C.p)","sequence":1,"event":{"event_type":"PolicyCreated","policy_id":"\#(C.p)","#
            + #""name":"Data Retention Policy","description":"All customer data must be retained for 7 years","policy_type":"Retention","#
            + #""enforcement":"Mandatory","scope":"Organization","rules":[],"target":"Global","created_by":null,"created_at":"2025-11-09T19:00:00Z"},"#
            + #""timestamp":"2025-11-09T19:00:00Z","correlation_id":"conv-1","causation_id":"cmd-1"}"#
        #expect(C.encoded(C.envelope(P.created)) == expected)
    }

    @Test func eachEventsBodyHasTheReferencesFieldNames() {
        let t0 = "2025-11-09T19:00:00Z", t1 = "2025-11-10T19:00:00Z"
        let richRule = #"{"rule_id":"\#(C.acme)","name":"all-in-one","expression":{"And":[{"NotEqual":{"field":"a","value":null}},"#
            + #"{"NotIn":{"field":"b","values":["x",1,false]}},{"Or":[{"NotExists":{"field":"c.d"}},{"Not":{"Contains":{"field":"e","value":{"k":[1.50,"v"]}}}}]}]},"#
            + #""message":"say \"why\""}"#
        let sevenYears = #"{"rule_id":null,"name":"seven-years","expression":{"GreaterThanOrEqual":{"field":"retention_years","value":7}},"message":null}"#
        let encrypted = #"{"rule_id":null,"name":"encrypted","expression":{"Equal":{"field":"data.encrypted","value":true}},"message":"Encrypt customer data"}"#
        let expected = [
            #"{"event_type":"PolicyCreated","policy_id":"\#(C.p)","name":"Data Retention Policy","description":"All customer data must be retained for 7 years","#
                + #""policy_type":"Retention","enforcement":"Mandatory","scope":"Organization","rules":[\#(richRule),\#(sevenYears)],"#
                + #""target":{"Composite":["Global",{"Organization":"\#(C.acme)"},{"Composite":[{"Organization":"\#(P.globex.text)"}]}]},"#
                + #""created_by":"alice","created_at":"\#(t0)"}"#,
            #"{"event_type":"PolicyUpdated","policy_id":"\#(C.p)","changes":[{"field":"name","old_value":"A","new_value":"B"},"#
                + #"{"field":"description","old_value":"","new_value":"D"},{"field":"rules","old_value":[],"new_value":[\#(encrypted)]},"#
                + #"{"field":"target","old_value":"Global","new_value":{"Organization":"\#(C.acme)"}},"#
                + #"{"field":"enforcement","old_value":"Mandatory","new_value":"Advisory"},{"field":"scope","old_value":"Organization","new_value":"Team"}],"#
                + #""updated_by":"alice","updated_at":"\#(t1)"}"#,
            #"{"event_type":"PolicySubmitted","policy_id":"\#(C.p)","submitted_by":"alice","submitted_at":"\#(t0)"}"#,
            #"{"event_type":"PolicyRejected","policy_id":"\#(C.p)","rejected_by":"bob","rejected_at":"\#(t0)","reason":"vague"}"#,
            #"{"event_type":"PolicyApproved","policy_id":"\#(C.p)","approved_by":"bob","approved_at":"\#(t0)","approval_notes":"fine"}"#,
            #"{"event_type":"PolicyActivated","policy_id":"\#(C.p)","activated_by":null,"activated_at":"\#(t0)"}"#,
            #"{"event_type":"PolicySuspended","policy_id":"\#(C.p)","suspended_by":"ops","suspended_at":"\#(t0)","reason":"audit"}"#,
            #"{"event_type":"PolicyRevoked","policy_id":"\#(C.p)","revoked_by":null,"revoked_at":"\#(t0)","reason":"superseded"}"#,
            #"{"event_type":"PolicyArchived","policy_id":"\#(C.p)","archived_by":"ops","archived_at":"\#(t0)"}"#,
            #"{"event_type":"PolicySetCreated","policy_set_id":"\#(C.s)","name":"Baseline","description":"core","composition":{"AtLeast":2},"#
                + #""policy_ids":["\#(C.p)","\#(C.q)"],"created_by":null,"created_at":"\#(t0)"}"#,
            #"{"event_type":"PolicyAddedToSet","policy_set_id":"\#(C.s)","policy_id":"\#(P.security.text)","added_by":"alice","added_at":"\#(t0)"}"#,
            #"{"event_type":"PolicyRemovedFromSet","policy_set_id":"\#(C.s)","policy_id":"\#(C.q)","removed_by":null,"removed_at":"\#(t0)","reason":"obsolete"}"#,
            #"{"event_type":"PolicyExemptionGranted","exemption_id":"\#(C.x)","policy_id":"\#(C.p)","granted_by":"carol","reason":"migration","#
                + #""valid_until":"2025-11-11T19:00:00Z","target":{"Organization":"\#(C.acme)"},"granted_at":"\#(t0)"}"#,
            #"{"event_type":"PolicyExemptionRevoked","exemption_id":"\#(C.x)","policy_id":"\#(C.p)","revoked_by":"dave","revoked_at":"\#(t1)","reason":"done"}"#,
        ]
        #expect(C.everyEvent.count == expected.count)
        for (event, json) in zip(C.everyEvent, expected) {
            #expect(C.eventJSON(event) == json, "\(event.typeName)")
        }
        #expect(C.everyEvent.map(\.typeName) == PolicyEvent.typeNames)
    }

    @Test func everyEventRoundTripsThroughItsStoredForm() throws {
        for (index, event) in C.everyEvent.enumerated() {
            let envelope = C.envelope(event, sequence: index + 1)
            #expect(try C.decodeEvent(C.encoded(envelope)).get() == envelope, "\(event.typeName)")
        }
    }

    @Test func theFullSubjectsAreTheSeedsForm() {
        let subjects = C.everyEvent.map { "\(C.codec.eventSubjectPrefix).\($0.aggregateID.text).\($0.subjectSuffix)" }
        let p = "events.policy.\(C.p).", s = "events.policy.\(C.s).", x = "events.policy.\(C.x)."
        #expect(subjects == [
            p + "created", p + "updated", p + "submitted", p + "rejected", p + "approved", p + "activated", p + "suspended", p + "revoked", p + "archived",
            s + "set_created", s + "added_to_set", s + "removed_from_set", x + "exemption_granted", x + "exemption_revoked",
        ])
        // Each event carries its own time: the update and the exemption's revocation happened at t1.
        #expect(C.everyEvent.indices.filter { C.everyEvent[$0].occurredAt == P.t1 } == [1, 13])
    }

    @Test func decodingErrorsNameTheField() {
        let approved = C.encoded(C.envelope(C.everyEvent[4]))
        let created = C.encoded(C.envelope(C.everyEvent[0]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("[]", .malformedJSON, nil),
            (approved.replacing(#""sequence":1,"#, with: ""), .missingField, "sequence"),
            (approved.replacing("PolicyApproved", with: "PolicyBlessed"), .invalidField, "event.event_type"),
            (approved.replacing(#""approved_by":"bob","#, with: ""), .missingField, "event.approved_by"),
            (approved.replacing(#""approved_at":"2025-11-09T19:00:00Z""#, with: #""approved_at":"yesterday""#), .invalidField, "event.approved_at"),
            (created.replacing(#""enforcement":"Mandatory""#, with: #""enforcement":"Strict""#), .invalidField, "event.enforcement"),
            (created.replacing(#""GreaterThanOrEqual""#, with: #""AtLeast""#), .invalidField, "event.rules[1].expression"),
            (C.encoded(C.envelope(C.everyEvent[1])).replacing(#""field":"scope""#, with: #""field":"owner""#), .invalidField, "event.changes[5].field"),
            (C.encoded(C.envelope(C.everyEvent[12])).replacing(#""valid_until""#, with: #""expires_at""#), .missingField, "event.valid_until"),
        ]
        for (json, code, field) in cases {
            guard case .failure(let error) = C.decodeEvent(json) else {
                Issue.record("decoded \(json)")
                continue
            }
            #expect(error.code == code, "\(json): \(error)")
            #expect(error.field == field, "\(json): \(error)")
        }
    }
}
