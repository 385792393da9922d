/// The Policy domain's events, internally tagged in JSON by `"event_type"` with the reference's
/// field names (e.g. `{"event_type":"PolicyApproved","policy_id":…,"approved_by":"bob",
/// "approved_at":"…Z","approval_notes":null}`). Each carries its time (`<verb>ed_at`, the
/// command's `issuedAt`).
///
/// We do not write the reference's per-event `event_id` and `identity`: the stored envelope
/// carries the sequence, the correlation id and the causation id (the command's id) instead.
public enum PolicyEvent: Hashable, Sendable {
    case policyCreated(PolicyDefinition, createdBy: String?, at: Timestamp)
    case policyUpdated(PolicyUpdate)
    /// PolicySubmitted, PolicyRejected, PolicyApproved, PolicyActivated, PolicySuspended,
    /// PolicyRevoked, PolicyArchived.
    case statusChanged(PolicyStatusChange, at: Timestamp)
    case policySetCreated(PolicySetDefinition, createdBy: String?, at: Timestamp)
    case policyAddedToSet(policySetID: PolicyAggregateID, policyID: PolicyAggregateID, addedBy: String?, at: Timestamp)
    case policyRemovedFromSet(policySetID: PolicyAggregateID, policyID: PolicyAggregateID, removedBy: String?, reason: String?, at: Timestamp)
    case exemptionGranted(ExemptionGrant, at: Timestamp)
    case exemptionRevoked(exemptionID: PolicyAggregateID, policyID: PolicyAggregateID, revokedBy: String?, reason: String, at: Timestamp)

    /// Every `event_type`, in declaration order.
    public static let typeNames = [
        "PolicyCreated", "PolicyUpdated", "PolicySubmitted", "PolicyRejected", "PolicyApproved", "PolicyActivated", "PolicySuspended",
        "PolicyRevoked", "PolicyArchived", "PolicySetCreated", "PolicyAddedToSet", "PolicyRemovedFromSet", "PolicyExemptionGranted",
        "PolicyExemptionRevoked",
    ]
}

extension PolicyEvent: AggregateEvent {
    /// The `event_type`, e.g. `PolicyApproved`.
    public var typeName: String {
        switch self {
        case .policyCreated: "PolicyCreated"
        case .policyUpdated: "PolicyUpdated"
        case .statusChanged(let change, _): change.transition.eventType
        case .policySetCreated: "PolicySetCreated"
        case .policyAddedToSet: "PolicyAddedToSet"
        case .policyRemovedFromSet: "PolicyRemovedFromSet"
        case .exemptionGranted: "PolicyExemptionGranted"
        case .exemptionRevoked: "PolicyExemptionRevoked"
        }
    }

    /// The last token of `events.policy.<id>.<suffix>` in the seed's form (`created`,
    /// `approved`, `set_created`, `exemption_granted` …), not the original's lower-cased type names.
    public var subjectSuffix: String {
        switch self {
        case .policyCreated: "created"
        case .policyUpdated: "updated"
        case .statusChanged(let change, _): change.transition.eventSuffix
        case .policySetCreated: "set_created"
        case .policyAddedToSet: "added_to_set"
        case .policyRemovedFromSet: "removed_from_set"
        case .exemptionGranted: "exemption_granted"
        case .exemptionRevoked: "exemption_revoked"
        }
    }

    /// The stream the event belongs to: the policy's, the set's or the exemption's id.
    public var aggregateID: PolicyAggregateID {
        switch self {
        case .policyCreated(let definition, _, _): definition.policyID
        case .policyUpdated(let update): update.policyID
        case .statusChanged(let change, _): change.policyID
        case .policySetCreated(let definition, _, _): definition.policySetID
        case .policyAddedToSet(let set, _, _, _), .policyRemovedFromSet(let set, _, _, _, _): set
        case .exemptionGranted(let grant, _): grant.exemptionID
        case .exemptionRevoked(let exemption, _, _, _, _): exemption
        }
    }

    /// When it happened (the command's `issuedAt`).
    public var occurredAt: Timestamp {
        switch self {
        case .policyCreated(_, _, let at), .statusChanged(_, let at), .policySetCreated(_, _, let at), .policyAddedToSet(_, _, _, let at),
            .policyRemovedFromSet(_, _, _, _, let at), .exemptionGranted(_, let at), .exemptionRevoked(_, _, _, _, let at):
            at
        case .policyUpdated(let update): update.updatedAt
        }
    }
}
