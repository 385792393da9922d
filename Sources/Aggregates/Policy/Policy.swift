/// A policy as its events made it: what `create` defined (changed by `update`), where it is in
/// its lifecycle, and who approved it. Rules and target survive a rebuild (the original's
/// `PolicyCreated` dropped them).
public struct Policy: Hashable, Sendable {
    public internal(set) var definition: PolicyDefinition
    public internal(set) var status: PolicyStatus
    public internal(set) var createdBy: String?
    public internal(set) var createdAt: Timestamp
    public internal(set) var approvedBy: String?
    public internal(set) var approvedAt: Timestamp?
    public internal(set) var approvalNotes: String?
    /// The reason of the last `reject`, `suspend` or `revoke`; cleared by the other transitions.
    public internal(set) var statusReason: String?

    public init(
        definition: PolicyDefinition, status: PolicyStatus = .draft, createdBy: String? = nil, createdAt: Timestamp,
        approvedBy: String? = nil, approvedAt: Timestamp? = nil, approvalNotes: String? = nil, statusReason: String? = nil
    ) {
        self.definition = definition
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.approvalNotes = approvalNotes
        self.statusReason = statusReason
    }

    public var id: PolicyAggregateID { definition.policyID }
}

/// Where a policy is in its lifecycle:
///
///     Draft ──submit──▶ UnderReview ──approve──▶ Approved ──activate──▶ Active ⇄ Suspended
///       ▲                   │                                              │  suspend/activate
///       └──────reject───────┘                                     revoke ─┴─▶ Revoked ──archive──▶ Archived
///     Draft ──archive──▶ Archived
///
/// `revoke` applies to Active and Suspended policies; `archive` to Revoked ones (the reference)
/// and, as our extension, to Drafts (a draft that never took effect is shelved without being
/// revoked). Archived is terminal.
public enum PolicyStatus: String, Hashable, Sendable, CaseIterable {
    case draft = "Draft"
    case underReview = "UnderReview"
    case approved = "Approved"
    case active = "Active"
    case suspended = "Suspended"
    case revoked = "Revoked"
    case archived = "Archived"

    /// Whether `update` may change the policy (Draft and UnderReview).
    public var isEditable: Bool { self == .draft || self == .underReview }
}
