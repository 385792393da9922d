extension PolicyAggregate {
    /// The id has no events yet.
    func requireNew(_ id: PolicyAggregateID, field: String) throws(PolicyError) {
        guard case .none = record else {
            let what = if case .policy = record { "Policy" } else if case .policySet = record { "Policy set" } else { "Exemption" }
            throw PolicyError(.alreadyExists, field: field, message: "\(what) already exists: \(id.text)")
        }
    }

    /// The id holds a policy.
    func requirePolicy(_ id: PolicyAggregateID) throws(PolicyError) -> Policy {
        if case .policy(let policy) = record { return policy }
        throw kindRefusal(id, expected: "Policy", article: "a policy", field: "policy_id")
    }

    /// The id holds a policy set.
    func requireSet(_ id: PolicyAggregateID) throws(PolicyError) -> PolicySet {
        if case .policySet(let set) = record { return set }
        throw kindRefusal(id, expected: "Policy set", article: "a policy set", field: "policy_set_id")
    }

    /// The id holds an exemption.
    func requireExemption(_ id: PolicyAggregateID) throws(PolicyError) -> PolicyExemption {
        if case .exemption(let exemption) = record { return exemption }
        throw kindRefusal(id, expected: "Exemption", article: "an exemption", field: "exemption_id")
    }

    /// `not_found` when the id has no events, else `wrong_kind` naming what it holds.
    private func kindRefusal(_ id: PolicyAggregateID, expected: String, article: String, field: String) -> PolicyError {
        if case .none = record { return PolicyError(.notFound, field: field, message: "\(expected) not found: \(id.text)") }
        return PolicyError(.wrongKind, field: field, message: "\(id.text) is \(record.kindName), not \(article)")
    }

    /// The policy `id`, as the runtime read it into `request.references`, exists and is a policy.
    /// - Returns: its status when read.
    @discardableResult
    static func requireReferencedPolicy(_ id: PolicyAggregateID, in request: PolicyRequest, field: String) throws(PolicyError) -> PolicyStatus {
        switch request.references[id] {
        case nil:
            throw PolicyError(
                .referencesUnavailable, field: field, message: "policy \(id.text) was not read, so its existence cannot be checked; nothing was recorded")
        case .notFound?:
            throw PolicyError(.notFound, field: field, message: "Policy not found: \(id.text)")
        case .policySet?:
            throw PolicyError(.wrongKind, field: field, message: "\(id.text) is a policy set, not a policy")
        case .exemption?:
            throw PolicyError(.wrongKind, field: field, message: "\(id.text) is an exemption, not a policy")
        case .policy(let status)?:
            return status
        }
    }

    /// A definition `create` or `update` may record: a non-blank name, policy type and scope,
    /// valid rules (see `checkRules`) and a valid target.
    static func checkDefinition(_ definition: PolicyDefinition) throws(PolicyError) {
        try checkName(definition.name)
        guard !definition.policyType.isBlank else { throw PolicyError(.invalid, field: "policy_type", message: "Policy type cannot be empty") }
        guard !definition.scope.isBlank else { throw PolicyError(.invalid, field: "scope", message: "Scope cannot be empty") }
        try checkRules(definition.rules)
        try checkTarget(definition.target)
    }

    static func checkName(_ name: String) throws(PolicyError) {
        guard !name.isBlank else { throw PolicyError(.invalid, field: "name", message: "Name cannot be empty") }
    }

    /// Each rule has a non-blank name no other rule has, a rule id no other rule has, an
    /// expression no deeper than `RuleExpression.maxDepth` whose field paths have no empty step.
    static func checkRules(_ rules: [PolicyRule]) throws(PolicyError) {
        var names: Set<String> = [], ids: Set<CanonicalUUID> = []
        for (index, rule) in rules.enumerated() {
            guard !rule.name.isBlank else { throw PolicyError(.invalid, field: "rules[\(index)].name", message: "Rule name cannot be empty") }
            guard names.insert(rule.name).inserted else {
                throw PolicyError(.invalid, field: "rules[\(index)].name", message: "two rules are named \"\(rule.name)\"")
            }
            if let id = rule.ruleID, !ids.insert(id).inserted {
                throw PolicyError(.invalid, field: "rules[\(index)].rule_id", message: "two rules have the id \(id.text)")
            }
            guard rule.expression.depth <= RuleExpression.maxDepth else {
                throw PolicyError(
                    .invalid, field: "rules[\(index)].expression",
                    message: "the expression nests \(rule.expression.depth) deep; at most \(RuleExpression.maxDepth) is allowed")
            }
            if let field = rule.expression.fields.first(where: { $0.split(separator: ".", omittingEmptySubsequences: false).contains("") }) {
                throw PolicyError(.invalid, field: "rules[\(index)].expression", message: "the field path \"\(field)\" has an empty step")
            }
        }
    }

    /// No composite is empty, and composites nest at most `PolicyTarget.maxDepth` deep.
    static func checkTarget(_ target: PolicyTarget, field: String = "target") throws(PolicyError) {
        guard target.depth <= PolicyTarget.maxDepth else {
            throw PolicyError(.invalid, field: field, message: "the target nests \(target.depth) deep; at most \(PolicyTarget.maxDepth) is allowed")
        }
        guard !target.hasEmptyComposite else {
            throw PolicyError(.invalid, field: field, message: "a Composite target needs at least one part")
        }
    }

    static func checkReason(_ reason: String?) throws(PolicyError) {
        guard let reason, !reason.isBlank else { throw PolicyError(.emptyReason, field: "reason", message: "Reason cannot be empty") }
    }

    /// An optional `*_by` is absent or not blank.
    static func checkActor(_ actor: String?, field: String) throws(PolicyError) {
        if let actor, actor.isBlank { throw PolicyError(.invalid, field: field, message: "\(field) cannot be empty when given") }
    }
}

extension PolicyTarget {
    var hasEmptyComposite: Bool {
        guard case .composite(let parts) = self else { return false }
        return parts.isEmpty || parts.contains(where: \.hasEmptyComposite)
    }
}
