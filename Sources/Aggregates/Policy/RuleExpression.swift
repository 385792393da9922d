/// A rule's condition over a JSON context, externally tagged in JSON as the reference's
/// `RuleExpression`: `{"Equal":{"field":"a.b","value":V}}`, `{"In":{"field","values":[…]}}`,
/// `{"Exists":{"field"}}`, `{"And":[…]}`, `{"Not":{…}}` … Values are untagged JSON.
///
/// Fields are dotted paths into the context (`order.total` is the member `total` of the member
/// `order`). See `evaluate(in:)` for the semantics.
public indirect enum RuleExpression: Hashable, Sendable {
    /// `Equal`, `NotEqual`, `GreaterThan`, `GreaterThanOrEqual`, `LessThan`, `LessThanOrEqual`.
    case comparison(ComparisonOperator, field: String, value: JSONValue)
    /// `In` (the field equals one of `values`) or `NotIn` (it equals none).
    case membership(MembershipOperator, field: String, values: [JSONValue])
    /// `Exists` or `NotExists`: whether the field is present and not null.
    case existence(ExistenceOperator, field: String)
    /// `Contains`: a string field contains the string `value`, or an array field has an element
    /// equal to `value`.
    case contains(field: String, value: JSONValue)
    /// `And`: every expression holds (an empty list holds).
    case and([RuleExpression])
    /// `Or`: at least one expression holds (an empty list does not).
    case or([RuleExpression])
    /// `Not`: the expression does not hold.
    case not(RuleExpression)

    /// How deep expressions may nest (`{"Not":{"Equal":…}}` is 2); deeper ones are refused by
    /// the codec and by `decide`, and fail when evaluated.
    public static let maxDepth = 16

    /// The nesting depth: 1 for a leaf.
    public var depth: Int {
        switch self {
        case .comparison, .membership, .existence, .contains: 1
        case .and(let parts), .or(let parts): 1 + (parts.map(\.depth).max() ?? 0)
        case .not(let inner): 1 + inner.depth
        }
    }

    /// Every field the expression reads, in order.
    public var fields: [String] {
        switch self {
        case .comparison(_, let field, _), .membership(_, let field, _), .existence(_, let field), .contains(let field, _): [field]
        case .and(let parts), .or(let parts): parts.flatMap(\.fields)
        case .not(let inner): inner.fields
        }
    }
}

/// The six comparisons; the raw value is the JSON tag.
public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "Equal"
    case notEqual = "NotEqual"
    case greaterThan = "GreaterThan"
    case greaterThanOrEqual = "GreaterThanOrEqual"
    case lessThan = "LessThan"
    case lessThanOrEqual = "LessThanOrEqual"

    /// How failure reasons write it: `==`, `!=`, `>`, `>=`, `<`, `<=`.
    public var symbol: String {
        switch self {
        case .equal: "=="
        case .notEqual: "!="
        case .greaterThan: ">"
        case .greaterThanOrEqual: ">="
        case .lessThan: "<"
        case .lessThanOrEqual: "<="
        }
    }
}

/// `In` or `NotIn`; the raw value is the JSON tag.
public enum MembershipOperator: String, Hashable, Sendable, CaseIterable {
    case `in` = "In"
    case notIn = "NotIn"
}

/// `Exists` or `NotExists`; the raw value is the JSON tag.
public enum ExistenceOperator: String, Hashable, Sendable, CaseIterable {
    case exists = "Exists"
    case notExists = "NotExists"
}

extension RuleExpression: CustomStringConvertible {
    /// The expression as failure reasons quote it: `a.b >= 5`, `a.b in ["x","y"]`,
    /// `a.b exists`, `(x and y)`, `not (x)`; values in compact JSON.
    public var description: String {
        switch self {
        case .comparison(let op, let field, let value): "\(field) \(op.symbol) \(value.jsonText)"
        case .membership(let op, let field, let values):
            "\(field) \(op == .in ? "in" : "not in") \(JSONValue.array(values).jsonText)"
        case .existence(let op, let field): "\(field) \(op == .exists ? "exists" : "does not exist")"
        case .contains(let field, let value): "\(field) contains \(value.jsonText)"
        case .and(let parts): "(" + parts.map(\.description).joined(separator: " and ") + ")"
        case .or(let parts): "(" + parts.map(\.description).joined(separator: " or ") + ")"
        case .not(let inner): "not (\(inner))"
        }
    }
}
