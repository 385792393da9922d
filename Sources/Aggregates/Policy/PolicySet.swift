/// A named group of policies judged together by `check_compliance` with `policy_set_id`.
public struct PolicySet: Hashable, Sendable {
    public internal(set) var definition: PolicySetDefinition
    public internal(set) var createdBy: String?
    public internal(set) var createdAt: Timestamp

    public init(definition: PolicySetDefinition, createdBy: String? = nil, createdAt: Timestamp) {
        self.definition = definition
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public var id: PolicyAggregateID { definition.policySetID }

    /// The members in the order they were added.
    public var policyIDs: [PolicyAggregateID] { definition.policyIDs }
}

/// How a set's members combine: `"All"`, `"Any"` or `{"AtLeast":n}` (n ≥ 1).
public enum CompositionRule: Hashable, Sendable {
    /// Every member in force passes (a set without members in force holds).
    case all
    /// At least one member in force passes.
    case any
    /// At least `n` members in force pass.
    case atLeast(Int)

    /// How many passing members out of `count` in force the rule needs.
    public func required(of count: Int) -> Int {
        switch self {
        case .all: count
        case .any: 1
        case .atLeast(let n): n
        }
    }
}

/// What `policy.commands.create_set` describes and `PolicySetCreated` records.
public struct PolicySetDefinition: Hashable, Sendable {
    public var policySetID: PolicyAggregateID
    public var name: String
    public var description: String
    public var composition: CompositionRule
    /// The initial members; each must be an existing policy.
    public var policyIDs: [PolicyAggregateID]

    public init(
        policySetID: PolicyAggregateID, name: String, description: String = "", composition: CompositionRule = .all,
        policyIDs: [PolicyAggregateID] = []
    ) {
        self.policySetID = policySetID
        self.name = name
        self.description = description
        self.composition = composition
        self.policyIDs = policyIDs
    }
}
