/// The input of `evaluate` and `check_compliance`:
/// `{"context":{…},"policy_ids":[…]?,"policy_set_id":"…"?,"target":…?,"organization_id":"…"?}`.
public struct PolicyQuery: Hashable, Sendable {
    /// The facts rules read, by dotted path.
    public var context: JSONValue
    /// Evaluate exactly these policies (in this order) instead of those whose target applies.
    public var policyIDs: [PolicyAggregateID]?
    /// Evaluate this set's members (in the set's order); `check_compliance` applies its composition.
    public var policySetID: PolicyAggregateID?
    /// What the query is about: decides which policies apply when none are listed, and which
    /// exemptions cover them. `organization_id` is short for `{"Organization": id}`; default Global.
    public var subject: PolicyTarget

    public init(context: JSONValue, policyIDs: [PolicyAggregateID]? = nil, policySetID: PolicyAggregateID? = nil, subject: PolicyTarget = .global) {
        self.context = context
        self.policyIDs = policyIDs
        self.policySetID = policySetID
        self.subject = subject
    }
}

/// One policy's result.
public struct PolicyResult: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var name: String
    public var enforcement: EnforcementLevel
    /// Every rule held, or an exemption covers the policy.
    public var passed: Bool
    /// An unrevoked exemption that has not expired covers the policy for the query's subject.
    public var exempted: Bool
    /// The covering exemption (the first granted), if any.
    public var exemptionID: PolicyAggregateID?
    /// The rules that did not hold (also when exempted), in the policy's order.
    public var failures: [RuleFailure]

    public init(
        policyID: PolicyAggregateID, name: String, enforcement: EnforcementLevel, passed: Bool, exempted: Bool, exemptionID: PolicyAggregateID?,
        failures: [RuleFailure]
    ) {
        self.policyID = policyID
        self.name = name
        self.enforcement = enforcement
        self.passed = passed
        self.exempted = exempted
        self.exemptionID = exemptionID
        self.failures = failures
    }
}

/// A rule that did not hold: its name, why, and the rule's own message if it has one.
public struct RuleFailure: Hashable, Sendable {
    public var rule: String
    public var reason: String
    public var message: String?

    public init(rule: String, reason: String, message: String? = nil) {
        self.rule = rule
        self.reason = reason
        self.message = message
    }
}

/// A listed policy (or set member) that is not Active, so it was not evaluated.
public struct SkippedPolicy: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var status: PolicyStatus

    public init(policyID: PolicyAggregateID, status: PolicyStatus) {
        self.policyID = policyID
        self.status = status
    }
}

/// A failed rule of a policy that only warns (Advisory, Soft) and is not exempted.
public struct PolicyWarning: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var name: String
    public var rule: String
    public var reason: String

    public init(policyID: PolicyAggregateID, name: String, rule: String, reason: String) {
        self.policyID = policyID
        self.name = name
        self.rule = rule
        self.reason = reason
    }
}

/// How a set's composition judged its members in force.
public struct SetVerdict: Hashable, Sendable {
    public var policySetID: PolicyAggregateID
    public var composition: CompositionRule
    /// Members that are Active (evaluated).
    public var inForce: Int
    /// Members in force that passed (exemptions count).
    public var satisfied: Int
    /// How many must pass: all in force, 1, or n.
    public var required: Int
    public var holds: Bool { satisfied >= required }
}

/// The answer of `evaluate`.
public struct EvaluationReport: Hashable, Sendable {
    public var evaluatedAt: Timestamp
    public var results: [PolicyResult]
    public var skipped: [SkippedPolicy]
}

/// The answer of `check_compliance`.
public struct ComplianceReport: Hashable, Sendable {
    public var evaluatedAt: Timestamp
    /// Without a set: no mandatory policy failed unexempted. With a set: its composition holds.
    public var compliant: Bool
    public var results: [PolicyResult]
    public var skipped: [SkippedPolicy]
    public var warnings: [PolicyWarning]
    public var policySet: SetVerdict?
}
