import Aggregates
import Testing

@Suite struct PolicyCodecErrorTests {
    typealias C = PolicyCodecFixture

    @Test func decodingErrorsNameTheField() {
        let rule = { (expression: String) in #"{"policy_id":"\#(C.p)","name":"n","policy_type":"t","enforcement":"Hard","scope":"s","rules":[{"name":"r","expression":\#(expression)}]}"# }
        let cases: [(String, String, CommandDecodingError.Code, String?)] = [
            ("create", "[]", .malformedJSON, nil),
            ("create", "{", .malformedJSON, nil),
            ("create", C.seedExample.replacing(#""name": "Data Retention Policy","#, with: ""), .missingField, "name"),
            ("create", C.seedExample.replacing(#""Mandatory""#, with: #""Optional""#), .invalidField, "enforcement"),
            ("create", C.seedExample.replacing("550e8400-e29b-41d4-a716-446655440000", with: "550e8400"), .invalidField, "policy_id"),
            ("create", C.seedExample.replacing(#""scope": "Organization""#, with: #""scope": 1"#), .invalidField, "scope"),
            ("create", rule(#"{"Matches":{"field":"a","pattern":"x"}}"#), .invalidField, "rules[0].expression"),
            ("create", rule(#"{"Equal":{"field":"a"}}"#), .missingField, "rules[0].expression.Equal.value"),
            ("create", rule(#"{"And":[{"Exists":{"field":"a"}},{"In":{"field":"b","values":3}}]}"#), .invalidField, "rules[0].expression.And[1].In.values"),
            ("create", rule(#"{"Not":{"Exists":{}}}"#), .missingField, "rules[0].expression.Not.Exists.field"),
            ("create", rule(#"{"Or":{}}"#), .invalidField, "rules[0].expression.Or"),
            ("create", rule(#"{"Exists":{"field":"a"},"Not":{}}"#), .invalidField, "rules[0].expression"),
            ("create", rule(String(repeating: #"{"Not":"#, count: 17) + #"{"Exists":{"field":"a"}}"# + String(repeating: "}", count: 17)), .invalidField,
             "rules[0].expression" + String(repeating: ".Not", count: 16)),
            ("create", C.seedExample.replacing("{\n", with: #"{"target":{"Organization":"acme"},"#), .invalidField, "target.Organization"),
            ("create", C.seedExample.replacing("{\n", with: #"{"target":{"Composite":["Global",{"Role":"admin"}]},"#), .invalidField, "target.Composite[1]"),
            ("create", C.seedExample.replacing("{\n", with: #"{"target":{"Global":null},"#), .invalidField, "target"),
            ("create", C.seedExample.replacing("{\n", with: #"{"rules":[{"expression":{"Exists":{"field":"a"}}}],"#), .missingField, "rules[0].name"),
            ("approve", #"{"policy_id":"\#(C.p)"}"#, .missingField, "approved_by"),
            ("suspend", #"{"policy_id":"\#(C.p)"}"#, .missingField, "reason"),
            ("activate", #"{"policy_id":"\#(C.p)","activated_by":5}"#, .invalidField, "activated_by"),
            ("create_set", #"{"policy_set_id":"\#(C.s)","name":"B"}"#, .missingField, "composition"),
            ("create_set", #"{"policy_set_id":"\#(C.s)","name":"B","composition":{"AtLeast":0}}"#, .invalidField, "composition.AtLeast"),
            ("create_set", #"{"policy_set_id":"\#(C.s)","name":"B","composition":"Most"}"#, .invalidField, "composition"),
            ("create_set", #"{"policy_set_id":"\#(C.s)","name":"B","composition":"All","policy_ids":["\#(C.p)",1]}"#, .invalidField, "policy_ids[1]"),
            ("add_to_set", #"{"policy_set_id":"\#(C.s)"}"#, .missingField, "policy_id"),
            ("grant_exemption", #"{"exemption_id":"\#(C.x)","policy_id":"\#(C.p)","reason":"m","granted_by":"c","expires_at":"2025-11-11T19:00:00"}"#, .invalidField, "expires_at"),
            ("grant_exemption", #"{"exemption_id":"\#(C.x)","policy_id":"\#(C.p)","reason":"m","granted_by":"c"}"#, .missingField, "expires_at"),
            ("revoke_exemption", #"{"exemption_id":"\#(C.x)"}"#, .missingField, "reason"),
        ]
        for (verb, json, code, field) in cases {
            guard let error = C.failure(verb, json) else {
                Issue.record("\(verb) decoded \(json)")
                continue
            }
            #expect(error.code == code, "\(json): \(error)")
            #expect(error.field == field, "\(json): \(error)")
        }
    }
}
