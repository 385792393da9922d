extension PolicyAggregate {
    /// `create_set`, `add_to_set`, `remove_from_set`.
    func decideSet(_ request: PolicyRequest) throws(PolicyError) -> [PolicyEvent] {
        let at = request.metadata.issuedAt
        switch request.body {
        case .createSet(let definition, let createdBy):
            try requireNew(definition.policySetID, field: "policy_set_id")
            try Self.checkName(definition.name)
            if case .atLeast(let n) = definition.composition, n < 1 {
                throw PolicyError(.invalid, field: "composition", message: "AtLeast needs at least 1 policy, not \(n)")
            }
            var seen: Set<PolicyAggregateID> = []
            for (index, id) in definition.policyIDs.enumerated() {
                guard seen.insert(id).inserted else {
                    throw PolicyError(.invalid, field: "policy_ids[\(index)]", message: "policy \(id.text) is listed twice")
                }
                try Self.requireReferencedPolicy(id, in: request, field: "policy_ids[\(index)]")
            }
            try Self.checkActor(createdBy, field: "created_by")
            return [.policySetCreated(definition, createdBy: createdBy, at: at)]
        case .addToSet(let setID, let policyID, let addedBy):
            let set = try requireSet(setID)
            guard !set.policyIDs.contains(policyID) else {
                throw PolicyError(.alreadyMember, field: "policy_id", message: "Policy \(policyID.text) is already in set \(setID.text)")
            }
            try Self.requireReferencedPolicy(policyID, in: request, field: "policy_id")
            try Self.checkActor(addedBy, field: "added_by")
            return [.policyAddedToSet(policySetID: setID, policyID: policyID, addedBy: addedBy, at: at)]
        case .removeFromSet(let setID, let policyID, let removedBy, let reason):
            let set = try requireSet(setID)
            guard set.policyIDs.contains(policyID) else {
                throw PolicyError(.notMember, field: "policy_id", message: "Policy \(policyID.text) is not in set \(setID.text)")
            }
            if let reason { try Self.checkReason(reason) }
            try Self.checkActor(removedBy, field: "removed_by")
            return [.policyRemovedFromSet(policySetID: setID, policyID: policyID, removedBy: removedBy, reason: reason, at: at)]
        default:
            preconditionFailure("not a set command")
        }
    }

    /// `grant_exemption`, `revoke_exemption`.
    func decideExemption(_ request: PolicyRequest) throws(PolicyError) -> [PolicyEvent] {
        let at = request.metadata.issuedAt
        switch request.body {
        case .grantExemption(let grant):
            try requireNew(grant.exemptionID, field: "exemption_id")
            let status = try Self.requireReferencedPolicy(grant.policyID, in: request, field: "policy_id")
            guard status != .revoked, status != .archived else {
                throw PolicyError(
                    .invalid, field: "policy_id", message: "Policy \(grant.policyID.text) is \(status.rawValue): an exemption from it would never apply")
            }
            try Self.checkReason(grant.reason)
            guard !grant.grantedBy.isBlank else { throw PolicyError(.invalid, field: "granted_by", message: "granted_by cannot be empty") }
            guard grant.validUntil > at else {
                throw PolicyError(
                    .invalid, field: "expires_at", message: "expires_at \(grant.validUntil.rfc3339) is not after the command's time \(at.rfc3339)")
            }
            if let target = grant.target { try Self.checkTarget(target) }
            return [.exemptionGranted(grant, at: at)]
        case .revokeExemption(let exemptionID, let revokedBy, let reason):
            let exemption = try requireExemption(exemptionID)
            guard !exemption.isRevoked else {
                throw PolicyError(
                    .invalidTransition, field: "exemption_id",
                    message: "Cannot revoke exemption \(exemptionID.text): it is Revoked, and Revoked → Revoked is not allowed")
            }
            try Self.checkReason(reason)
            try Self.checkActor(revokedBy, field: "revoked_by")
            return [.exemptionRevoked(exemptionID: exemptionID, policyID: exemption.policyID, revokedBy: revokedBy, reason: reason, at: at)]
        default:
            preconditionFailure("not an exemption command")
        }
    }
}
