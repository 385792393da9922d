import Aggregates
import Testing

@Suite struct PolicyCatalogTests {
    typealias P = PolicyFixture

    static let draft = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440003")!
    static let securityExemption = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440021")!
    static let maxAmount = PolicyRule(name: "max-amount", expression: .comparison(.lessThanOrEqual, field: "amount", value: P.number(100)))

    /// retention: Mandatory, Global, 7 years. privacy: Advisory, for acme, encrypted.
    /// security: Hard, for globex (in a composite), amount ≤ 100. draft: a Global draft.
    static let histories: [[PolicyEvent]] = [
        P.history(to: .active, P.definition(P.retention, name: "Retention", rules: [P.sevenYears])),
        P.history(to: .active, P.definition(P.privacy, name: "Privacy", enforcement: .advisory, rules: [P.encrypted], target: .organization(P.acme))),
        P.history(to: .active, P.definition(P.security, name: "Security", enforcement: .hard, rules: [maxAmount], target: .composite([.organization(P.globex)]))),
        P.history(to: .draft, P.definition(draft, name: "Draft", rules: [P.sevenYears])),
    ]

    static func catalog(_ histories: [[PolicyEvent]] = histories) -> PolicyCatalog {
        var catalog = PolicyCatalog()
        for history in histories {
            for (index, event) in history.enumerated() {
                catalog.apply(EventEnvelope(aggregateID: event.aggregateID, sequence: index + 1, event: event, timestamp: P.t0, correlationID: "c", causationID: "c"))
            }
        }
        return catalog
    }

    /// Passes retention and security, fails privacy.
    static let good = try! JSONValue(parsing: #"{"retention_years": 7, "amount": 50, "data": {"encrypted": false}}"#)
    /// Fails retention and security, passes privacy.
    static let bad = try! JSONValue(parsing: #"{"retention_years": 1, "amount": 500, "data": {"encrypted": true}}"#)

    static func ids(_ report: EvaluationReport) -> [PolicyAggregateID] { report.results.map(\.policyID) }

    static func check(_ catalog: PolicyCatalog, _ query: PolicyQuery, at: Timestamp = P.t1) -> ComplianceReport? {
        try? catalog.checkCompliance(query, at: at)
    }

    @Test func theCatalogFoldsEventsLikeTheAggregateAndIgnoresRedeliveries() {
        var catalog = Self.catalog()
        for history in Self.histories {
            #expect(catalog.states[history[0].aggregateID] == PolicyAggregate.replay(history))
        }
        let before = catalog
        let event = Self.histories[0][1]
        catalog.apply(EventEnvelope(aggregateID: event.aggregateID, sequence: 2, event: event, timestamp: P.t0, correlationID: "c", causationID: "c"))
        #expect(catalog == before)
        #expect(catalog.policies.map(\.id) == [P.retention, P.privacy, P.security, Self.draft])
        #expect(PolicyCatalog.queryVerbs == ["evaluate", "check_compliance"])
    }

    @Test func aGlobalQueryEvaluatesTheActiveGlobalPolicies() throws {
        let report = try Self.catalog().evaluate(PolicyQuery(context: Self.good), at: P.t1)
        #expect(Self.ids(report) == [P.retention])
        #expect(report.results[0] == PolicyResult(policyID: P.retention, name: "Retention", enforcement: .mandatory, passed: true, exempted: false, exemptionID: nil, failures: []))
        #expect(report.skipped == [])
        #expect(report.evaluatedAt == P.t1)
    }

    @Test func anOrganizationSeesGlobalPoliciesAndItsOwn() throws {
        let catalog = Self.catalog()
        #expect(Self.ids(try catalog.evaluate(PolicyQuery(context: Self.good, subject: .organization(P.acme)), at: P.t1)) == [P.retention, P.privacy])
        #expect(Self.ids(try catalog.evaluate(PolicyQuery(context: Self.good, subject: .organization(P.globex)), at: P.t1)) == [P.retention, P.security])
        let both = PolicyQuery(context: Self.good, subject: .composite([.organization(P.acme), .organization(P.globex)]))
        #expect(Self.ids(try catalog.evaluate(both, at: P.t1)) == [P.retention, P.privacy, P.security])
    }

    @Test func listedPoliciesAreEvaluatedWhateverTheirTargetAndInactiveOnesSkipped() throws {
        let report = try Self.catalog().evaluate(PolicyQuery(context: Self.bad, policyIDs: [P.security, Self.draft, P.privacy, P.security]), at: P.t1)
        #expect(Self.ids(report) == [P.security, P.privacy])
        #expect(report.skipped == [SkippedPolicy(policyID: Self.draft, status: .draft)])
        #expect(report.results[0].failures == [RuleFailure(rule: "max-amount", reason: "expected amount <= 100, found 500", message: nil)])
    }

    @Test func unknownIdsAreTypedErrors() {
        var catalog = Self.catalog([P.history(to: .active), [P.setCreated], [P.granted()]])
        let cases: [(PolicyQuery, String, String, String)] = [
            (PolicyQuery(context: Self.good, policyIDs: [P.retention, P.privacy]), "not_found", "policy_ids[1]", "Policy not found: \(P.privacy.text)"),
            (PolicyQuery(context: Self.good, policyIDs: [P.baseline]), "wrong_kind", "policy_ids[0]", "\(P.baseline.text) is a policy set, not a policy"),
            (PolicyQuery(context: Self.good, policySetID: P.security), "not_found", "policy_set_id", "Policy set not found: \(P.security.text)"),
            (PolicyQuery(context: Self.good, policySetID: P.waiver), "wrong_kind", "policy_set_id", "\(P.waiver.text) is an exemption, not a policy set"),
            (PolicyQuery(context: Self.good, policyIDs: [], policySetID: P.baseline), "invalid_field", "policy_set_id", "give policy_ids or policy_set_id, not both"),
        ]
        for (query, code, field, message) in cases {
            do throws(QueryError) {
                _ = try catalog.checkCompliance(query, at: P.t1)
                Issue.record("answered \(query)")
            } catch {
                #expect(error.failure == DomainFailure(code: code, field: field, message: message))
            }
        }
        catalog = PolicyCatalog()
        #expect(Self.check(catalog, PolicyQuery(context: Self.good))?.compliant == true)
    }

    @Test func aMandatoryFailureBreaksComplianceAndAnAdvisoryOneOnlyWarns() {
        let catalog = Self.catalog()
        let acme = Self.check(catalog, PolicyQuery(context: Self.good, subject: .organization(P.acme)))
        #expect(acme?.compliant == true)
        #expect(acme?.warnings == [PolicyWarning(policyID: P.privacy, name: "Privacy", rule: "encrypted", reason: "expected data.encrypted == true, found false")])
        let globex = Self.check(catalog, PolicyQuery(context: Self.bad, subject: .organization(P.globex)))
        #expect(globex?.compliant == false)
        #expect(globex?.warnings == [])
        #expect(globex?.results.map(\.passed) == [false, false])
        #expect(globex?.policySet == nil)
    }

    @Test func enforcementLevelsThatAreMandatory() {
        #expect(EnforcementLevel.allCases.filter(\.isMandatory) == [.mandatory, .hard, .critical])
    }

    @Test func anExemptionCoversItsPolicyUntilItExpiresAtTheQuerysTime() {
        let exemption = P.granted(policy: P.retention, until: P.t2)
        let catalog = Self.catalog(Self.histories + [[exemption]])
        let query = PolicyQuery(context: Self.bad)
        let covered = Self.check(catalog, query, at: P.t1)
        #expect(covered?.compliant == true)
        #expect(covered?.results.first?.exempted == true)
        #expect(covered?.results.first?.exemptionID == P.waiver)
        #expect(covered?.results.first?.passed == true)
        #expect(covered?.results.first?.failures.count == 1)
        let lastInstant = Timestamp(secondsSinceEpoch: P.t2.secondsSinceEpoch - 1, nanoseconds: 999_999_999)
        #expect(Self.check(catalog, query, at: lastInstant)?.compliant == true)
        let expired = Self.check(catalog, query, at: P.t2)
        #expect(expired?.compliant == false)
        #expect(expired?.results.first?.exempted == false)
    }

    @Test func aRevokedExemptionCoversNothing() {
        let revoked = PolicyEvent.exemptionRevoked(exemptionID: P.waiver, policyID: P.retention, revokedBy: nil, reason: "done", at: P.t0)
        let catalog = Self.catalog(Self.histories + [[P.granted(), revoked]])
        #expect(Self.check(catalog, PolicyQuery(context: Self.bad))?.compliant == false)
        #expect(catalog.exemptions(from: P.retention).map(\.isRevoked) == [true])
    }

    @Test func aTargetedExemptionCoversOnlyItsTarget() {
        let catalog = Self.catalog(Self.histories + [[P.granted(policy: P.security, target: .organization(P.globex))]])
        let globex = Self.check(catalog, PolicyQuery(context: try! JSONValue(parsing: #"{"retention_years":9,"amount":500}"#), policyIDs: [P.security], subject: .organization(P.globex)))
        #expect(globex?.compliant == true)
        let acme = Self.check(catalog, PolicyQuery(context: try! JSONValue(parsing: #"{"amount":500}"#), policyIDs: [P.security], subject: .organization(P.acme)))
        #expect(acme?.compliant == false)
        #expect(acme?.results.first?.exempted == false)
    }

    @Test(arguments: [
        (CompositionRule.all, false), (.any, true), (.atLeast(2), true), (.atLeast(3), false),
    ] as [(CompositionRule, Bool)])
    func aSetIsJudgedByItsComposition(composition: CompositionRule, compliant: Bool) {
        // Good context: retention and security pass, privacy fails; the draft is skipped.
        let set = PolicyEvent.policySetCreated(
            PolicySetDefinition(policySetID: P.baseline, name: "Baseline", composition: composition, policyIDs: [P.retention, P.security, P.privacy, Self.draft]),
            createdBy: nil, at: P.t0)
        let report = Self.check(Self.catalog(Self.histories + [[set]]), PolicyQuery(context: Self.good, policySetID: P.baseline))
        #expect(report?.compliant == compliant, "\(composition)")
        #expect(report?.results.map(\.policyID) == [P.retention, P.security, P.privacy])
        #expect(report?.skipped == [SkippedPolicy(policyID: Self.draft, status: .draft)])
        #expect(report?.policySet?.inForce == 3)
        #expect(report?.policySet?.satisfied == 2)
        #expect(report?.policySet?.required == composition.required(of: 3))
        #expect(report?.warnings.map(\.rule) == ["encrypted"])
    }

    @Test func aSetWithoutMembersInForce() {
        for (composition, holds) in [(CompositionRule.all, true), (.any, false), (.atLeast(1), false)] {
            let set = PolicyEvent.policySetCreated(PolicySetDefinition(policySetID: P.baseline, name: "B", composition: composition, policyIDs: [Self.draft]), createdBy: nil, at: P.t0)
            #expect(Self.check(Self.catalog(Self.histories + [[set]]), PolicyQuery(context: Self.good, policySetID: P.baseline))?.compliant == holds)
        }
    }
}
