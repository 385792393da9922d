import Aggregates
import Testing

@Suite struct RuleExpressionTests {
    static let context = try! JSONValue(parsing: #"""
        {"amount": 250, "ratio": 0.5, "name": "acme", "tags": ["eu", "gold", 3], "active": true, "nothing": null,
         "order": {"created_at": "2025-11-10T19:00:00Z", "items": 3, "customer": {"tier": "gold"}}}
        """#)

    static func value(_ json: String) -> JSONValue { try! JSONValue(parsing: json) }

    static func verdict(_ expression: RuleExpression) -> RuleVerdict { expression.evaluate(in: context) }

    @Test(arguments: [
        // (operator, field, value, holds)
        (ComparisonOperator.equal, "amount", "250", true), (.equal, "amount", "250.0", true), (.equal, "amount", "2.5e2", true),
        (.equal, "amount", "251", false), (.notEqual, "amount", "251", true), (.notEqual, "amount", "250", false),
        (.greaterThan, "amount", "100", true), (.greaterThan, "amount", "250", false), (.greaterThanOrEqual, "amount", "250", true),
        (.lessThan, "ratio", "0.75", true), (.lessThan, "ratio", "0.5", false), (.lessThanOrEqual, "ratio", "0.5", true),
        (.lessThanOrEqual, "amount", "9223372036854775807", true), (.greaterThan, "amount", "-1e300", true),
        (.equal, "name", #""acme""#, true), (.lessThan, "name", #""acmf""#, true), (.greaterThan, "name", #""Acme""#, true),
        (.greaterThan, "order.created_at", #""2025-11-09T23:59:59Z""#, true), (.lessThan, "order.created_at", #""2025-11-10T19:00:01Z""#, true),
        // Timestamps written with other fractional digits do not compare as instants (documented).
        (.lessThan, "order.created_at", #""2025-11-10T19:00:00.5Z""#, false),
        (.equal, "order.customer.tier", #""gold""#, true), (.equal, "active", "true", true), (.equal, "nothing", "null", true),
        (.equal, "tags", #"["eu","gold",3.0]"#, true), (.equal, "order.customer", #"{"tier":"gold"}"#, true),
    ] as [(ComparisonOperator, String, String, Bool)])
    func comparisons(op: ComparisonOperator, field: String, value: String, holds: Bool) {
        let verdict = Self.verdict(.comparison(op, field: field, value: Self.value(value)))
        #expect(verdict.held == holds, "\(field) \(op.symbol) \(value): \(verdict)")
        if !holds { #expect(verdict == .failed(reason: "expected \(field) \(op.symbol) \(Self.value(value).jsonText), found \(Self.context.value(at: field)!.jsonText)")) }
    }

    @Test func valuesOfDifferentKindsAreUnequal() {
        #expect(Self.verdict(.comparison(.equal, field: "amount", value: .string("250"))) == .failed(reason: #"expected amount == "250", found 250 (a number, not a string)"#))
        #expect(Self.verdict(.comparison(.notEqual, field: "amount", value: .string("250"))).held)
    }

    @Test func orderingOtherKindsIsUndetermined() {
        for (field, value) in [("amount", #""300""#), ("active", "false"), ("tags", "1"), ("nothing", "0"), ("amount", "1e400")] {
            let verdict = Self.verdict(.comparison(.greaterThan, field: field, value: Self.value(value)))
            guard case .undetermined(let reason) = verdict else {
                Issue.record("\(field) > \(value) gave \(verdict)")
                continue
            }
            #expect(reason.contains("only two numbers or two strings can be ordered"))
        }
    }

    @Test func aMissingFieldIsUndeterminedWithItsPath() {
        for field in ["missing", "order.missing", "name.first", "order.customer.tier.x"] {
            #expect(Self.verdict(.comparison(.equal, field: field, value: .null)) == .undetermined(reason: "\(field) is missing"))
            #expect(Self.verdict(.membership(.notIn, field: field, values: [])) == .undetermined(reason: "\(field) is missing"))
            #expect(Self.verdict(.contains(field: field, value: .null)) == .undetermined(reason: "\(field) is missing"))
        }
    }

    @Test func membership() {
        let values = [Self.value("100"), Self.value("250.0")]
        #expect(Self.verdict(.membership(.in, field: "amount", values: values)).held)
        #expect(Self.verdict(.membership(.notIn, field: "amount", values: values)) == .failed(reason: "expected amount not in [100,250.0], found 250"))
        #expect(Self.verdict(.membership(.in, field: "name", values: [.string("globex")])) == .failed(reason: #"expected name in ["globex"], found "acme""#))
        #expect(Self.verdict(.membership(.notIn, field: "name", values: [])).held)
        #expect(!Self.verdict(.membership(.in, field: "name", values: [])).held)
    }

    @Test func existenceTreatsNullAsAbsent() {
        #expect(Self.verdict(.existence(.exists, field: "order.items")).held)
        #expect(Self.verdict(.existence(.exists, field: "nothing")) == .failed(reason: "nothing is missing"))
        #expect(Self.verdict(.existence(.notExists, field: "nothing")).held)
        #expect(Self.verdict(.existence(.notExists, field: "missing.deeper")).held)
        #expect(Self.verdict(.existence(.notExists, field: "name")) == .failed(reason: "name is present"))
    }

    @Test func containsLooksInStringsAndArrays() {
        #expect(Self.verdict(.contains(field: "name", value: .string("cm"))).held)
        #expect(Self.verdict(.contains(field: "name", value: .string(""))).held)
        #expect(Self.verdict(.contains(field: "name", value: .string("x"))) == .failed(reason: #"expected name contains "x", found "acme""#))
        #expect(Self.verdict(.contains(field: "tags", value: .string("gold"))).held)
        #expect(Self.verdict(.contains(field: "tags", value: Self.value("3.0"))).held)
        #expect(!Self.verdict(.contains(field: "tags", value: .string("us"))).held)
        guard case .undetermined = Self.verdict(.contains(field: "name", value: Self.value("1"))) else {
            Issue.record("a string cannot contain a number")
            return
        }
        #expect(Self.verdict(.contains(field: "amount", value: Self.value("2"))) == .undetermined(reason: "amount is a number: Contains needs a string or an array"))
    }

    @Test func logic() {
        let yes = RuleExpression.existence(.exists, field: "name")
        let no = RuleExpression.comparison(.equal, field: "name", value: .string("globex"))
        let unknown = RuleExpression.comparison(.equal, field: "missing", value: .null)
        #expect(Self.verdict(.and([yes, yes])).held)
        #expect(Self.verdict(.and([])).held)
        #expect(Self.verdict(.and([yes, no, unknown])) == Self.verdict(no))
        #expect(Self.verdict(.or([no, yes])).held)
        #expect(Self.verdict(.or([unknown, yes])).held)
        #expect(Self.verdict(.or([])) == .failed(reason: "no alternative to hold (an empty Or)"))
        #expect(Self.verdict(.or([no, no])) == .failed(reason: #"no alternative held: expected name == "globex", found "acme"; expected name == "globex", found "acme""#))
        guard case .undetermined = Self.verdict(.or([no, unknown])) else {
            Issue.record("an Or with an undetermined part and no held part is undetermined")
            return
        }
        #expect(Self.verdict(.not(no)).held)
        #expect(Self.verdict(.not(yes)) == .failed(reason: "expected not (name exists), but name exists held"))
        #expect(Self.verdict(.not(unknown)) == .undetermined(reason: "missing is missing"))
        #expect(Self.verdict(.not(.not(unknown))) == .undetermined(reason: "missing is missing"))
    }

    @Test func nestingDeeperThanTheBoundIsUndetermined() {
        var expression = RuleExpression.existence(.exists, field: "name")
        for level in 1..<RuleExpression.maxDepth { expression = level.isMultiple(of: 2) ? .and([expression]) : .or([expression]) }
        #expect(expression.depth == RuleExpression.maxDepth)
        #expect(Self.verdict(expression).held)
        let deeper = RuleExpression.and([expression])
        guard case .undetermined(let reason) = Self.verdict(deeper) else {
            Issue.record("a rule deeper than the bound was judged")
            return
        }
        #expect(reason.hasSuffix("the rule nests deeper than \(RuleExpression.maxDepth) expressions"))
    }

    @Test func descriptions() {
        let expression = RuleExpression.and([
            .comparison(.greaterThanOrEqual, field: "a.b", value: .number(JSONNumber(5))), .membership(.in, field: "c", values: [.string("x")]),
            .or([.existence(.notExists, field: "d"), .not(.contains(field: "e", value: .bool(true)))]),
        ])
        #expect(expression.description == #"(a.b >= 5 and c in ["x"] and (d does not exist or not (e contains true)))"#)
        #expect(expression.fields == ["a.b", "c", "d", "e"])
        #expect(expression.depth == 4)
    }

    @Test func aContextThatIsNotAnObjectHasNoFields() {
        #expect(RuleExpression.existence(.exists, field: "a").evaluate(in: .array([])) == .failed(reason: "a is missing"))
        #expect(JSONValue.string("x").value(at: "") == .string("x"))
    }
}
