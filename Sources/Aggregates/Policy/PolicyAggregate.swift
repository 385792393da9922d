/// The Policy domain's one aggregate: each id's state is nothing yet, a policy, a policy set or an
/// exemption, decided by the id's first event (`create`, `create_set`, `grant_exemption`). A pure
/// value folded from `PolicyEvent`s; every event adds 1 to `version`.
public struct PolicyAggregate: Aggregate, Hashable {
    public typealias Command = PolicyRequest
    public typealias Event = PolicyEvent
    public typealias Failure = PolicyError

    public internal(set) var version = 0
    public internal(set) var record = PolicyRecord.none

    public init() {}

    public var id: PolicyAggregateID? {
        switch record {
        case .none: nil
        case .policy(let policy): policy.id
        case .policySet(let set): set.id
        case .exemption(let exemption): exemption.id
        }
    }

    public static func target(of command: PolicyRequest) -> PolicyAggregateID { command.body.target }

    /// The policy, when the id names one.
    public var policy: Policy? {
        if case .policy(let policy) = record { return policy }
        return nil
    }

    /// The set, when the id names one.
    public var policySet: PolicySet? {
        if case .policySet(let set) = record { return set }
        return nil
    }

    /// The exemption, when the id names one.
    public var exemption: PolicyExemption? {
        if case .exemption(let exemption) = record { return exemption }
        return nil
    }
}

/// What an id of the Policy domain holds.
public enum PolicyRecord: Hashable, Sendable {
    /// No events yet.
    case none
    case policy(Policy)
    case policySet(PolicySet)
    case exemption(PolicyExemption)

    /// How messages name the kind: `nothing`, `a policy`, `a policy set`, `an exemption`.
    public var kindName: String {
        switch self {
        case .none: "nothing"
        case .policy: "a policy"
        case .policySet: "a policy set"
        case .exemption: "an exemption"
        }
    }
}
