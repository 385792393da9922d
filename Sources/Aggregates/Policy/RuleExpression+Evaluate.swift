/// What evaluating a rule against a context gave.
public enum RuleVerdict: Hashable, Sendable {
    /// The expression holds.
    case held
    /// The expression does not hold, e.g. `expected amount <= 100, found 250`.
    case failed(reason: String)
    /// The expression could not be judged: a field is missing, a value has the wrong type, or the
    /// rule nests too deep. A rule that cannot be judged does not pass, and `Not` does not turn it
    /// into a pass.
    case undetermined(reason: String)

    /// Whether the rule passed.
    public var held: Bool { self == .held }

    /// Why the rule did not pass; `nil` when it held.
    public var reason: String? {
        switch self {
        case .held: nil
        case .failed(let reason), .undetermined(let reason): reason
        }
    }
}

extension RuleExpression {
    /// Evaluates the expression against `context` (usually a JSON object).
    ///
    /// - A field is found by following its dotted path through objects; it is missing when a step
    ///   is absent or not an object. A present `null` is a value (`Exists` treats it as absent).
    /// - `Equal`/`NotEqual` compare any two values: numbers numerically (`1 == 1.0`), strings by
    ///   bytes, arrays element-wise, objects member-wise; values of different kinds are unequal.
    /// - The four orderings compare two numbers numerically or two strings by their UTF-8 bytes,
    ///   so RFC 3339 timestamps written alike (same offset, same fractional digits, e.g. `…Z`)
    ///   compare as instants. Any other pair is undetermined (a type mismatch).
    /// - `In`/`NotIn` use the same equality; `Contains` needs a string (substring) or an array.
    /// - A missing field is undetermined for every operator but `Exists`/`NotExists`.
    /// - `And` holds when every part holds, `Or` when one does, `Not` when its part failed; an
    ///   undetermined part stays undetermined unless `Or` finds a part that holds.
    /// - Returns: the verdict with a reason when it did not hold; never traps.
    public func evaluate(in context: JSONValue) -> RuleVerdict {
        evaluate(in: context, depth: 1)
    }

    private func evaluate(in context: JSONValue, depth: Int) -> RuleVerdict {
        guard depth <= Self.maxDepth else {
            return .undetermined(reason: "the rule nests deeper than \(Self.maxDepth) expressions")
        }
        switch self {
        case .comparison(let op, let field, let expected):
            guard let actual = context.value(at: field) else { return .undetermined(reason: "\(field) is missing") }
            return compare(actual, op, expected, field: field)
        case .membership(let op, let field, let values):
            guard let actual = context.value(at: field) else { return .undetermined(reason: "\(field) is missing") }
            let found = values.contains { $0.matches(actual) }
            return found == (op == .in) ? .held : .failed(reason: "expected \(self), found \(actual.jsonText)")
        case .existence(let op, let field):
            let present = context.value(at: field).map { $0 != .null } ?? false
            return present == (op == .exists) ? .held : .failed(reason: present ? "\(field) is present" : "\(field) is missing")
        case .contains(let field, let expected):
            guard let actual = context.value(at: field) else { return .undetermined(reason: "\(field) is missing") }
            return contains(actual, expected, field: field)
        case .and(let parts):
            for part in parts {
                let verdict = part.evaluate(in: context, depth: depth + 1)
                if verdict != .held { return verdict }
            }
            return .held
        case .or(let parts):
            var reasons: [String] = []
            var undetermined = false
            for part in parts {
                let verdict = part.evaluate(in: context, depth: depth + 1)
                switch verdict {
                case .held: return .held
                case .failed(let reason): reasons.append(reason)
                case .undetermined(let reason):
                    reasons.append(reason)
                    undetermined = true
                }
            }
            let reason = parts.isEmpty ? "no alternative to hold (an empty Or)" : "no alternative held: " + reasons.joined(separator: "; ")
            return undetermined ? .undetermined(reason: reason) : .failed(reason: reason)
        case .not(let inner):
            switch inner.evaluate(in: context, depth: depth + 1) {
            case .held: return .failed(reason: "expected \(self), but \(inner) held")
            case .failed: return .held
            case .undetermined(let reason): return .undetermined(reason: reason)
            }
        }
    }

    private func compare(_ actual: JSONValue, _ op: ComparisonOperator, _ expected: JSONValue, field: String) -> RuleVerdict {
        let holds: Bool
        switch op {
        case .equal, .notEqual:
            holds = actual.matches(expected) == (op == .equal)
        case .greaterThan, .greaterThanOrEqual, .lessThan, .lessThanOrEqual:
            guard let order = actual.order(against: expected) else {
                return .undetermined(
                    reason: "\(field) is \(actual.kindName) and \(op.rawValue) compares with \(expected.kindName): "
                        + "only two numbers or two strings can be ordered")
            }
            holds = switch op {
            case .greaterThan: order > 0
            case .greaterThanOrEqual: order >= 0
            case .lessThan: order < 0
            default: order <= 0
            }
        }
        guard !holds else { return .held }
        let kinds = actual.kindName == expected.kindName ? "" : " (\(actual.kindName), not \(expected.kindName))"
        return .failed(reason: "expected \(self), found \(actual.jsonText)\(kinds)")
    }

    private func contains(_ actual: JSONValue, _ expected: JSONValue, field: String) -> RuleVerdict {
        let found: Bool
        switch (actual, expected) {
        case (.string(let text), .string(let part)):
            found = part.isEmpty || text.utf8.firstRange(of: part.utf8) != nil
        case (.array(let elements), _):
            found = elements.contains { $0.matches(expected) }
        case (.string, _):
            return .undetermined(reason: "\(field) is a string and Contains looks for \(expected.kindName): a string can contain only a string")
        default:
            return .undetermined(reason: "\(field) is \(actual.kindName): Contains needs a string or an array")
        }
        return found ? .held : .failed(reason: "expected \(self), found \(actual.jsonText)")
    }
}

extension JSONValue {
    /// The value at a dotted path (`a.b.c`), or `nil` when a step is absent or not an object.
    /// An empty path is the value itself.
    public func value(at path: String) -> JSONValue? {
        guard !path.isEmpty else { return self }
        var current = self
        for key in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let members) = current, let member = members.first(where: { $0.key == key }) else { return nil }
            current = member.value
        }
        return current
    }

    /// Equality as rules judge it: numbers by value, strings by bytes, arrays element-wise,
    /// objects by their members whatever the order; different kinds are unequal.
    public func matches(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a.order(against: b).map { $0 == 0 } ?? (a.text == b.text)
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { member in b.contains { $0.key == member.key && $0.value.matches(member.value) } }
        default: return false
        }
    }

    /// -1, 0 or 1 for two numbers or two strings; `nil` for any other pair (or a number too large
    /// for a `Double`).
    public func order(against other: JSONValue) -> Int? {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a.order(against: b)
        case (.string(let a), .string(let b)):
            if a.utf8.elementsEqual(b.utf8) { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        default: return nil
        }
    }

    /// How reasons name the value's kind: `null`, `a boolean`, `a number`, `a string`, `an array`, `an object`.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONNumber {
    /// -1, 0 or 1: exactly for two integers that fit `Int64`, else as `Double`s; `nil` when one
    /// overflows a `Double`.
    func order(against other: JSONNumber) -> Int? {
        if let a = int64, let b = other.int64 { return a < b ? -1 : (a == b ? 0 : 1) }
        guard let a = double, let b = other.double else { return nil }
        return a < b ? -1 : (a == b ? 0 : 1)
    }
}
