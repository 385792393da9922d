/// Policy: plain-object commands on `policy.commands.<verb>`, the verb naming the command, and the
/// queries `evaluate` and `check_compliance` on subscriptions of their own.
enum PolicyCatalogue {
    static let policy = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    /// Created (Draft) in the setup; the rules' cases act on it.
    static let draft = "7a1b2c3d-0000-4a6b-8c7d-9e0f1a2b3c4d"
    /// Made Active in the setup.
    static let active = "7a1b2c3d-1111-4a6b-8c7d-9e0f1a2b3c4d"
    static let unknown = "7a1b2c3d-ffff-4a6b-8c7d-9e0f1a2b3c4d"
    static let set = "9c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f"
    static let exemption = "8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
    static let enforcement = TemplateField.Kind.variant(["Advisory", "Soft", "Mandatory", "Hard", "Critical"])
    static let rules = #"[{"name":"seven-years","expression":{"GreaterThanOrEqual":{"field":"retention_years","value":7}}}]"#

    static func template(_ verb: String, _ fields: [TemplateField]) -> CommandTemplate {
        CommandTemplate(name: verb, subject: "policy.commands.\(verb)", tag: nil, fields: fields)
    }

    static let policyID = TemplateField.required("policy_id", "\"\(policy)\"", .uuid)
    static let reason = TemplateField.required("reason", #""because""#)

    static let templates = [
        template("create", [
            policyID, .required("name", #""Retention""#), .optional("description", #""keep records""#), .required("policy_type", #""Retention""#),
            .required("enforcement", #""Mandatory""#, enforcement), .required("scope", #""Organization""#), .optional("rules", rules),
            .optional("target", #""Global""#), .optional("created_by", #""alice""#),
        ]),
        template("update", [
            policyID, .optional("name", #""Retention 2""#), .optional("description", #""longer""#), .optional("rules", rules), .optional("target", #""Global""#),
            .optional("enforcement", #""Hard""#, enforcement), .optional("scope", #""Team""#), .optional("updated_by", #""alice""#),
        ]),
        template("submit", [policyID, .optional("submitted_by", #""alice""#)]),
        template("reject", [policyID, reason, .optional("rejected_by", #""bob""#)]),
        template("approve", [policyID, .required("approved_by", #""bob""#), .optional("approval_notes", #""ok""#)]),
        template("activate", [policyID, .optional("activated_by", #""bob""#)]),
        template("suspend", [policyID, reason, .optional("suspended_by", #""bob""#)]),
        template("revoke", [policyID, reason, .optional("revoked_by", #""bob""#)]),
        template("archive", [policyID, .optional("archived_by", #""bob""#)]),
        template("create_set", [
            .required("policy_set_id", "\"\(set)\"", .uuid), .required("name", #""Baseline""#), .optional("description", #""all""#),
            .required("composition", #""All""#), .optional("policy_ids", "[\"\(policy)\"]"),
        ]),
        template("add_to_set", [.required("policy_set_id", "\"\(set)\"", .uuid), policyID, .optional("added_by", #""alice""#)]),
        template("remove_from_set", [.required("policy_set_id", "\"\(set)\"", .uuid), policyID, .optional("removed_by", #""alice""#), .optional("reason", #""done""#)]),
        template("grant_exemption", [
            .required("exemption_id", "\"\(exemption)\"", .uuid), policyID, .required("reason", #""legacy""#), .required("granted_by", #""carol""#),
            .required("expires_at", #""2030-01-01T00:00:00Z""#, .timestamp), .optional("target", #"{"Organization":"\#(unknown)"}"#),
        ]),
        template("revoke_exemption", [.required("exemption_id", "\"\(exemption)\"", .uuid), .optional("revoked_by", #""carol""#), reason]),
    ]

    static func create(_ id: String) -> String {
        #"{"policy_id":"\#(id)","name":"Retention","policy_type":"Retention","enforcement":"Mandatory","scope":"Organization"}"#
    }

    static var explicit: [BadInput] {
        let create = templates[0].json
        func createSet(_ composition: String) -> String {
            #"{"policy_set_id":"\#(set)","name":"Baseline","composition":\#(composition)}"#
        }
        func createWithRules(_ rules: String) -> String {
            create.replacing(Self.rules, with: rules)
        }
        return [
            BadInput("an unknown verb", subject: "policy.commands.fly", create, code: "unknown_command", mentions: ["unknown command fly"]),
            BadInput("the verb in another case", subject: "policy.commands.CREATE", create, code: "unknown_command", mentions: ["CREATE"]),
            BadInput("a token after the verb", subject: "policy.commands.create.now", create, code: "unknown_command", mentions: ["policy.commands.create.now"]),
            BadInput("a token before the verb", subject: "policy.commands.extra.create", create, code: "unknown_command", mentions: ["policy.commands.extra.create"]),
            BadInput("a token after a query verb", subject: "policy.commands.evaluate.now", #"{"context":{}}"#, code: "unknown_command", mentions: ["policy.commands.evaluate.now"]),
            BadInput("a composition of at least zero", subject: "policy.commands.create_set", createSet(#"{"AtLeast":0}"#), code: "invalid_field",
                     field: "composition.AtLeast", mentions: ["expected an integer"]),
            BadInput("a composition of at least 10^30", subject: "policy.commands.create_set", createSet(#"{"AtLeast":1e30}"#), code: "invalid_field",
                     field: "composition.AtLeast", mentions: ["expected an integer"]),
            BadInput("an unknown composition", subject: "policy.commands.create_set", createSet(#""Most""#), code: "invalid_field", field: "composition",
                     mentions: ["unknown variant Most"]),
            BadInput("a unit composition with a value", subject: "policy.commands.create_set", createSet(#"{"All":1}"#), code: "invalid_field", field: "composition",
                     mentions: ["takes no value"]),
            BadInput("a member id that is no UUID", subject: "policy.commands.create_set", createSet(#""All","policy_ids":["nope"]"#), code: "invalid_field",
                     field: "policy_ids[0]", mentions: ["UUID"]),
            BadInput("a rule without an expression", subject: "policy.commands.create", createWithRules(#"[{"name":"r"}]"#), code: "missing_field",
                     field: "rules[0].expression", mentions: ["rules[0].expression"]),
            BadInput("a rule with an unknown operator", subject: "policy.commands.create", createWithRules(#"[{"name":"r","expression":{"Resembles":{"field":"a","value":1}}}]"#),
                     code: "invalid_field", field: "rules[0].expression", mentions: ["unknown variant Resembles"]),
            BadInput("a rule whose And is not an array", subject: "policy.commands.create", createWithRules(#"[{"name":"r","expression":{"And":{}}}]"#),
                     code: "invalid_field", field: "rules[0].expression.And", mentions: ["expected an array"]),
            BadInput("a rule nested 20 expressions deep", subject: "policy.commands.create",
                     createWithRules(#"[{"name":"r","expression":"# + String(repeating: #"{"Not":"#, count: 20) + #"{"Exists":{"field":"a"}}"# + String(repeating: "}", count: 20) + "}]"),
                     code: "invalid_field", field: "rules[0].expression" + String(repeating: ".Not", count: 16), mentions: ["nests deeper than 16"]),
            BadInput("a target organization that is no UUID", subject: "policy.commands.create", create.replacing(#""target":"Global""#, with: #""target":{"Organization":"x"}"#),
                     code: "invalid_field", field: "target.Organization", mentions: ["UUID"]),
            BadInput("an unknown target", subject: "policy.commands.create", create.replacing(#""target":"Global""#, with: #""target":"Universe""#),
                     code: "invalid_field", field: "target", mentions: ["unknown variant Universe"]),
            BadInput("a payload over the runtime's limit", subject: "policy.commands.create", CommonBadInput.padded(create, to: DomainCatalogue.maxCommandBytes + 1),
                     code: "too_large", mentions: ["at most \(DomainCatalogue.maxCommandBytes) bytes"]),
            // Queries: answered by the read model, with the same error shape.
            BadInput("a query that is not JSON", subject: "policy.commands.evaluate", "hello", code: "malformed_json", mentions: ["not JSON"]),
            BadInput("a query without its context", subject: "policy.commands.check_compliance", "{}", code: "missing_field", field: "context", mentions: ["context"]),
            BadInput("a query naming a policy that is no UUID", subject: "policy.commands.evaluate", #"{"context":{},"policy_ids":["x"]}"#, code: "invalid_field",
                     field: "policy_ids[0]", mentions: ["UUID"]),
            BadInput("a query naming a policy never created", subject: "policy.commands.evaluate", #"{"context":{},"policy_ids":["\#(unknown)"]}"#, code: "not_found",
                     field: "policy_ids[0]", mentions: [unknown]),
            // Refused by the rules: typed, nothing stored.
            BadInput("a second create of the same policy", subject: "policy.commands.create", Self.create(draft), code: "already_exists", field: "policy_id", mentions: [draft]),
            BadInput("an approval of a draft", subject: "policy.commands.approve", #"{"policy_id":"\#(draft)","approved_by":"bob"}"#, code: "invalid_transition",
                     field: "policy_id", mentions: ["it is Draft"]),
            BadInput("a transition of a policy never created", subject: "policy.commands.submit", #"{"policy_id":"\#(unknown)"}"#, code: "not_found", field: "policy_id", mentions: [unknown]),
            BadInput("a blank suspension reason", subject: "policy.commands.suspend", #"{"policy_id":"\#(active)","reason":" "}"#, code: "empty_reason", field: "reason",
                     mentions: ["Reason cannot be empty"]),
            BadInput("an exemption from a policy never created", subject: "policy.commands.grant_exemption",
                     #"{"exemption_id":"\#(exemption)","policy_id":"\#(unknown)","reason":"r","granted_by":"c","expires_at":"2030-01-01T00:00:00Z"}"#,
                     code: "not_found", field: "policy_id", mentions: [unknown]),
        ]
    }

    static let catalogue = DomainCatalogue(
        domain: "policy", stream: "POLICY_EVENTS",
        setup: [
            ("policy.commands.create", create(draft)), ("policy.commands.create", create(active)), ("policy.commands.submit", #"{"policy_id":"\#(active)"}"#),
            ("policy.commands.approve", #"{"policy_id":"\#(active)","approved_by":"bob"}"#), ("policy.commands.activate", #"{"policy_id":"\#(active)"}"#),
        ],
        cases: CommonBadInput.cases(subject: "policy.commands.create", valid: templates[0].json) + templates.flatMap(\.cases) + explicit,
        // Never under events.policy.>: the stream captures it, and JetStream itself would answer.
        outside: ["policy.commands", "policy.command.create", "Policy.commands.create", "policy.create"],
        fresh: { ("policy.commands.create", create(UUIDs.make())) })
}
