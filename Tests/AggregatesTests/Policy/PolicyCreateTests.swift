import Aggregates
import Testing

@Suite struct PolicyCreateTests {
    typealias P = PolicyFixture

    @Test func theSeedsPolicyIsCreatedAsADraft() {
        let result = P.given([], when: .create(P.seedDefinition, createdBy: nil))
        #expect(result.events == [.policyCreated(P.seedDefinition, createdBy: nil, at: P.t1)])
        let state = PolicyAggregate.replay(result.events ?? [])
        #expect(state.id == P.retention)
        #expect(state.version == 1)
        #expect(state.policy?.status == .draft)
        #expect(state.policy?.definition == P.seedDefinition)
        #expect(state.policy?.definition.target == .global)
        #expect(state.policy?.createdAt == P.t1)
    }

    @Test func rulesAndTargetSurviveTheRebuild() {
        let definition = P.definition(P.privacy, rules: [P.sevenYears, P.encrypted], target: .composite([.organization(P.acme), .organization(P.globex)]))
        let result = P.given([], when: .create(definition, createdBy: "alice"))
        let policy = PolicyAggregate.replay(result.events ?? []).policy
        #expect(policy?.definition.rules == [P.sevenYears, P.encrypted])
        #expect(policy?.definition.target == .composite([.organization(P.acme), .organization(P.globex)]))
        #expect(policy?.createdBy == "alice")
    }

    @Test func anIdWithEventsCannotBeCreatedAgain() {
        for history in [[P.created], [P.setCreated], [P.granted(P.retention)]] {
            let result = P.given(history, when: .create(P.seedDefinition, createdBy: nil))
            #expect(result.code == .alreadyExists)
            #expect(result.field == "policy_id")
        }
        #expect(P.given([P.created], when: .create(P.seedDefinition, createdBy: nil)).message == "Policy already exists: \(P.retention.text)")
        #expect(P.given([P.setCreated], when: .createSet(PolicySetDefinition(policySetID: P.baseline, name: "B"), createdBy: nil)).message == "Policy set already exists: \(P.baseline.text)")
    }

    @Test func blankTextIsRefusedNamingTheField() {
        var cases: [(PolicyDefinition, String)] = []
        var definition = P.seedDefinition
        definition.name = " "
        cases.append((definition, "name"))
        definition = P.seedDefinition
        definition.policyType = ""
        cases.append((definition, "policy_type"))
        definition = P.seedDefinition
        definition.scope = "\t"
        cases.append((definition, "scope"))
        for (definition, field) in cases {
            let result = P.given([], when: .create(definition, createdBy: nil))
            #expect(result.code == .invalid)
            #expect(result.field == field)
        }
        #expect(P.given([], when: .create(P.seedDefinition, createdBy: " ")).field == "created_by")
    }

    @Test func badRulesAreRefusedNamingTheRule() {
        let deep = (1..<RuleExpression.maxDepth).reduce(RuleExpression.existence(.exists, field: "a")) { inner, _ in .not(inner) }
        #expect(deep.depth == RuleExpression.maxDepth)
        let cases: [([PolicyRule], String)] = [
            ([PolicyRule(name: " ", expression: .existence(.exists, field: "a"))], "rules[0].name"),
            ([P.sevenYears, PolicyRule(name: "seven-years", expression: .existence(.exists, field: "a"))], "rules[1].name"),
            (
                [PolicyRule(ruleID: P.acme, name: "a", expression: .existence(.exists, field: "a")), PolicyRule(ruleID: P.acme, name: "b", expression: .existence(.exists, field: "b"))],
                "rules[1].rule_id"
            ),
            ([P.sevenYears, PolicyRule(name: "deep", expression: .not(deep))], "rules[1].expression"),
            ([PolicyRule(name: "dots", expression: .and([.existence(.exists, field: "a..b")]))], "rules[0].expression"),
        ]
        for (rules, field) in cases {
            let result = P.given([], when: .create(P.definition(P.privacy, rules: rules), createdBy: nil))
            #expect(result.code == .invalid, "\(field)")
            #expect(result.field == field)
        }
        #expect(P.given([], when: .create(P.definition(P.privacy, rules: [PolicyRule(name: "deep", expression: deep)]), createdBy: nil)).events?.count == 1)
    }

    @Test func badTargetsAreRefused() {
        var deep = PolicyTarget.global
        for _ in 0..<PolicyTarget.maxDepth { deep = .composite([deep]) }
        for target in [PolicyTarget.composite([]), .composite([.global, .composite([])]), deep] {
            let result = P.given([], when: .create(P.definition(P.privacy, target: target), createdBy: nil))
            #expect(result.code == .invalid)
            #expect(result.field == "target")
        }
    }
}
