/// The seven commands that move a policy along its status machine (see `PolicyStatus`), each
/// named by its subject verb. `submit` and `reject` are our extensions: the original's 14
/// subjects had no way into or out of UnderReview.
public enum PolicyTransition: String, Hashable, Sendable, CaseIterable {
    case submit, reject, approve, activate, suspend, revoke, archive

    /// The statuses the transition leaves from.
    public var sources: [PolicyStatus] {
        switch self {
        case .submit: [.draft]
        case .reject: [.underReview]
        case .approve: [.underReview]
        case .activate: [.approved, .suspended]
        case .suspend: [.active]
        case .revoke: [.active, .suspended]
        case .archive: [.draft, .revoked]
        }
    }

    /// The status it arrives at.
    public var destination: PolicyStatus {
        switch self {
        case .submit: .underReview
        case .reject: .draft
        case .approve: .approved
        case .activate: .active
        case .suspend: .suspended
        case .revoke: .revoked
        case .archive: .archived
        }
    }

    /// Whether the command must give a non-blank `reason` (reject, suspend, revoke).
    public var needsReason: Bool { self == .reject || self == .suspend || self == .revoke }

    /// The JSON key of who did it in the command and the event, e.g. `approved_by`.
    public var actorKey: StaticString {
        switch self {
        case .submit: "submitted_by"
        case .reject: "rejected_by"
        case .approve: "approved_by"
        case .activate: "activated_by"
        case .suspend: "suspended_by"
        case .revoke: "revoked_by"
        case .archive: "archived_by"
        }
    }

    /// The JSON key of when it happened in the event, e.g. `approved_at`.
    public var timeKey: StaticString {
        switch self {
        case .submit: "submitted_at"
        case .reject: "rejected_at"
        case .approve: "approved_at"
        case .activate: "activated_at"
        case .suspend: "suspended_at"
        case .revoke: "revoked_at"
        case .archive: "archived_at"
        }
    }

    /// The command's name, e.g. `ApprovePolicy`.
    public var commandName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() + "Policy" }

    /// The event's `event_type`, e.g. `PolicyApproved`.
    public var eventType: String {
        switch self {
        case .submit: "PolicySubmitted"
        case .reject: "PolicyRejected"
        case .approve: "PolicyApproved"
        case .activate: "PolicyActivated"
        case .suspend: "PolicySuspended"
        case .revoke: "PolicyRevoked"
        case .archive: "PolicyArchived"
        }
    }

    /// The event's subject suffix, e.g. `approved`.
    public var eventSuffix: String {
        switch self {
        case .submit: "submitted"
        case .reject: "rejected"
        case .approve: "approved"
        case .activate: "activated"
        case .suspend: "suspended"
        case .revoke: "revoked"
        case .archive: "archived"
        }
    }
}

/// A status command as decided, and the event it records (with the time). `actor` is the
/// command's `<verb>ed_by` (`approved_by` is required; the others are optional), `reason` is
/// required for reject, suspend and revoke, `notes` is approve's `approval_notes`.
public struct PolicyStatusChange: Hashable, Sendable {
    public var policyID: PolicyAggregateID
    public var transition: PolicyTransition
    public var actor: String?
    public var reason: String?
    public var notes: String?

    public init(policyID: PolicyAggregateID, transition: PolicyTransition, actor: String? = nil, reason: String? = nil, notes: String? = nil) {
        self.policyID = policyID
        self.transition = transition
        self.actor = actor
        self.reason = reason
        self.notes = notes
    }
}
