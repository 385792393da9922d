extension PolicyAggregate {
    /// Writes `{"version":N,"kind":"None"|"Policy"|"PolicySet"|"Exemption",<kind's member>}`:
    /// `"policy":{<definition>,"status","created_by","created_at","approved_by","approved_at",
    /// "approval_notes","status_reason"}`, `"policy_set":{<definition>,"created_by","created_at"}`
    /// or `"exemption":{<grant>,"granted_at","revoked_at","revoked_by","revocation_reason"}`.
    func writeState(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("version", version)
        switch record {
        case .none:
            w.writeField("kind", "None")
        case .policy(let policy):
            w.writeField("kind", "Policy")
            w.writeKey("policy")
            w.beginObject()
            policy.definition.writeMembers(to: &w)
            w.writeField("status", policy.status.rawValue)
            w.writeField("created_by", policy.createdBy)
            w.writeField("created_at", policy.createdAt)
            w.writeField("approved_by", policy.approvedBy)
            w.writeField("approved_at", policy.approvedAt)
            w.writeField("approval_notes", policy.approvalNotes)
            w.writeField("status_reason", policy.statusReason)
            w.endObject()
        case .policySet(let set):
            w.writeField("kind", "PolicySet")
            w.writeKey("policy_set")
            w.beginObject()
            set.definition.writeMembers(to: &w)
            w.writeField("created_by", set.createdBy)
            w.writeField("created_at", set.createdAt)
            w.endObject()
        case .exemption(let exemption):
            w.writeField("kind", "Exemption")
            w.writeKey("exemption")
            w.beginObject()
            exemption.grant.writeMembers(to: &w)
            w.writeField("granted_at", exemption.grantedAt)
            w.writeField("revoked_at", exemption.revokedAt)
            w.writeField("revoked_by", exemption.revokedBy)
            w.writeField("revocation_reason", exemption.revocationReason)
            w.endObject()
        }
        w.endObject()
    }

    static let kinds = ["None", "Policy", "PolicySet", "Exemption"]

    /// Reads a state written by `writeState`.
    static func decodeState(_ f: JSONFields) throws(CommandDecodingError) -> PolicyAggregate {
        var state = PolicyAggregate()
        state.version = try f.int("version", in: 0...Int64(Int.max))
        let kind = try f.string("kind")
        switch kind {
        case "None":
            break
        case "Policy":
            let p = try f.object("policy")
            state.record = .policy(
                Policy(
                    definition: try PolicyDefinition.decode(p), status: try p.variant("status", as: PolicyStatus.self),
                    createdBy: try p.optionalString("created_by"), createdAt: try p.timestamp("created_at"),
                    approvedBy: try p.optionalString("approved_by"), approvedAt: try p.optionalTimestamp("approved_at"),
                    approvalNotes: try p.optionalString("approval_notes"), statusReason: try p.optionalString("status_reason")))
        case "PolicySet":
            let s = try f.object("policy_set")
            state.record = .policySet(
                PolicySet(definition: try PolicySetDefinition.decode(s), createdBy: try s.optionalString("created_by"), createdAt: try s.timestamp("created_at")))
        case "Exemption":
            let e = try f.object("exemption")
            state.record = .exemption(
                PolicyExemption(
                    grant: try ExemptionGrant.decode(e, validUntil: "valid_until"), grantedAt: try e.timestamp("granted_at"),
                    revokedAt: try e.optionalTimestamp("revoked_at"), revokedBy: try e.optionalString("revoked_by"),
                    revocationReason: try e.optionalString("revocation_reason")))
        default:
            throw JSONVariants.unknown(kind, at: f.path("kind"), expected: kinds)
        }
        return state
    }
}

extension PolicyCodec {
    /// Appends the snapshot of `state` (schema `stateSchemaVersion`), see `PolicyAggregate.writeState`.
    public func encodeState(_ state: PolicyAggregate, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in state.writeState(to: &writer) }
    }

    /// Reads a snapshot written by `encodeState`.
    /// - Throws: `CommandDecodingError` naming the field that is missing or malformed.
    public func decodeState(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> PolicyAggregate {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            try PolicyAggregate.decodeState(try JSONFields.root(of: document, expected: "a policy snapshot"))
        }
    }
}
