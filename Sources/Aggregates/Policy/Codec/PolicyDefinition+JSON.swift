extension PolicyDefinition {
    /// `{policy_id, name, description?, policy_type, enforcement, scope, rules?, target?}`: the
    /// seed's create payload plus optional rules (default none) and target (default Global). A
    /// missing `description` is empty.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> PolicyDefinition {
        PolicyDefinition(
            policyID: try f.policyID("policy_id"), name: try f.string("name"), description: try f.optionalString("description") ?? "",
            policyType: try f.string("policy_type"), enforcement: try f.variant("enforcement", as: EnforcementLevel.self),
            scope: try f.string("scope"), rules: try f.optionalRules("rules") ?? [], target: try f.optionalTarget("target") ?? .global)
    }

    /// The members `policy_id … target`, in that order, inside an object someone else opened.
    func writeMembers(to w: inout JSONWriter) {
        w.writeField("policy_id", policyID)
        w.writeField("name", name)
        w.writeField("description", description)
        w.writeField("policy_type", policyType)
        w.writeField("enforcement", enforcement.rawValue)
        w.writeField("scope", scope)
        w.writeField("rules", rules)
        w.writeField("target", target)
    }
}

extension PolicySetDefinition {
    /// `{policy_set_id, name, description?, composition, policy_ids?}`.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> PolicySetDefinition {
        PolicySetDefinition(
            policySetID: try f.policyID("policy_set_id"), name: try f.string("name"), description: try f.optionalString("description") ?? "",
            composition: try CompositionRule.decode(try f.required("composition"), at: f.path("composition")),
            policyIDs: try f.policyIDs("policy_ids"))
    }

    /// The members `policy_set_id … policy_ids`, in that order.
    func writeMembers(to w: inout JSONWriter) {
        w.writeField("policy_set_id", policySetID)
        w.writeField("name", name)
        w.writeField("description", description)
        w.writeField("composition", composition)
        w.writeField("policy_ids", policyIDs)
    }
}

extension ExemptionGrant {
    /// The event's and the snapshot's form: `{exemption_id, policy_id, granted_by, reason,
    /// valid_until, target}` (the command names `valid_until` `expires_at`; see the codec).
    static func decode(_ f: JSONFields, validUntil key: StaticString) throws(CommandDecodingError) -> ExemptionGrant {
        ExemptionGrant(
            exemptionID: try f.policyID("exemption_id"), policyID: try f.policyID("policy_id"), reason: try f.string("reason"),
            grantedBy: try f.string("granted_by"), validUntil: try f.timestamp(key), target: try f.optionalTarget("target"))
    }
}

extension PolicyChange {
    static let fields = ["name", "description", "rules", "target", "enforcement", "scope"]

    /// `{"field":…,"old_value":…,"new_value":…}` with the field's own JSON on both sides.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> PolicyChange {
        let field = try f.string("field")
        switch field {
        case "name": return .name(old: try f.string("old_value"), new: try f.string("new_value"))
        case "description": return .description(old: try f.string("old_value"), new: try f.string("new_value"))
        case "scope": return .scope(old: try f.string("old_value"), new: try f.string("new_value"))
        case "enforcement":
            return .enforcement(old: try f.variant("old_value", as: EnforcementLevel.self), new: try f.variant("new_value", as: EnforcementLevel.self))
        case "rules": return .rules(old: try f.optionalRules("old_value") ?? [], new: try f.optionalRules("new_value") ?? [])
        case "target":
            return .target(
                old: try PolicyTarget.decode(try f.required("old_value"), at: f.path("old_value")),
                new: try PolicyTarget.decode(try f.required("new_value"), at: f.path("new_value")))
        default:
            throw JSONVariants.unknown(field, at: f.path("field"), expected: fields)
        }
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("field", field)
        switch self {
        case .name(let old, let new), .description(let old, let new), .scope(let old, let new):
            w.writeField("old_value", old)
            w.writeField("new_value", new)
        case .rules(let old, let new):
            w.writeField("old_value", old)
            w.writeField("new_value", new)
        case .target(let old, let new):
            w.writeField("old_value", old)
            w.writeField("new_value", new)
        case .enforcement(let old, let new):
            w.writeField("old_value", old.rawValue)
            w.writeField("new_value", new.rawValue)
        }
        w.endObject()
    }
}
