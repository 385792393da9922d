import Aggregates
import Testing

@Suite struct PolicyCodecCommandTests {
    typealias C = PolicyCodecFixture
    typealias P = PolicyFixture

    @Test func theSeedsCreatePayloadWorksExactlyAsWritten() throws {
        let request = try C.decode("create", C.seedExample).get()
        #expect(request.body == .create(P.seedDefinition, createdBy: nil))
        #expect(request.metadata == P.metadata)
        #expect(request.references == [:])
        #expect(C.codec.commandName(request) == "CreatePolicy")
        // And it is accepted: a Draft on events.policy.<id>.created.
        let events = P.given([], when: request.body).events ?? []
        #expect(events.map { "\(C.codec.eventSubjectPrefix).\($0.aggregateID.text).\($0.subjectSuffix)" } == ["events.policy.\(C.p).created"])
    }

    @Test func theReferencesCommandTypeAndIdentityAreIgnored() {
        let identity = #""identity":{"correlation_id":{"kind":"Single","value":"\#(C.q)"},"causation_id":"\#(C.q)","message_id":"\#(C.q)"}"#
        let json = C.seedExample.replacing("{\n", with: #"{"command_type":"CreatePolicy",\#(identity),"#)
        #expect(C.command("create", json) == .create(P.seedDefinition, createdBy: nil))
    }

    @Test func createTakesRulesTargetAndEveryEnforcementLevel() {
        let json = #"{"policy_id":"\#(C.q)","name":"Privacy","policy_type":"Privacy","enforcement":"Soft","scope":"Org","created_by":"alice","#
            + #""rules":[{"name":"seven-years","expression":{"GreaterThanOrEqual":{"field":"retention_years","value":7}}},"#
            + #"{"rule_id":"\#(C.acme.uppercased())","name":"encrypted","expression":{"Equal":{"field":"data.encrypted","value":true}},"message":"Encrypt customer data"}],"#
            + #""target":{"Composite":["Global",{"Organization":"\#(C.acme)"}]}}"#
        let expected = PolicyDefinition(
            policyID: P.privacy, name: "Privacy", policyType: "Privacy", enforcement: .soft, scope: "Org",
            rules: [P.sevenYears, PolicyRule(ruleID: P.acme, name: "encrypted", expression: P.encrypted.expression, message: "Encrypt customer data")],
            target: .composite([.global, .organization(P.acme)]))
        #expect(C.command("create", json) == .create(expected, createdBy: "alice"))
        for level in EnforcementLevel.allCases {
            let text = C.seedExample.replacing(#""Mandatory""#, with: #""\#(level.rawValue)""#)
            #expect(C.command("create", text) == .create(PolicyDefinition(
                policyID: P.retention, name: P.seedDefinition.name, description: P.seedDefinition.description, policyType: "Retention", enforcement: level,
                scope: "Organization"), createdBy: nil))
        }
    }

    @Test func everyOtherCommandDecodes() {
        let cases: [(String, String, PolicyCommand)] = [
            ("update", #"{"policy_id":"\#(C.p)","name":"N","enforcement":"Advisory","target":"Global","rules":[],"updated_by":"a"}"#,
             .update(PolicyChanges(policyID: P.retention, name: "N", rules: [], target: .global, enforcement: .advisory, updatedBy: "a"))),
            ("update", #"{"policy_id":"\#(C.p)","description":"D","scope":"S","name":null}"#, .update(PolicyChanges(policyID: P.retention, description: "D", scope: "S"))),
            ("submit", #"{"policy_id":"\#(C.p)"}"#, .submit(P.retention)),
            ("submit", #"{"policy_id":"\#(C.p)","submitted_by":"alice","reason":"ignored"}"#, .submit(P.retention, submittedBy: "alice")),
            ("reject", #"{"policy_id":"\#(C.p)","reason":"vague","rejected_by":"bob"}"#, .reject(P.retention, reason: "vague", rejectedBy: "bob")),
            ("approve", #"{"policy_id":"\#(C.p)","approved_by":"bob"}"#, .approve(P.retention, approvedBy: "bob")),
            ("approve", #"{"policy_id":"\#(C.p)","approved_by":"bob","approval_notes":"ok"}"#, .approve(P.retention, approvedBy: "bob", notes: "ok")),
            ("activate", #"{"policy_id":"\#(C.p)","activated_by":"ops"}"#, .activate(P.retention, activatedBy: "ops")),
            ("suspend", #"{"policy_id":"\#(C.p)","reason":"audit"}"#, .suspend(P.retention, reason: "audit")),
            ("revoke", #"{"policy_id":"\#(C.p)","reason":"old","revoked_by":"ops"}"#, .revoke(P.retention, reason: "old", revokedBy: "ops")),
            ("archive", #"{"policy_id":"\#(C.p)"}"#, .archive(P.retention)),
            ("create_set", #"{"policy_set_id":"\#(C.s)","name":"B","composition":{"AtLeast":2},"policy_ids":["\#(C.p)","\#(C.q)"]}"#,
             .createSet(PolicySetDefinition(policySetID: P.baseline, name: "B", composition: .atLeast(2), policyIDs: [P.retention, P.privacy]), createdBy: nil)),
            ("create_set", #"{"policy_set_id":"\#(C.s)","name":"B","description":"d","composition":"Any","created_by":"a"}"#,
             .createSet(PolicySetDefinition(policySetID: P.baseline, name: "B", description: "d", composition: .any), createdBy: "a")),
            ("add_to_set", #"{"policy_set_id":"\#(C.s)","policy_id":"\#(C.q)"}"#, .addToSet(policySetID: P.baseline, policyID: P.privacy, addedBy: nil)),
            ("remove_from_set", #"{"policy_set_id":"\#(C.s)","policy_id":"\#(C.q)","reason":"r","removed_by":"a"}"#,
             .removeFromSet(policySetID: P.baseline, policyID: P.privacy, removedBy: "a", reason: "r")),
            ("grant_exemption", #"{"exemption_id":"\#(C.x)","policy_id":"\#(C.p)","reason":"migration","granted_by":"carol","expires_at":"2025-11-11T20:00:00+01:00"}"#,
             .grantExemption(ExemptionGrant(exemptionID: P.waiver, policyID: P.retention, reason: "migration", grantedBy: "carol", validUntil: P.t2))),
            ("grant_exemption", #"{"exemption_id":"\#(C.x)","policy_id":"\#(C.p)","reason":"m","granted_by":"c","expires_at":"2025-11-11T19:00:00Z","target":{"Organization":"\#(C.acme)"}}"#,
             .grantExemption(ExemptionGrant(exemptionID: P.waiver, policyID: P.retention, reason: "m", grantedBy: "c", validUntil: P.t2, target: .organization(P.acme)))),
            ("revoke_exemption", #"{"exemption_id":"\#(C.x)","reason":"done"}"#, .revokeExemption(exemptionID: P.waiver, revokedBy: nil, reason: "done")),
        ]
        var verbs: Set<String> = []
        for (verb, json, expected) in cases {
            #expect(C.command(verb, json) == expected, "\(verb): \(String(describing: C.failure(verb, json)))")
            #expect(expected.verb == verb)
            verbs.insert(verb)
        }
        #expect(verbs.union(["create"]) == Set(PolicyCommand.verbs))
    }

    @Test func queriesAreNotCommands() {
        for verb in PolicyCommand.queryVerbs {
            let error = C.failure(verb, #"{"context":{}}"#)
            #expect(error?.code == .unknownCommand)
            #expect(error?.message.contains("is a query, not a command") == true)
        }
        let unknown = C.failure("delete", "{}")
        #expect(unknown?.code == .unknownCommand)
        #expect(unknown?.message.hasPrefix("unknown command delete on policy.commands.delete; expected one of create, update, submit") == true)
    }

    @Test func namesVerbsAndReplies() {
        #expect(PolicyCommand.verbs.count == PolicyCommand.typeNames.count)
        #expect(C.codec.domain == "policy")
        #expect(C.codec.eventSubjectPrefix == "events.policy")
        for transition in PolicyTransition.allCases {
            #expect(PolicyCommand.changeStatus(PolicyStatusChange(policyID: P.retention, transition: transition)).typeName == transition.commandName)
        }
        #expect(PolicyCommand.addToSet(policySetID: P.baseline, policyID: P.retention, addedBy: nil).typeName == "AddPolicyToSet")
        var reply: [UInt8] = []
        C.codec.encodeSuccessReply(aggregateID: P.retention, version: 3, eventsGenerated: 1, into: &reply)
        #expect(String(decoding: reply, as: UTF8.self) == #"{"id":"\#(C.p)","status":"accepted","version":3}"#)
        let failure = C.codec.describe(PolicyError(.invalidTransition, field: "policy_id", message: "m"))
        #expect(failure == DomainFailure(code: "invalid_transition", field: "policy_id", message: "m"))
    }
}
