import Aggregates
import Testing

@Suite struct PolicyUpdateTests {
    typealias P = PolicyFixture

    @Test func anUpdateRecordsOnlyWhatChangedWithThePreviousValue() {
        let changes = PolicyChanges(policyID: P.retention, name: "Retention", description: P.seedDefinition.description, updatedBy: "alice")
        let result = P.given([P.created], when: .update(changes))
        let expected = PolicyUpdate(policyID: P.retention, changes: [.name(old: "Data Retention Policy", new: "Retention")], updatedBy: "alice", updatedAt: P.t1)
        #expect(result.events == [.policyUpdated(expected)])
        let state = PolicyAggregate.replay([P.created] + (result.events ?? []))
        #expect(state.policy?.definition.name == "Retention")
        #expect(state.version == 2)
    }

    @Test func everyFieldCanChangeInOneUpdate() {
        let changes = PolicyChanges(
            policyID: P.retention, name: "N", description: "D", rules: [P.sevenYears], target: .organization(P.acme), enforcement: .advisory,
            scope: "Team")
        let result = P.given(P.history(to: .underReview), when: .update(changes))
        let fields = (result.events?.first).flatMap { event -> [String]? in
            if case .policyUpdated(let update) = event { return update.changes.map(\.field) }
            return nil
        }
        #expect(fields == ["name", "description", "rules", "target", "enforcement", "scope"])
        let definition = PolicyAggregate.replay(P.history(to: .underReview) + (result.events ?? [])).policy?.definition
        #expect(definition == PolicyDefinition(
            policyID: P.retention, name: "N", description: "D", policyType: "Retention", enforcement: .advisory, scope: "Team", rules: [P.sevenYears],
            target: .organization(P.acme)))
    }

    @Test func onlyDraftsAndPoliciesUnderReviewCanBeUpdated() {
        for status in PolicyStatus.allCases {
            let result = P.given(P.history(to: status), when: .update(PolicyChanges(policyID: P.retention, name: "New")))
            if status.isEditable {
                #expect(result.events?.count == 1, "\(status)")
            } else {
                #expect(result.code == .notEditable, "\(status)")
                #expect(result.message?.contains(status.rawValue) == true)
            }
        }
    }

    @Test func anUpdateThatChangesNothingIsRefused() {
        let none = P.given([P.created], when: .update(PolicyChanges(policyID: P.retention)))
        #expect(none.code == .noChange)
        #expect(none.message == "the update names no field to change")
        let same = P.given([P.created], when: .update(PolicyChanges(policyID: P.retention, name: P.seedDefinition.name, enforcement: .mandatory)))
        #expect(same.code == .noChange)
        #expect(same.message == "every field is already that")
    }

    @Test func theNewValuesFollowTheCreateRules() {
        #expect(P.given([P.created], when: .update(PolicyChanges(policyID: P.retention, name: ""))).field == "name")
        #expect(P.given([P.created], when: .update(PolicyChanges(policyID: P.retention, target: .composite([])))).field == "target")
        #expect(P.given([P.created], when: .update(PolicyChanges(policyID: P.retention, rules: [P.sevenYears, P.sevenYears]))).field == "rules[1].name")
        #expect(P.given([P.created], when: .update(PolicyChanges(policyID: P.retention, name: "x", updatedBy: ""))).field == "updated_by")
    }

    @Test func updatingWhatIsNotAPolicyIsRefused() {
        let missing = P.given([], when: .update(PolicyChanges(policyID: P.retention, name: "x")))
        #expect(missing.code == .notFound)
        #expect(missing.message == "Policy not found: \(P.retention.text)")
        let set = P.given([P.setCreated], when: .update(PolicyChanges(policyID: P.baseline, name: "x")))
        #expect(set.code == .wrongKind)
        #expect(set.field == "policy_id")
        #expect(set.message == "\(P.baseline.text) is a policy set, not a policy")
    }
}
