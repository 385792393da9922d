import Aggregates
import Testing

@Suite struct PolicyPrerequisiteTests {
    typealias P = PolicyFixture

    static func states(_ world: [PolicyAggregateID: [PolicyEvent]]) -> [PolicyAggregateID: PolicyAggregate] {
        world.mapValues { PolicyAggregate.replay($0) }
    }

    @Test func commandsThatReferToNothingAreReadyAtOnce() {
        for command in [PolicyCommand.create(P.seedDefinition, createdBy: nil), .submit(P.retention), .revokeExemption(exemptionID: P.waiver, revokedBy: nil, reason: "r"),
            .removeFromSet(policySetID: P.baseline, policyID: P.retention, removedBy: nil, reason: nil)]
        {
            guard case .ready(let request) = PolicyAggregate.prerequisite(of: P.request(command), reads: [:]) else {
                Issue.record("\(command.verb) asked for a read")
                continue
            }
            #expect(request == P.request(command))
        }
    }

    @Test func addToSetReadsThePolicyThenCarriesWhatWasRead() {
        let request = P.request(.addToSet(policySetID: P.baseline, policyID: P.privacy, addedBy: nil))
        guard case .read(let id) = PolicyAggregate.prerequisite(of: request, reads: [:]) else {
            Issue.record("no read asked")
            return
        }
        #expect(id == P.privacy)
        let reads = Self.states([P.privacy: P.history(to: .suspended, P.definition(P.privacy))])
        guard case .ready(let resolved) = PolicyAggregate.prerequisite(of: request, reads: reads) else {
            Issue.record("not ready after the read")
            return
        }
        #expect(resolved.references == [P.privacy: .policy(.suspended)])
        #expect(P.decide(PolicyAggregate.replay([P.setCreated]), resolved).events?.count == 1)
    }

    @Test func createSetReadsEachDistinctMemberInOrder() {
        let members = [P.privacy, P.retention, P.privacy, P.security]
        let request = P.request(.createSet(PolicySetDefinition(policySetID: P.baseline, name: "B", policyIDs: members), createdBy: nil))
        var reads: [PolicyAggregateID: PolicyAggregate] = [:]
        var asked: [PolicyAggregateID] = []
        while case .read(let id) = PolicyAggregate.prerequisite(of: request, reads: reads) {
            asked.append(id)
            reads[id] = id == P.security ? PolicyAggregate() : PolicyAggregate.replay(P.history(to: .draft, P.definition(id)))
        }
        #expect(asked == [P.privacy, P.retention, P.security])
        guard case .ready(let resolved) = PolicyAggregate.prerequisite(of: request, reads: reads) else { return }
        #expect(resolved.references == [P.privacy: .policy(.draft), P.retention: .policy(.draft), P.security: .notFound])
    }

    @Test func grantExemptionReadsItsPolicyAndANeverCreatedIdReadsAsNotFound() {
        let grant = ExemptionGrant(exemptionID: P.waiver, policyID: P.retention, reason: "r", grantedBy: "c", validUntil: P.t2)
        let request = PolicyAggregate.resolvingReferences(of: P.request(.grantExemption(grant)), in: [:])
        #expect(request.references == [P.retention: .notFound])
        let states = Self.states([P.retention: [P.setCreated]])
        #expect(PolicyReference(states[P.retention]!) == .policySet)
        #expect(PolicyReference(PolicyAggregate.replay([P.granted()])) == .exemption)
    }

    @Test func theTargetOfEachCommandIsItsOwnId() {
        #expect(PolicyAggregate.target(of: P.request(.addToSet(policySetID: P.baseline, policyID: P.retention, addedBy: nil))) == P.baseline)
        #expect(PolicyAggregate.target(of: P.request(.grantExemption(ExemptionGrant(exemptionID: P.waiver, policyID: P.retention, reason: "r", grantedBy: "c", validUntil: P.t2)))) == P.waiver)
        #expect(PolicyAggregate.target(of: P.request(.approve(P.privacy, approvedBy: "b"))) == P.privacy)
    }
}
