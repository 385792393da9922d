/// A policy as `policy.commands.create` describes it and `PolicyCreated` records it. The seed's
/// payload (`policy_id`, `name`, `description`, `policy_type`, `enforcement`, `scope`) is all a
/// definition needs; `rules` default to none and `target` to Global.
public struct PolicyDefinition: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var name: String
    public var description: String
    /// What the policy is about, e.g. `Retention` (free text, non-blank).
    public var policyType: String
    public var enforcement: EnforcementLevel
    /// Its reach as people describe it, e.g. `Organization` (free text, non-blank); which
    /// queries it answers is decided by `target`.
    public var scope: String
    public var rules: [PolicyRule]
    public var target: PolicyTarget

    public init(
        policyID: PolicyAggregateID, name: String, description: String = "", policyType: String, enforcement: EnforcementLevel,
        scope: String, rules: [PolicyRule] = [], target: PolicyTarget = .global
    ) {
        self.policyID = policyID
        self.name = name
        self.description = description
        self.policyType = policyType
        self.enforcement = enforcement
        self.scope = scope
        self.rules = rules
        self.target = target
    }
}

/// What `policy.commands.update` asks to change: each given field replaces the current one.
public struct PolicyChanges: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var name: String?
    public var description: String?
    public var rules: [PolicyRule]?
    public var target: PolicyTarget?
    public var enforcement: EnforcementLevel?
    public var scope: String?
    public var updatedBy: String?

    public init(
        policyID: PolicyAggregateID, name: String? = nil, description: String? = nil, rules: [PolicyRule]? = nil,
        target: PolicyTarget? = nil, enforcement: EnforcementLevel? = nil, scope: String? = nil, updatedBy: String? = nil
    ) {
        self.policyID = policyID
        self.name = name
        self.description = description
        self.rules = rules
        self.target = target
        self.enforcement = enforcement
        self.scope = scope
        self.updatedBy = updatedBy
    }
}

/// One field `PolicyUpdated` changed, with its value before and after; in JSON
/// `{"field":"name","old_value":…,"new_value":…}` (the reference's `PolicyChange`, with typed
/// values instead of strings so the change can be folded).
public enum PolicyChange: Hashable, Sendable {
    case name(old: String, new: String)
    case description(old: String, new: String)
    case rules(old: [PolicyRule], new: [PolicyRule])
    case target(old: PolicyTarget, new: PolicyTarget)
    case enforcement(old: EnforcementLevel, new: EnforcementLevel)
    case scope(old: String, new: String)

    /// The field's name in commands and events, e.g. `enforcement`.
    public var field: String {
        switch self {
        case .name: "name"
        case .description: "description"
        case .rules: "rules"
        case .target: "target"
        case .enforcement: "enforcement"
        case .scope: "scope"
        }
    }

    /// `definition` with the new value.
    func applied(to definition: PolicyDefinition) -> PolicyDefinition {
        var result = definition
        switch self {
        case .name(_, let new): result.name = new
        case .description(_, let new): result.description = new
        case .rules(_, let new): result.rules = new
        case .target(_, let new): result.target = new
        case .enforcement(_, let new): result.enforcement = new
        case .scope(_, let new): result.scope = new
        }
        return result
    }
}

/// `PolicyUpdated`: the fields that changed, in the order name, description, rules, target,
/// enforcement, scope.
public struct PolicyUpdate: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var changes: [PolicyChange]
    public var updatedBy: String?
    public var updatedAt: Timestamp

    public init(policyID: PolicyAggregateID, changes: [PolicyChange], updatedBy: String? = nil, updatedAt: Timestamp) {
        self.policyID = policyID
        self.changes = changes
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
