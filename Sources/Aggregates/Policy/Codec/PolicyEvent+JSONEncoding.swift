extension PolicyEvent {
    /// Writes the event internally tagged: `{"event_type":"<Name>",…}` with the body's fields in
    /// the reference's order (ids first, then who, when, why), absent options as `null`.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("event_type", typeName)
        switch self {
        case .policyCreated(let definition, let createdBy, let at):
            definition.writeMembers(to: &w)
            w.writeField("created_by", createdBy)
            w.writeField("created_at", at)
        case .policyUpdated(let update):
            w.writeField("policy_id", update.policyID)
            w.writeKey("changes")
            w.beginArray()
            for change in update.changes { change.write(to: &w) }
            w.endArray()
            w.writeField("updated_by", update.updatedBy)
            w.writeField("updated_at", update.updatedAt)
        case .statusChanged(let change, let at):
            let transition = change.transition
            w.writeField("policy_id", change.policyID)
            w.writeField(transition.actorKey, change.actor)
            w.writeField(transition.timeKey, at)
            if transition.needsReason { w.writeField("reason", change.reason) }
            if transition == .approve { w.writeField("approval_notes", change.notes) }
        case .policySetCreated(let definition, let createdBy, let at):
            definition.writeMembers(to: &w)
            w.writeField("created_by", createdBy)
            w.writeField("created_at", at)
        case .policyAddedToSet(let set, let policy, let addedBy, let at):
            w.writeField("policy_set_id", set)
            w.writeField("policy_id", policy)
            w.writeField("added_by", addedBy)
            w.writeField("added_at", at)
        case .policyRemovedFromSet(let set, let policy, let removedBy, let reason, let at):
            w.writeField("policy_set_id", set)
            w.writeField("policy_id", policy)
            w.writeField("removed_by", removedBy)
            w.writeField("removed_at", at)
            w.writeField("reason", reason)
        case .exemptionGranted(let grant, let at):
            grant.writeMembers(to: &w)
            w.writeField("granted_at", at)
        case .exemptionRevoked(let exemption, let policy, let revokedBy, let reason, let at):
            w.writeField("exemption_id", exemption)
            w.writeField("policy_id", policy)
            w.writeField("revoked_by", revokedBy)
            w.writeField("revoked_at", at)
            w.writeField("reason", reason)
        }
        w.endObject()
    }
}

extension ExemptionGrant {
    /// `exemption_id, policy_id, granted_by, reason, valid_until, target`, in that order.
    func writeMembers(to w: inout JSONWriter) {
        w.writeField("exemption_id", exemptionID)
        w.writeField("policy_id", policyID)
        w.writeField("granted_by", grantedBy)
        w.writeField("reason", reason)
        w.writeField("valid_until", validUntil)
        w.writeField("target", target)
    }
}
