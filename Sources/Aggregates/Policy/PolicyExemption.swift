/// A granted exception to a policy until `validUntil` (exclusive), optionally only for a target.
public struct PolicyExemption: Hashable, Sendable {
    public internal(set) var grant: ExemptionGrant
    public internal(set) var grantedAt: Timestamp
    public internal(set) var revokedAt: Timestamp?
    public internal(set) var revokedBy: String?
    public internal(set) var revocationReason: String?

    public init(grant: ExemptionGrant, grantedAt: Timestamp, revokedAt: Timestamp? = nil, revokedBy: String? = nil, revocationReason: String? = nil) {
        self.grant = grant
        self.grantedAt = grantedAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.revocationReason = revocationReason
    }

    public var id: PolicyAggregateID { grant.exemptionID }
    public var policyID: PolicyAggregateID { grant.policyID }
    public var isRevoked: Bool { revokedAt != nil }

    /// Whether it exempts its policy at `instant` for a query about `subject`: not revoked, not
    /// expired (`instant < validUntil`), and its target (none: every target) applies to `subject`.
    public func covers(at instant: Timestamp, subject: PolicyTarget) -> Bool {
        guard !isRevoked, instant < grant.validUntil else { return false }
        return grant.target?.applies(to: subject) ?? true
    }
}

/// What `policy.commands.grant_exemption` asks for and `PolicyExemptionGranted` records.
/// `validUntil` is the command's `expires_at` (the reference's event calls it `valid_until`).
public struct ExemptionGrant: Hashable, Sendable {
    public var exemptionID: PolicyAggregateID
    public var policyID: PolicyAggregateID
    public var reason: String
    public var grantedBy: String
    public var validUntil: Timestamp
    /// Where the exemption holds; `nil` exempts the policy wherever it applies.
    public var target: PolicyTarget?

    public init(
        exemptionID: PolicyAggregateID, policyID: PolicyAggregateID, reason: String, grantedBy: String, validUntil: Timestamp,
        target: PolicyTarget? = nil
    ) {
        self.exemptionID = exemptionID
        self.policyID = policyID
        self.reason = reason
        self.grantedBy = grantedBy
        self.validUntil = validUntil
        self.target = target
    }
}
