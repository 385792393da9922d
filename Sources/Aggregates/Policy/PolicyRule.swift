/// One rule of a policy: a name (unique within the policy; failures name it), an optional UUID,
/// the expression that must hold, and an optional message for people.
public struct PolicyRule: Hashable, Sendable {
    public var ruleID: CanonicalUUID?
    public var name: String
    public var expression: RuleExpression
    public var message: String?

    public init(ruleID: CanonicalUUID? = nil, name: String, expression: RuleExpression, message: String? = nil) {
        self.ruleID = ruleID
        self.name = name
        self.expression = expression
        self.message = message
    }
}
