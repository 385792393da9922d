extension PolicyAggregate {
    /// Folds one event; every event adds 1 to `version`. Never fails: events are facts (an event
    /// of another kind than the record, which `decide` never produces, changes only the version).
    public mutating func apply(_ event: PolicyEvent) {
        version += 1
        switch (event, record) {
        case (.policyCreated(let definition, let createdBy, let at), _):
            record = .policy(Policy(definition: definition, createdBy: createdBy, createdAt: at))
        case (.policyUpdated(let update), .policy(var policy)):
            for change in update.changes { policy.definition = change.applied(to: policy.definition) }
            record = .policy(policy)
        case (.statusChanged(let change, let at), .policy(var policy)):
            policy.status = change.transition.destination
            policy.statusReason = change.reason
            if change.transition == .approve {
                policy.approvedBy = change.actor
                policy.approvedAt = at
                policy.approvalNotes = change.notes
            }
            record = .policy(policy)
        case (.policySetCreated(let definition, let createdBy, let at), _):
            record = .policySet(PolicySet(definition: definition, createdBy: createdBy, createdAt: at))
        case (.policyAddedToSet(_, let policyID, _, _), .policySet(var set)):
            set.definition.policyIDs.append(policyID)
            record = .policySet(set)
        case (.policyRemovedFromSet(_, let policyID, _, _, _), .policySet(var set)):
            set.definition.policyIDs.removeAll { $0 == policyID }
            record = .policySet(set)
        case (.exemptionGranted(let grant, let at), _):
            record = .exemption(PolicyExemption(grant: grant, grantedAt: at))
        case (.exemptionRevoked(_, _, let revokedBy, let reason, let at), .exemption(var exemption)):
            exemption.revokedAt = at
            exemption.revokedBy = revokedBy
            exemption.revocationReason = reason
            record = .exemption(exemption)
        case (.policyUpdated, _), (.statusChanged, _), (.policyAddedToSet, _), (.policyRemovedFromSet, _), (.exemptionRevoked, _):
            break
        }
    }
}
