extension PolicyEvent {
    /// Reads an event written by `write(to:)`: `event_type` picks the body.
    /// - Throws: `CommandDecodingError` naming the field, e.g. `event.approved_by`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> PolicyEvent {
        let f = try JSONFields(node, at: path)
        let type = try f.string("event_type")
        if let transition = PolicyTransition.allCases.first(where: { $0.eventType == type }) {
            let actor = transition == .approve ? try f.string("approved_by") : try f.optionalString(transition.actorKey)
            let change = PolicyStatusChange(
                policyID: try f.policyID("policy_id"), transition: transition, actor: actor,
                reason: transition.needsReason ? try f.string("reason") : nil,
                notes: transition == .approve ? try f.optionalString("approval_notes") : nil)
            return .statusChanged(change, at: try f.timestamp(transition.timeKey))
        }
        switch type {
        case "PolicyCreated":
            return .policyCreated(try PolicyDefinition.decode(f), createdBy: try f.optionalString("created_by"), at: try f.timestamp("created_at"))
        case "PolicyUpdated":
            let changes = try f.array("changes") { (node, path) throws(CommandDecodingError) in try PolicyChange.decode(try JSONFields(node, at: path)) }
            return .policyUpdated(
                PolicyUpdate(
                    policyID: try f.policyID("policy_id"), changes: changes, updatedBy: try f.optionalString("updated_by"),
                    updatedAt: try f.timestamp("updated_at")))
        case "PolicySetCreated":
            return .policySetCreated(
                try PolicySetDefinition.decode(f), createdBy: try f.optionalString("created_by"), at: try f.timestamp("created_at"))
        case "PolicyAddedToSet":
            return .policyAddedToSet(
                policySetID: try f.policyID("policy_set_id"), policyID: try f.policyID("policy_id"), addedBy: try f.optionalString("added_by"),
                at: try f.timestamp("added_at"))
        case "PolicyRemovedFromSet":
            return .policyRemovedFromSet(
                policySetID: try f.policyID("policy_set_id"), policyID: try f.policyID("policy_id"),
                removedBy: try f.optionalString("removed_by"), reason: try f.optionalString("reason"), at: try f.timestamp("removed_at"))
        case "PolicyExemptionGranted":
            return .exemptionGranted(try ExemptionGrant.decode(f, validUntil: "valid_until"), at: try f.timestamp("granted_at"))
        case "PolicyExemptionRevoked":
            return .exemptionRevoked(
                exemptionID: try f.policyID("exemption_id"), policyID: try f.policyID("policy_id"),
                revokedBy: try f.optionalString("revoked_by"), reason: try f.string("reason"), at: try f.timestamp("revoked_at"))
        default:
            throw JSONVariants.unknown(type, at: f.path("event_type"), expected: typeNames)
        }
    }
}
