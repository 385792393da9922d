import Aggregates
import Testing

@Suite struct PolicySetTests {
    typealias P = PolicyFixture

    static let world: [PolicyAggregateID: [PolicyEvent]] = [
        P.retention: P.history(to: .active),
        P.privacy: P.history(to: .draft, P.definition(P.privacy)),
        P.baseline: [P.setCreated],
        P.waiver: [P.granted()],
    ]

    static func createSet(_ members: [PolicyAggregateID], composition: CompositionRule = .all) -> PolicyCommand {
        .createSet(PolicySetDefinition(policySetID: P.security, name: "Security", composition: composition, policyIDs: members), createdBy: "alice")
    }

    @Test func aSetIsCreatedWithItsInitialMembers() {
        let result = P.given(world: Self.world, when: Self.createSet([P.retention, P.privacy], composition: .atLeast(1)))
        let definition = PolicySetDefinition(policySetID: P.security, name: "Security", composition: .atLeast(1), policyIDs: [P.retention, P.privacy])
        #expect(result.events == [.policySetCreated(definition, createdBy: "alice", at: P.t1)])
        let state = PolicyAggregate.replay(result.events ?? [])
        #expect(state.policySet?.policyIDs == [P.retention, P.privacy])
        #expect(state.policySet?.definition.composition == .atLeast(1))
    }

    @Test func initialMembersMustBeExistingPoliciesListedOnce() {
        let missing = P.given(world: Self.world, when: Self.createSet([P.retention, P.security]))
        #expect(missing.code == .notFound)
        #expect(missing.field == "policy_ids[1]")
        let set = P.given(world: Self.world, when: Self.createSet([P.baseline]))
        #expect(set.code == .wrongKind)
        #expect(set.field == "policy_ids[0]")
        let exemption = P.given(world: Self.world, when: Self.createSet([P.waiver]))
        #expect(exemption.code == .wrongKind)
        let twice = P.given(world: Self.world, when: Self.createSet([P.retention, P.privacy, P.retention]))
        #expect(twice.code == .invalid)
        #expect(twice.field == "policy_ids[2]")
    }

    @Test func atLeastNeedsOneAndTheNameIsRequired() {
        let zero = P.given(world: Self.world, when: Self.createSet([], composition: .atLeast(0)))
        #expect(zero.code == .invalid)
        #expect(zero.field == "composition")
        let blank = P.given([], when: .createSet(PolicySetDefinition(policySetID: P.security, name: ""), createdBy: nil))
        #expect(blank.field == "name")
    }

    @Test func withoutTheReferencesNothingIsRecorded() {
        let result = P.given([], when: Self.createSet([P.retention]))
        #expect(result.code == .referencesUnavailable)
        #expect(result.field == "policy_ids[0]")
        #expect(P.given([P.setCreated], when: .addToSet(policySetID: P.baseline, policyID: P.privacy, addedBy: nil)).code == .referencesUnavailable)
    }

    @Test func addingAPolicyAppendsIt() {
        let result = P.given(world: Self.world, when: .addToSet(policySetID: P.baseline, policyID: P.privacy, addedBy: "alice"))
        #expect(result.events == [.policyAddedToSet(policySetID: P.baseline, policyID: P.privacy, addedBy: "alice", at: P.t1)])
        #expect(PolicyAggregate.replay([P.setCreated] + (result.events ?? [])).policySet?.policyIDs == [P.retention, P.privacy])
    }

    @Test func addingRefusesMembersNonPoliciesAndMissingSets() {
        let member = P.given(world: Self.world, when: .addToSet(policySetID: P.baseline, policyID: P.retention, addedBy: nil))
        #expect(member.code == .alreadyMember)
        #expect(member.field == "policy_id")
        let missing = P.given(world: Self.world, when: .addToSet(policySetID: P.baseline, policyID: P.security, addedBy: nil))
        #expect(missing.code == .notFound)
        #expect(missing.field == "policy_id")
        #expect(P.given(world: Self.world, when: .addToSet(policySetID: P.baseline, policyID: P.waiver, addedBy: nil)).code == .wrongKind)
        let noSet = P.given(world: Self.world, when: .addToSet(policySetID: P.security, policyID: P.retention, addedBy: nil))
        #expect(noSet.code == .notFound)
        #expect(noSet.field == "policy_set_id")
        let policyAsSet = P.given(world: Self.world, when: .addToSet(policySetID: P.retention, policyID: P.privacy, addedBy: nil))
        #expect(policyAsSet.code == .wrongKind)
        #expect(policyAsSet.message == "\(P.retention.text) is a policy, not a policy set")
    }

    @Test func removingAMemberDropsIt() {
        let result = P.given([P.setCreated], when: .removeFromSet(policySetID: P.baseline, policyID: P.retention, removedBy: "alice", reason: "obsolete"))
        #expect(result.events == [.policyRemovedFromSet(policySetID: P.baseline, policyID: P.retention, removedBy: "alice", reason: "obsolete", at: P.t1)])
        #expect(PolicyAggregate.replay([P.setCreated] + (result.events ?? [])).policySet?.policyIDs == [])
        // No reason is fine.
        #expect(P.given([P.setCreated], when: .removeFromSet(policySetID: P.baseline, policyID: P.retention, removedBy: nil, reason: nil)).events?.count == 1)
    }

    @Test func removingRefusesNonMembersAndBlankReasons() {
        let absent = P.given([P.setCreated], when: .removeFromSet(policySetID: P.baseline, policyID: P.privacy, removedBy: nil, reason: nil))
        #expect(absent.code == .notMember)
        #expect(absent.field == "policy_id")
        #expect(P.given([P.setCreated], when: .removeFromSet(policySetID: P.baseline, policyID: P.retention, removedBy: nil, reason: " ")).code == .emptyReason)
        #expect(P.given([], when: .removeFromSet(policySetID: P.baseline, policyID: P.retention, removedBy: nil, reason: nil)).code == .notFound)
    }
}
