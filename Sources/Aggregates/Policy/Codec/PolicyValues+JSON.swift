extension JSONFields {
    /// A bare UUID naming a policy, a set or an exemption.
    func policyID(_ key: StaticString) throws(CommandDecodingError) -> PolicyAggregateID {
        PolicyAggregateID(uuid: try required(key).uuid(at: path(key)))
    }

    /// An array of bare UUIDs; absent or null is empty.
    func policyIDs(_ key: StaticString) throws(CommandDecodingError) -> [PolicyAggregateID] {
        guard optional(key) != nil else { return [] }
        return try array(key) { (node, path) throws(CommandDecodingError) in PolicyAggregateID(uuid: try node.uuid(at: path)) }
    }

    /// An enum's raw value, or `nil` when absent or null.
    func optionalVariant<T: RawRepresentable & CaseIterable>(_ key: StaticString, as type: T.Type) throws(CommandDecodingError) -> T?
    where T.RawValue == String {
        guard optional(key) != nil else { return nil }
        return try variant(key, as: type)
    }

    /// The target at `key`, or `nil` when absent or null.
    func optionalTarget(_ key: StaticString) throws(CommandDecodingError) -> PolicyTarget? {
        guard let node = optional(key) else { return nil }
        return try PolicyTarget.decode(node, at: path(key))
    }

    /// The rules at `key`, or `nil` when absent or null.
    func optionalRules(_ key: StaticString) throws(CommandDecodingError) -> [PolicyRule]? {
        guard optional(key) != nil else { return nil }
        return try array(key) { (node, path) throws(CommandDecodingError) in try PolicyRule.decode(try JSONFields(node, at: path)) }
    }
}

extension PolicyTarget {
    /// `"Global"`, `{"Organization":"<uuid>"}` or `{"Composite":[…]}`, at most `maxDepth` deep.
    /// - Throws: `.invalidField` at the offending path, e.g. `target.Composite[1].Organization`.
    static func decode(_ node: JSONNode, at path: String, depth: Int = 1) throws(CommandDecodingError) -> PolicyTarget {
        guard depth <= maxDepth else { throw .invalid(path, "the target nests deeper than \(maxDepth) composites") }
        let (name, value) = try JSONVariants.read(node, at: path)
        switch name {
        case "Global":
            guard value == nil else { throw JSONVariants.misshapen(name, at: path, unit: true) }
            return .global
        case "Organization":
            guard let value else { throw JSONVariants.misshapen(name, at: path, unit: false) }
            return .organization(try value.uuid(at: path + ".Organization"))
        case "Composite":
            guard let value else { throw JSONVariants.misshapen(name, at: path, unit: false) }
            let here = path + ".Composite"
            guard value.kind == .array else { throw .invalid(here, "expected an array of targets, found \(value.kindName)") }
            var parts: [PolicyTarget] = []
            for (index, element) in value.elements.enumerated() {
                parts.append(try decode(element, at: "\(here)[\(index)]", depth: depth + 1))
            }
            return .composite(parts)
        default:
            throw JSONVariants.unknown(name, at: path, expected: ["Global", "Organization", "Composite"])
        }
    }

    func write(to w: inout JSONWriter) {
        switch self {
        case .global:
            w.writeString("Global")
        case .organization(let id):
            w.beginObject()
            w.writeField("Organization", id.text)
            w.endObject()
        case .composite(let parts):
            w.beginObject()
            w.writeKey("Composite")
            w.beginArray()
            for part in parts { part.write(to: &w) }
            w.endArray()
            w.endObject()
        }
    }
}

extension CompositionRule {
    /// `"All"`, `"Any"` or `{"AtLeast":n}` with 1 ≤ n ≤ 2³¹-1.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> CompositionRule {
        let (name, value) = try JSONVariants.read(node, at: path)
        switch name {
        case "All", "Any":
            guard value == nil else { throw JSONVariants.misshapen(name, at: path, unit: true) }
            return name == "All" ? .all : .any
        case "AtLeast":
            guard let value else { throw JSONVariants.misshapen(name, at: path, unit: false) }
            return .atLeast(Int(try value.int64(at: path + ".AtLeast", in: 1...Int64(Int32.max))))
        default:
            throw JSONVariants.unknown(name, at: path, expected: ["All", "Any", "AtLeast"])
        }
    }

    func write(to w: inout JSONWriter) {
        switch self {
        case .all: w.writeString("All")
        case .any: w.writeString("Any")
        case .atLeast(let n):
            w.beginObject()
            w.writeField("AtLeast", n)
            w.endObject()
        }
    }
}

extension PolicyRule {
    /// `{"rule_id"?, "name", "expression", "message"?}`.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> PolicyRule {
        let ruleID: CanonicalUUID? = if let node = f.optional("rule_id") { try node.uuid(at: f.path("rule_id")) } else { nil }
        return PolicyRule(
            ruleID: ruleID, name: try f.string("name"),
            expression: try RuleExpression.decode(try f.required("expression"), at: f.path("expression")),
            message: try f.optionalString("message"))
    }

    /// Writes every field, absent ones as `null`.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("rule_id", ruleID?.text)
        w.writeField("name", name)
        w.writeKey("expression")
        expression.write(to: &w)
        w.writeField("message", message)
        w.endObject()
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ id: PolicyAggregateID) {
        writeKey(key)
        writeString(id.text)
    }

    mutating func writeField(_ key: StaticString, _ ids: [PolicyAggregateID]) {
        writeKey(key)
        writeStrings(ids.map(\.text))
    }

    mutating func writeField(_ key: StaticString, _ target: PolicyTarget?) {
        writeKey(key)
        if let target { target.write(to: &self) } else { writeNull() }
    }

    mutating func writeField(_ key: StaticString, _ rules: [PolicyRule]) {
        writeKey(key)
        beginArray()
        for rule in rules { rule.write(to: &self) }
        endArray()
    }

    mutating func writeField(_ key: StaticString, _ composition: CompositionRule) {
        writeKey(key)
        composition.write(to: &self)
    }
}
