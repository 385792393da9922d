extension PolicyCodec {
    /// Decodes the plain-object payload of `policy.commands.<verb>`; the subject has exactly that
    /// shape (no token before or after the verb). Paths in errors start at the payload's keys
    /// (`rules[0].expression.Equal.field`). Unknown fields are ignored (so the reference's
    /// `command_type` and `identity` are accepted and ignored); absent and `null` options are the
    /// same. Nothing is read yet: references are empty.
    /// - Throws: `.unknownCommand` for a subject of another shape, a verb that names no command,
    ///   and for the queries `evaluate` and `check_compliance` (before the payload is read); `.malformedJSON` for
    ///   bytes that are not a JSON object; `.missingField` and `.invalidField` naming the field.
    public func decodeCommand(
        subject: String, payload: UnsafeRawBufferPointer, metadata: CommandMetadata
    ) throws(CommandDecodingError) -> PolicyRequest {
        guard let verb = CommandSubject.verb(of: subject, domain: domain) else {
            throw CommandDecodingError(
                .unknownCommand, message: "\(subject) names no command: send policy.commands.<verb>, the verb one of \(PolicyCommand.verbs.joined(separator: ", "))")
        }
        if PolicyCommand.queryVerbs.contains(verb) {
            throw CommandDecodingError(
                .unknownCommand,
                message: "\(verb) on \(subject) is a query, not a command: it is answered from the policy read model (PolicyCatalog) and records nothing")
        }
        guard PolicyCommand.verbs.contains(verb) else {
            throw CommandDecodingError(
                .unknownCommand,
                message: "unknown command \(verb) on \(subject); expected one of \(PolicyCommand.verbs.joined(separator: ", ")) "
                    + "(or the queries \(PolicyCommand.queryVerbs.joined(separator: ", ")))")
        }
        return try JSONDocument.parse(payload, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            PolicyRequest(try Self.command(verb, try JSONFields.root(of: document, expected: "a \(verb) command")), metadata: metadata)
        }
    }

    static func command(_ verb: String, _ f: JSONFields) throws(CommandDecodingError) -> PolicyCommand {
        if let transition = PolicyTransition(rawValue: verb) {
            let actor = transition == .approve ? try f.string("approved_by") : try f.optionalString(transition.actorKey)
            return .changeStatus(
                PolicyStatusChange(
                    policyID: try f.policyID("policy_id"), transition: transition, actor: actor,
                    reason: transition.needsReason ? try f.string("reason") : nil,
                    notes: transition == .approve ? try f.optionalString("approval_notes") : nil))
        }
        switch verb {
        case "create":
            return .create(try PolicyDefinition.decode(f), createdBy: try f.optionalString("created_by"))
        case "update":
            return .update(
                PolicyChanges(
                    policyID: try f.policyID("policy_id"), name: try f.optionalString("name"), description: try f.optionalString("description"),
                    rules: try f.optionalRules("rules"), target: try f.optionalTarget("target"),
                    enforcement: try f.optionalVariant("enforcement", as: EnforcementLevel.self), scope: try f.optionalString("scope"),
                    updatedBy: try f.optionalString("updated_by")))
        case "create_set":
            return .createSet(try PolicySetDefinition.decode(f), createdBy: try f.optionalString("created_by"))
        case "add_to_set":
            return .addToSet(policySetID: try f.policyID("policy_set_id"), policyID: try f.policyID("policy_id"), addedBy: try f.optionalString("added_by"))
        case "remove_from_set":
            return .removeFromSet(
                policySetID: try f.policyID("policy_set_id"), policyID: try f.policyID("policy_id"), removedBy: try f.optionalString("removed_by"),
                reason: try f.optionalString("reason"))
        case "grant_exemption":
            return .grantExemption(try ExemptionGrant.decode(f, validUntil: "expires_at"))
        default:
            return .revokeExemption(exemptionID: try f.policyID("exemption_id"), revokedBy: try f.optionalString("revoked_by"), reason: try f.string("reason"))
        }
    }
}
