import Aggregates
import Testing

@Suite struct PolicyQueryJSONTests {
    typealias C = PolicyCodecFixture
    typealias P = PolicyFixture
    typealias T = PolicyCatalogTests

    static let catalog = T.catalog(T.histories + [[P.granted(policy: P.security, until: P.t2, target: .organization(P.globex))]])

    @Test func evaluateAnswersWithSortedKeys() throws {
        let json = #"{"context":{"retention_years":1,"amount":500},"organization_id":"\#(P.globex.text)"}"#
        let answer = try C.answer(Self.catalog, "evaluate", json).get()
        #expect(answer == #"{"evaluated_at":"2025-11-10T19:00:00Z","results":["#
            + #"{"enforcement":"Mandatory","exempted":false,"exemption_id":null,"failures":[{"message":null,"reason":"expected retention_years >= 7, found 1","rule":"seven-years"}],"#
            + #""mandatory":true,"name":"Retention","passed":false,"policy_id":"\#(C.p)"},"#
            + #"{"enforcement":"Hard","exempted":true,"exemption_id":"\#(C.x)","failures":[{"message":null,"reason":"expected amount <= 100, found 500","rule":"max-amount"}],"#
            + #""mandatory":true,"name":"Security","passed":true,"policy_id":"\#(P.security.text)"}],"skipped":[]}"#)
    }

    @Test func checkComplianceAnswersWithWarningsAndTheSetVerdict() throws {
        let set = PolicyEvent.policySetCreated(
            PolicySetDefinition(policySetID: P.baseline, name: "Baseline", composition: .atLeast(1), policyIDs: [P.privacy, T.draft]), createdBy: nil, at: P.t0)
        let catalog = T.catalog(T.histories + [[set]])
        let json = #"{"context":{"data":{"encrypted":"no"}},"policy_set_id":"\#(C.s)","target":"Global"}"#
        let answer = try C.answer(catalog, "check_compliance", json).get()
        let reason = #"expected data.encrypted == true, found \"no\" (a string, not a boolean)"#
        #expect(answer == #"{"compliant":false,"evaluated_at":"2025-11-10T19:00:00Z","#
            + #""policy_set":{"composition":{"AtLeast":1},"holds":false,"in_force":1,"policy_set_id":"\#(C.s)","required":1,"satisfied":0},"#
            + #""results":[{"enforcement":"Advisory","exempted":false,"exemption_id":null,"#
            + #""failures":[{"message":"Encrypt customer data","reason":"\#(reason)","rule":"encrypted"}],"#
            + #""mandatory":false,"name":"Privacy","passed":false,"policy_id":"\#(C.q)"}],"#
            + #""skipped":[{"policy_id":"\#(T.draft.text)","status":"Draft"}],"#
            + #""warnings":[{"name":"Privacy","policy_id":"\#(C.q)","reason":"\#(reason)","rule":"encrypted"}]}"#)
        let plain = try C.answer(catalog, "check_compliance", #"{"context":{"retention_years":10}}"#).get()
        #expect(plain.hasPrefix(#"{"compliant":true,"evaluated_at":"2025-11-10T19:00:00Z","policy_set":null,"results":[{"enforcement":"Mandatory""#))
    }

    @Test func badQueriesAreTypedErrors() {
        let cases: [(String, String, String, String?)] = [
            ("evaluate", "[", "malformed_json", nil),
            ("evaluate", "{}", "missing_field", "context"),
            ("evaluate", #"{"context":[1]}"#, "invalid_field", "context"),
            ("evaluate", #"{"context":{},"policy_ids":["nope"]}"#, "invalid_field", "policy_ids[0]"),
            ("evaluate", #"{"context":{},"policy_ids":[],"policy_set_id":"\#(C.s)"}"#, "invalid_field", "policy_set_id"),
            ("evaluate", #"{"context":{},"target":"Global","organization_id":"\#(C.acme)"}"#, "invalid_field", "organization_id"),
            ("evaluate", #"{"context":{},"target":{"Team":"x"}}"#, "invalid_field", "target"),
            ("check_compliance", #"{"context":{},"policy_ids":["\#(C.s)"]}"#, "not_found", "policy_ids[0]"),
            ("check_compliance", #"{"context":{},"policy_ids":["\#(C.x)"]}"#, "wrong_kind", "policy_ids[0]"),
            ("check_compliance", #"{"context":{},"policy_set_id":"\#(C.p)"}"#, "wrong_kind", "policy_set_id"),
            ("create", #"{"context":{}}"#, "unknown_command", nil),
        ]
        for (verb, json, code, field) in cases {
            guard case .failure(let error) = C.answer(Self.catalog, verb, json) else {
                Issue.record("answered \(verb) \(json)")
                continue
            }
            #expect(error.failure.code == code, "\(json): \(error)")
            #expect(error.failure.field == field, "\(json): \(error)")
        }
    }
}
