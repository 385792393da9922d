extension RuleExpression {
    /// Every JSON tag, for messages.
    static let tags =
        ComparisonOperator.allCases.map(\.rawValue) + MembershipOperator.allCases.map(\.rawValue) + ExistenceOperator.allCases.map(\.rawValue)
        + ["Contains", "And", "Or", "Not"]

    /// Reads `{"<Tag>": …}` (see `RuleExpression`), at most `maxDepth` deep.
    /// - Throws: `.invalidField` or `.missingField` at the path, e.g. `rules[0].expression.And[1].Equal.field`.
    static func decode(_ node: JSONNode, at path: String, depth: Int = 1) throws(CommandDecodingError) -> RuleExpression {
        guard depth <= maxDepth else { throw .invalid(path, "the expression nests deeper than \(maxDepth) expressions") }
        let (tag, body) = try node.tagged(at: path)
        let here = path + "." + tag
        if let op = ComparisonOperator(rawValue: tag) {
            let f = try JSONFields(body, at: here)
            return .comparison(op, field: try f.string("field"), value: JSONValue(try f.required("value")))
        }
        if let op = MembershipOperator(rawValue: tag) {
            let f = try JSONFields(body, at: here)
            let values = try f.array("values") { (node, _) throws(CommandDecodingError) in JSONValue(node) }
            return .membership(op, field: try f.string("field"), values: values)
        }
        if let op = ExistenceOperator(rawValue: tag) {
            return .existence(op, field: try JSONFields(body, at: here).string("field"))
        }
        switch tag {
        case "Contains":
            let f = try JSONFields(body, at: here)
            return .contains(field: try f.string("field"), value: JSONValue(try f.required("value")))
        case "And", "Or":
            guard body.kind == .array else { throw .invalid(here, "expected an array of expressions, found \(body.kindName)") }
            var parts: [RuleExpression] = []
            for (index, element) in body.elements.enumerated() {
                parts.append(try decode(element, at: "\(here)[\(index)]", depth: depth + 1))
            }
            return tag == "And" ? .and(parts) : .or(parts)
        case "Not":
            return .not(try decode(body, at: here, depth: depth + 1))
        default:
            throw JSONVariants.unknown(tag, at: path, expected: tags)
        }
    }

    /// Writes `{"<Tag>": …}`, values as they were read.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        switch self {
        case .comparison(let op, let field, let value):
            leaf(op.rawValue, field: field, to: &w) { $0.writeKey("value"); $0.writeValue(value) }
        case .membership(let op, let field, let values):
            leaf(op.rawValue, field: field, to: &w) { $0.writeKey("values"); $0.writeValue(.array(values)) }
        case .existence(let op, let field):
            leaf(op.rawValue, field: field, to: &w) { _ in }
        case .contains(let field, let value):
            leaf("Contains", field: field, to: &w) { $0.writeKey("value"); $0.writeValue(value) }
        case .and(let parts), .or(let parts):
            w.writeDynamicKey(isAnd ? "And" : "Or")
            w.beginArray()
            for part in parts { part.write(to: &w) }
            w.endArray()
        case .not(let inner):
            w.writeKey("Not")
            inner.write(to: &w)
        }
        w.endObject()
    }

    private var isAnd: Bool {
        if case .and = self { return true }
        return false
    }

    /// `"<tag>":{"field":…,<rest>}`.
    private func leaf(_ tag: String, field: String, to w: inout JSONWriter, rest: (inout JSONWriter) -> Void) {
        w.writeDynamicKey(tag)
        w.beginObject()
        w.writeField("field", field)
        rest(&w)
        w.endObject()
    }
}
