/// The Policy domain's read model: every policy, set and exemption as its events left it,
/// answering `evaluate` and `check_compliance` (see `PolicyCatalog+Evaluate`). A pure fold: it
/// applies events with the aggregate's own `apply`, so it never disagrees with `decide`.
public struct PolicyCatalog: QueryModel, Hashable {
    public typealias Codec = PolicyCodec

    /// `evaluate` and `check_compliance`, answered on `policy.commands.<verb>`.
    public static var queryVerbs: [String] { PolicyCommand.queryVerbs }

    /// Each id's current state.
    public private(set) var states: [PolicyAggregateID: PolicyAggregate] = [:]
    /// The exemptions granted from each policy, in the order granted.
    private var exemptionsByPolicy: [PolicyAggregateID: [PolicyAggregateID]] = [:]

    public init() {}

    /// Applies one stored event. An event whose sequence is not past its aggregate's version (a
    /// redelivery) is ignored, so applying a stream twice changes nothing.
    public mutating func apply(_ envelope: EventEnvelope<PolicyAggregateID, PolicyEvent>) {
        var state = states[envelope.aggregateID] ?? PolicyAggregate()
        guard envelope.sequence > state.version else { return }
        state.apply(envelope.event)
        states[envelope.aggregateID] = state
        if case .exemptionGranted(let grant, _) = envelope.event {
            exemptionsByPolicy[grant.policyID, default: []].append(grant.exemptionID)
        }
    }

    /// The policy `id`, if it is one.
    public func policy(_ id: PolicyAggregateID) -> Policy? { states[id]?.policy }

    /// The set `id`, if it is one.
    public func policySet(_ id: PolicyAggregateID) -> PolicySet? { states[id]?.policySet }

    /// The exemptions granted from policy `id` (revoked and expired ones included), in the order granted.
    public func exemptions(from id: PolicyAggregateID) -> [PolicyExemption] {
        (exemptionsByPolicy[id] ?? []).compactMap { states[$0]?.exemption }
    }

    /// Every policy, by id.
    public var policies: [Policy] {
        states.values.compactMap(\.policy).sorted { $0.id < $1.id }
    }
}
