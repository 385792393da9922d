import Aggregates
import Testing

@Suite struct PolicyExemptionTests {
    typealias P = PolicyFixture

    static let world: [PolicyAggregateID: [PolicyEvent]] = [
        P.retention: P.history(to: .active),
        P.privacy: P.history(to: .revoked, P.definition(P.privacy)),
        P.baseline: [P.setCreated],
    ]

    static func grant(policy: PolicyAggregateID = P.retention, reason: String = "migration", by: String = "carol", until: Timestamp = P.t2) -> PolicyCommand {
        .grantExemption(ExemptionGrant(exemptionID: P.waiver, policyID: policy, reason: reason, grantedBy: by, validUntil: until, target: .organization(P.acme)))
    }

    @Test func anExemptionIsGrantedOnItsOwnStream() {
        let result = P.given(world: Self.world, when: Self.grant())
        let grant = ExemptionGrant(exemptionID: P.waiver, policyID: P.retention, reason: "migration", grantedBy: "carol", validUntil: P.t2, target: .organization(P.acme))
        #expect(result.events == [.exemptionGranted(grant, at: P.t1)])
        #expect(result.events?.first?.aggregateID == P.waiver)
        let exemption = PolicyAggregate.replay(result.events ?? []).exemption
        #expect(exemption?.policyID == P.retention)
        #expect(exemption?.covers(at: P.t1, subject: .organization(P.acme)) == true)
        #expect(exemption?.covers(at: P.t1, subject: .organization(P.globex)) == false)
        #expect(exemption?.covers(at: P.t2, subject: .organization(P.acme)) == false)
    }

    @Test func theExpiryMustBeAfterTheCommandsTime() {
        for until in [P.t1, P.t0] {
            let result = P.given(world: Self.world, when: Self.grant(until: until))
            #expect(result.code == .invalid)
            #expect(result.field == "expires_at")
        }
        #expect(P.given(world: Self.world, when: Self.grant(until: Timestamp(secondsSinceEpoch: P.t1.secondsSinceEpoch, nanoseconds: 1))).events?.count == 1)
        #expect(P.given(world: Self.world, when: Self.grant(until: P.t1)).message
            == "expires_at 2025-11-10T19:00:00Z is not after the command's time 2025-11-10T19:00:00Z")
    }

    @Test func thePolicyMustExistAndStillBeInForceOrComing() {
        let missing = P.given(world: Self.world, when: Self.grant(policy: P.security))
        #expect(missing.code == .notFound)
        #expect(missing.field == "policy_id")
        #expect(P.given(world: Self.world, when: Self.grant(policy: P.baseline)).code == .wrongKind)
        let revoked = P.given(world: Self.world, when: Self.grant(policy: P.privacy))
        #expect(revoked.code == .invalid)
        #expect(revoked.message == "Policy \(P.privacy.text) is Revoked: an exemption from it would never apply")
        #expect(P.given([], when: Self.grant()).code == .referencesUnavailable)
    }

    @Test func aReasonAndAGrantorAreRequiredAndTheIdMustBeNew() {
        #expect(P.given(world: Self.world, when: Self.grant(reason: " ")).code == .emptyReason)
        let grantor = P.given(world: Self.world, when: Self.grant(by: ""))
        #expect(grantor.code == .invalid)
        #expect(grantor.field == "granted_by")
        var world = Self.world
        world[P.waiver] = [P.granted()]
        let again = P.given(world: world, when: Self.grant())
        #expect(again.code == .alreadyExists)
        #expect(again.field == "exemption_id")
    }

    @Test func revokingRecordsWhoAndWhyOnce() {
        let result = P.given([P.granted()], when: .revokeExemption(exemptionID: P.waiver, revokedBy: "dave", reason: "done"))
        #expect(result.events == [.exemptionRevoked(exemptionID: P.waiver, policyID: P.retention, revokedBy: "dave", reason: "done", at: P.t1)])
        let history = [P.granted()] + (result.events ?? [])
        let exemption = PolicyAggregate.replay(history).exemption
        #expect(exemption?.isRevoked == true)
        #expect(exemption?.covers(at: P.t0, subject: .global) == false)
        let again = P.given(history, when: .revokeExemption(exemptionID: P.waiver, revokedBy: nil, reason: "again"))
        #expect(again.code == .invalidTransition)
        #expect(again.message == "Cannot revoke exemption \(P.waiver.text): it is Revoked, and Revoked → Revoked is not allowed")
    }

    @Test func revokingNeedsAnExemptionAndAReason() {
        #expect(P.given([], when: .revokeExemption(exemptionID: P.waiver, revokedBy: nil, reason: "x")).code == .notFound)
        let policy = P.given([P.created], when: .revokeExemption(exemptionID: P.retention, revokedBy: nil, reason: "x"))
        #expect(policy.code == .wrongKind)
        #expect(policy.field == "exemption_id")
        #expect(P.given([P.granted()], when: .revokeExemption(exemptionID: P.waiver, revokedBy: nil, reason: "")).code == .emptyReason)
    }
}
