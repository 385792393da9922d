import Aggregates
import Testing

/// Shared values for the Policy tests: the seed's policy, a few ids, histories that reach each
/// status, and given-when-then helpers.
enum PolicyFixture {
    /// The seed's `policy_id`.
    static let retention = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440000")!
    static let privacy = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440001")!
    static let security = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440002")!
    static let baseline = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440010")!
    static let waiver = PolicyAggregateID(text: "550e8400-e29b-41d4-a716-446655440020")!
    static let acme = CanonicalUUID(text: "7c9e6679-7425-40de-944b-e07fc1f90ae7")!
    static let globex = CanonicalUUID(text: "7c9e6679-7425-40de-944b-e07fc1f90ae8")!
    static let t0 = Timestamp(secondsSinceEpoch: 1_762_714_800)  // 2025-11-09T19:00:00Z
    static let t1 = Timestamp(secondsSinceEpoch: 1_762_801_200)  // 2025-11-10T19:00:00Z
    static let t2 = Timestamp(secondsSinceEpoch: 1_762_887_600)  // 2025-11-11T19:00:00Z

    /// The seed's create command.
    static let seedDefinition = PolicyDefinition(
        policyID: retention, name: "Data Retention Policy", description: "All customer data must be retained for 7 years",
        policyType: "Retention", enforcement: .mandatory, scope: "Organization")

    /// `retention_years >= 7`.
    static let sevenYears = PolicyRule(name: "seven-years", expression: .comparison(.greaterThanOrEqual, field: "retention_years", value: number(7)))
    /// `data.encrypted == true`.
    static let encrypted = PolicyRule(
        name: "encrypted", expression: .comparison(.equal, field: "data.encrypted", value: .bool(true)), message: "Encrypt customer data")

    static func number(_ value: Int64) -> JSONValue { .number(JSONNumber(value)) }

    static func definition(
        _ id: PolicyAggregateID, name: String = "Policy", enforcement: EnforcementLevel = .mandatory, rules: [PolicyRule] = [],
        target: PolicyTarget = .global
    ) -> PolicyDefinition {
        PolicyDefinition(policyID: id, name: name, policyType: "Security", enforcement: enforcement, scope: "Organization", rules: rules, target: target)
    }

    static let created = PolicyEvent.policyCreated(seedDefinition, createdBy: nil, at: t0)

    static func changed(_ transition: PolicyTransition, _ id: PolicyAggregateID = retention, actor: String? = nil, reason: String? = nil, notes: String? = nil) -> PolicyEvent {
        .statusChanged(PolicyStatusChange(policyID: id, transition: transition, actor: actor, reason: reason, notes: notes), at: t0)
    }

    /// The events that take a new policy to `status` (Draft is its creation).
    static func history(to status: PolicyStatus, _ definition: PolicyDefinition = seedDefinition) -> [PolicyEvent] {
        let id = definition.policyID
        let draft: [PolicyEvent] = [.policyCreated(definition, createdBy: "alice", at: t0)]
        let active = draft + [changed(.submit, id), changed(.approve, id, actor: "bob"), changed(.activate, id)]
        switch status {
        case .draft: return draft
        case .underReview: return draft + [changed(.submit, id)]
        case .approved: return draft + [changed(.submit, id), changed(.approve, id, actor: "bob")]
        case .active: return active
        case .suspended: return active + [changed(.suspend, id, reason: "audit")]
        case .revoked: return active + [changed(.revoke, id, reason: "superseded")]
        case .archived: return active + [changed(.revoke, id, reason: "superseded"), changed(.archive, id)]
        }
    }

    static let setCreated = PolicyEvent.policySetCreated(
        PolicySetDefinition(policySetID: baseline, name: "Baseline", composition: .all, policyIDs: [retention]), createdBy: nil, at: t0)

    static func granted(_ id: PolicyAggregateID = waiver, policy: PolicyAggregateID = retention, until: Timestamp = t2, target: PolicyTarget? = nil) -> PolicyEvent {
        .exemptionGranted(ExemptionGrant(exemptionID: id, policyID: policy, reason: "migration", grantedBy: "carol", validUntil: until, target: target), at: t0)
    }

    static let metadata = CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: t1)

    static func request(_ body: PolicyCommand, references: [PolicyAggregateID: PolicyReference] = [:]) -> PolicyRequest {
        PolicyRequest(body, metadata: metadata, references: references)
    }

    /// Given `history`, when `command` is decided with `references`: the events, or the refusal.
    static func given(_ history: [PolicyEvent], when command: PolicyCommand, references: [PolicyAggregateID: PolicyReference] = [:]) -> Result<[PolicyEvent], PolicyError> {
        decide(PolicyAggregate.replay(history), request(command, references: references))
    }

    /// Given the histories of several ids, when `command` is decided against its target with its
    /// references read from those histories (as a runtime reads them from the store).
    static func given(world: [PolicyAggregateID: [PolicyEvent]], when command: PolicyCommand) -> Result<[PolicyEvent], PolicyError> {
        let states = world.mapValues { PolicyAggregate.replay($0) }
        let resolved = PolicyAggregate.resolvingReferences(of: request(command), in: states)
        return decide(states[command.target] ?? PolicyAggregate(), resolved)
    }

    static func decide(_ state: PolicyAggregate, _ request: PolicyRequest) -> Result<[PolicyEvent], PolicyError> {
        do throws(PolicyError) {
            return .success(try state.decide(request))
        } catch {
            return .failure(error)
        }
    }
}
