extension PolicyAggregate {
    /// Decides a command against the current state.
    ///
    /// Rules: `create`, `create_set` and `grant_exemption` need an id without events; every
    /// other command needs its id to hold the right kind (`not_found`, `wrong_kind`). Status
    /// commands follow `PolicyStatus`'s machine (`invalid_transition` names both statuses);
    /// `update` applies to Draft and UnderReview policies only (`not_editable`) and must change
    /// something (`no_change`). Names, types, scopes, rules and targets are checked as in
    /// `checkDefinition`; reasons must not be blank (`empty_reason`), nor any `*_by` given.
    /// Commands that refer to other policies are judged on `request.references`. Times come from
    /// `request.metadata.issuedAt` only.
    /// - Returns: the events to append, never empty.
    /// - Throws: `PolicyError`.
    public func decide(_ request: PolicyRequest) throws(PolicyError) -> [PolicyEvent] {
        let at = request.metadata.issuedAt
        switch request.body {
        case .create(let definition, let createdBy):
            try requireNew(definition.policyID, field: "policy_id")
            try Self.checkDefinition(definition)
            try Self.checkActor(createdBy, field: "created_by")
            return [.policyCreated(definition, createdBy: createdBy, at: at)]
        case .update(let changes):
            let policy = try requirePolicy(changes.policyID)
            return [.policyUpdated(try Self.update(policy, with: changes, at: at))]
        case .changeStatus(let change):
            let policy = try requirePolicy(change.policyID)
            return [.statusChanged(try Self.check(change, from: policy.status), at: at)]
        case .createSet, .addToSet, .removeFromSet:
            return try decideSet(request)
        case .grantExemption, .revokeExemption:
            return try decideExemption(request)
        }
    }

    /// The `PolicyUpdated` for `changes`: only the fields that differ, each with its previous value.
    static func update(_ policy: Policy, with changes: PolicyChanges, at: Timestamp) throws(PolicyError) -> PolicyUpdate {
        guard policy.status.isEditable else {
            throw PolicyError(
                .notEditable, field: "policy_id",
                message: "Cannot update policy \(policy.id.text): it is \(policy.status.rawValue), and only Draft and UnderReview policies can be updated")
        }
        try checkActor(changes.updatedBy, field: "updated_by")
        let current = policy.definition
        var proposed = current
        if let new = changes.name { proposed.name = new }
        if let new = changes.description { proposed.description = new }
        if let new = changes.rules { proposed.rules = new }
        if let new = changes.target { proposed.target = new }
        if let new = changes.enforcement { proposed.enforcement = new }
        if let new = changes.scope { proposed.scope = new }
        try checkDefinition(proposed)
        var list: [PolicyChange] = []
        if proposed.name != current.name { list.append(.name(old: current.name, new: proposed.name)) }
        if proposed.description != current.description { list.append(.description(old: current.description, new: proposed.description)) }
        if proposed.rules != current.rules { list.append(.rules(old: current.rules, new: proposed.rules)) }
        if proposed.target != current.target { list.append(.target(old: current.target, new: proposed.target)) }
        if proposed.enforcement != current.enforcement { list.append(.enforcement(old: current.enforcement, new: proposed.enforcement)) }
        if proposed.scope != current.scope { list.append(.scope(old: current.scope, new: proposed.scope)) }
        guard !list.isEmpty else {
            let named = proposed != current || changes.name != nil || changes.description != nil || changes.rules != nil
                || changes.target != nil || changes.enforcement != nil || changes.scope != nil
            throw PolicyError(.noChange, message: named ? "every field is already that" : "the update names no field to change")
        }
        return PolicyUpdate(policyID: policy.id, changes: list, updatedBy: changes.updatedBy, updatedAt: at)
    }

    /// The status change as recorded: the move is allowed from `status`, the approver and the
    /// reasons are given; a reason or notes the transition does not take are dropped.
    static func check(_ change: PolicyStatusChange, from status: PolicyStatus) throws(PolicyError) -> PolicyStatusChange {
        let transition = change.transition
        guard transition.sources.contains(status) else {
            throw PolicyError(.invalidTransition, field: "policy_id", message: transitionRefusal(transition, policy: change.policyID, from: status))
        }
        var recorded = change
        if transition == .approve {
            guard let approver = change.actor, !approver.isBlank else {
                throw PolicyError(.invalid, field: "approved_by", message: "approved_by cannot be empty")
            }
        } else {
            try checkActor(change.actor, field: "\(transition.actorKey)")
            recorded.notes = nil
        }
        if transition.needsReason {
            try checkReason(change.reason)
        } else {
            recorded.reason = nil
        }
        return recorded
    }

    /// The sentence of an `invalid_transition`, naming the current and the requested status.
    static func transitionRefusal(_ transition: PolicyTransition, policy: PolicyAggregateID, from status: PolicyStatus) -> String {
        let verb = transition.rawValue, to = transition.destination.rawValue
        let head = "Cannot \(verb) policy \(policy.text): it is \(status.rawValue), and \(status.rawValue) → \(to) is not allowed"
        if transition == .approve, status == .draft {
            return head + "; send policy.commands.submit first to put it UnderReview"
        }
        return head + " (\(verb) moves \(transition.sources.map(\.rawValue).joined(separator: " or ")) to \(to))"
    }
}
