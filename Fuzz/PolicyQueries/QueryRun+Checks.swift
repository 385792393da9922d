import Aggregates
import FuzzSupport

/// The shape `PolicyCatalog.answer` documents, read back with the domains' own parser.
extension QueryRun {
    static let evaluateKeys = ["evaluated_at", "results", "skipped"]
    static let complianceKeys = ["compliant", "evaluated_at", "policy_set", "results", "skipped", "warnings"]
    static let resultKeys = ["enforcement", "exempted", "exemption_id", "failures", "mandatory", "name", "passed", "policy_id"]
    static let failureKeys = ["message", "reason", "rule"]
    static let skippedKeys = ["policy_id", "status"]
    static let verdictKeys = ["composition", "holds", "in_force", "policy_set_id", "required", "satisfied"]
    static let warningKeys = ["name", "policy_id", "reason", "rule"]
    /// The codes a query is refused with: the decoding codes, and the catalog's own.
    static let refusalCodes: Set<String> = ["malformed_json", "missing_field", "invalid_field", "unknown_command", "not_found", "wrong_kind"]

    /// A refusal names a documented code, a field only when there is one, and says why; a verb that
    /// is not a query is `unknown_command`.
    static func check(refusal error: QueryError, verb: String) {
        let failure = error.failure
        if !refusalCodes.contains(failure.code) || failure.message.isEmpty || failure.field?.isEmpty == true {
            invariantBroken("\(verb) refused with an undocumented code, an empty field or no message: \(error)")
        }
        if !PolicyCatalog.queryVerbs.contains(verb), failure.code != "unknown_command" {
            invariantBroken("the verb \(verb) is no query, yet it was refused with \(error)")
        }
    }

    /// The answer is one JSON object with the documented keys in sorted order, answered at `at`;
    /// each result's flags agree with its failures and exemption; a compliance verdict agrees with
    /// its results.
    static func check(answer bytes: [UInt8], verb: String, at: Timestamp) {
        if !PolicyCatalog.queryVerbs.contains(verb) { invariantBroken("the verb \(verb) is no query, yet it was answered: \(text(bytes))") }
        let answer = object(parseJSON(bytes, what: "the \(verb) answer"), verb == "evaluate" ? evaluateKeys : complianceKeys, "the \(verb) answer")
        if answer["evaluated_at"] != .string(at.rfc3339) { invariantBroken("\(verb) at \(at.rfc3339) answered \(text(bytes))") }
        let results = array(answer["results"], "results").map { object($0, resultKeys, "a result") }
        for result in results { check(result: result) }
        for skipped in array(answer["skipped"], "skipped").map({ object($0, skippedKeys, "a skipped policy") }) {
            guard case .string(let name) = skipped["status"], let status = PolicyStatus(rawValue: name), status != .active else {
                invariantBroken("a skipped policy's status is not a status other than Active: \(skipped)")
            }
            _ = id(skipped["policy_id"], "a skipped policy's id")
        }
        guard verb == "check_compliance" else { return }

        let compliant = bool(answer["compliant"], "compliant")
        let unexempted = results.filter { !bool($0["mandatory"], "mandatory") && !bool($0["exempted"], "exempted") }
        let warnings = array(answer["warnings"], "warnings").map { object($0, warningKeys, "a warning") }
        if warnings.count != unexempted.reduce(0, { $0 + array($1["failures"], "failures").count }) {
            invariantBroken("\(warnings.count) warnings for the failures of Advisory and Soft policies not exempted: \(text(bytes))")
        }
        if answer["policy_set"] == .null {
            let broken = results.contains { bool($0["mandatory"], "mandatory") && !bool($0["passed"], "passed") }
            if compliant == broken { invariantBroken("compliant is \(compliant) with a mandatory failure: \(broken): \(text(bytes))") }
        } else {
            let verdict = object(answer["policy_set"] ?? .null, verdictKeys, "the set's verdict")
            let (inForce, satisfied, required) = (int(verdict["in_force"]), int(verdict["satisfied"]), int(verdict["required"]))
            let holds = bool(verdict["holds"], "holds")
            let passed = results.filter { bool($0["passed"], "passed") }
            if inForce != Int64(results.count) || satisfied != Int64(passed.count) || holds != (satisfied >= required)
                || compliant != holds || required < 0
            {
                invariantBroken("the set's verdict disagrees with its results: \(text(bytes))")
            }
            _ = id(verdict["policy_set_id"], "the set's id")
        }
    }

    /// `passed` is "no failure, or exempted"; `exempted` is "an exemption id"; `mandatory` is the
    /// enforcement's.
    static func check(result: [String: JSONValue]) {
        guard case .string(let level) = result["enforcement"], let enforcement = EnforcementLevel(rawValue: level) else {
            invariantBroken("a result without a known enforcement: \(result)")
        }
        let failures = array(result["failures"], "failures").map { object($0, failureKeys, "a rule failure") }
        for failure in failures {
            guard case .string = failure["rule"], case .string(let reason) = failure["reason"], !reason.isEmpty else {
                invariantBroken("a rule failure without its rule or a reason: \(failure)")
            }
            switch failure["message"] {
            case .null?, .string?: break
            default: invariantBroken("a rule failure's message is neither a string nor null: \(failure)")
            }
        }
        let exempted = bool(result["exempted"], "exempted"), passed = bool(result["passed"], "passed")
        let exemption = result["exemption_id"] == .null ? nil : id(result["exemption_id"], "exemption_id")
        if bool(result["mandatory"], "mandatory") != enforcement.isMandatory || exempted != (exemption != nil) || passed != (failures.isEmpty || exempted) {
            invariantBroken("a result's flags disagree: \(result)")
        }
        guard case .string = result["name"] else { invariantBroken("a result without a name: \(result)") }
        _ = id(result["policy_id"], "a result's policy id")
    }

    /// The same payload asked with both verbs: the same results and skipped policies, or the same
    /// refusal code and field.
    static func checkAgreement(_ one: Result<[UInt8], QueryError>, _ verb: String, _ other: Result<[UInt8], QueryError>, _ otherVerb: String) {
        switch (one, other) {
        case (.success(let a), .success(let b)):
            let first = parseJSON(a, what: "the \(verb) answer"), second = parseJSON(b, what: "the \(otherVerb) answer")
            if first["results"] != second["results"] || first["skipped"] != second["skipped"] {
                invariantBroken("\(verb) and \(otherVerb) of the same query disagree:\n\(text(a))\n\(text(b))")
            }
        case (.failure(let a), .failure(let b)):
            if a.failure.code != b.failure.code || a.failure.field != b.failure.field {
                invariantBroken("\(verb) and \(otherVerb) of the same query are refused differently: \(a); \(b)")
            }
        default:
            invariantBroken("of the same query, \(verb) gave \(one) and \(otherVerb) gave \(other)")
        }
    }

    // MARK: Reading the answer

    /// The members of an object that has exactly `keys`, in that order.
    static func object(_ value: JSONValue, _ keys: [String], _ what: String) -> [String: JSONValue] {
        guard case .object(let members) = value, members.map(\.key) == keys else {
            invariantBroken("\(what) is not an object with the keys \(keys): \(value.jsonText)")
        }
        return Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }

    static func array(_ value: JSONValue?, _ what: String) -> [JSONValue] {
        guard case .array(let elements) = value else { invariantBroken("\(what) is not an array: \(String(describing: value))") }
        return elements
    }

    static func bool(_ value: JSONValue?, _ what: String) -> Bool {
        guard case .bool(let flag) = value else { invariantBroken("\(what) is not a boolean: \(String(describing: value))") }
        return flag
    }

    static func int(_ value: JSONValue?) -> Int64 {
        guard case .number(let number) = value, let integer = number.int64 else { invariantBroken("not an integer: \(String(describing: value))") }
        return integer
    }

    static func id(_ value: JSONValue?, _ what: String) -> PolicyAggregateID {
        guard case .string(let text) = value, let id = PolicyAggregateID(text: text) else { invariantBroken("\(what) is not a UUID: \(String(describing: value))") }
        return id
    }
}
