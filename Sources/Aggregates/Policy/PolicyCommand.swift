/// The Policy domain's commands, one per subject `policy.commands.<verb>`. `evaluate` and
/// `check_compliance` are queries, answered by `PolicyCatalog`, not commands.
public enum PolicyCommand: Hashable, Sendable {
    case create(PolicyDefinition, createdBy: String?)
    case update(PolicyChanges)
    /// submit, reject, approve, activate, suspend, revoke, archive.
    case changeStatus(PolicyStatusChange)
    case createSet(PolicySetDefinition, createdBy: String?)
    case addToSet(policySetID: PolicyAggregateID, policyID: PolicyAggregateID, addedBy: String?)
    case removeFromSet(policySetID: PolicyAggregateID, policyID: PolicyAggregateID, removedBy: String?, reason: String?)
    case grantExemption(ExemptionGrant)
    case revokeExemption(exemptionID: PolicyAggregateID, revokedBy: String?, reason: String)

    /// Every command verb, in the original's order with `submit` and `reject` (our extensions)
    /// after `update`.
    public static let verbs = [
        "create", "update", "submit", "reject", "approve", "activate", "suspend", "revoke", "archive", "create_set", "add_to_set",
        "remove_from_set", "grant_exemption", "revoke_exemption",
    ]

    /// Every command's name, in the order of `verbs` (metrics label commands by it).
    public static let typeNames = [
        "CreatePolicy", "UpdatePolicy", "SubmitPolicy", "RejectPolicy", "ApprovePolicy", "ActivatePolicy", "SuspendPolicy", "RevokePolicy",
        "ArchivePolicy", "CreatePolicySet", "AddPolicyToSet", "RemovePolicyFromSet", "GrantExemption", "RevokeExemption",
    ]

    /// The verbs on `policy.commands.<verb>` that are queries (see `PolicyCatalog`).
    public static let queryVerbs = ["evaluate", "check_compliance"]

    /// The aggregate the command is addressed to: the policy, the set or the exemption.
    public var target: PolicyAggregateID {
        switch self {
        case .create(let definition, _): definition.policyID
        case .update(let changes): changes.policyID
        case .changeStatus(let change): change.policyID
        case .createSet(let definition, _): definition.policySetID
        case .addToSet(let set, _, _), .removeFromSet(let set, _, _, _): set
        case .grantExemption(let grant): grant.exemptionID
        case .revokeExemption(let exemption, _, _): exemption
        }
    }

    /// The last token of the command's subject, e.g. `add_to_set`.
    public var verb: String {
        switch self {
        case .create: "create"
        case .update: "update"
        case .changeStatus(let change): change.transition.rawValue
        case .createSet: "create_set"
        case .addToSet: "add_to_set"
        case .removeFromSet: "remove_from_set"
        case .grantExemption: "grant_exemption"
        case .revokeExemption: "revoke_exemption"
        }
    }

    /// The command's name, e.g. `ApprovePolicy`.
    public var typeName: String {
        PolicyCommand.typeNames[PolicyCommand.verbs.firstIndex(of: verb) ?? 0]
    }

    /// The policies the command needs read before it is decided (`add_to_set`'s, the initial
    /// members of `create_set`, `grant_exemption`'s), each once, in order.
    public var referencedPolicies: [PolicyAggregateID] {
        switch self {
        case .createSet(let definition, _):
            var seen: Set<PolicyAggregateID> = []
            return definition.policyIDs.filter { seen.insert($0).inserted }
        case .addToSet(_, let policy, _): return [policy]
        case .grantExemption(let grant): return [grant.policyID]
        case .create, .update, .changeStatus, .removeFromSet, .revokeExemption: return []
        }
    }
}

extension PolicyCommand {
    /// `submit`: Draft → UnderReview.
    public static func submit(_ policyID: PolicyAggregateID, submittedBy: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .submit, actor: submittedBy))
    }

    /// `reject`: UnderReview → Draft, with a reason.
    public static func reject(_ policyID: PolicyAggregateID, reason: String, rejectedBy: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .reject, actor: rejectedBy, reason: reason))
    }

    /// `approve`: UnderReview → Approved.
    public static func approve(_ policyID: PolicyAggregateID, approvedBy: String, notes: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .approve, actor: approvedBy, notes: notes))
    }

    /// `activate`: Approved or Suspended → Active.
    public static func activate(_ policyID: PolicyAggregateID, activatedBy: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .activate, actor: activatedBy))
    }

    /// `suspend`: Active → Suspended, with a reason.
    public static func suspend(_ policyID: PolicyAggregateID, reason: String, suspendedBy: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .suspend, actor: suspendedBy, reason: reason))
    }

    /// `revoke`: Active or Suspended → Revoked, with a reason.
    public static func revoke(_ policyID: PolicyAggregateID, reason: String, revokedBy: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .revoke, actor: revokedBy, reason: reason))
    }

    /// `archive`: Revoked or Draft → Archived.
    public static func archive(_ policyID: PolicyAggregateID, archivedBy: String? = nil) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: policyID, transition: .archive, actor: archivedBy))
    }
}
