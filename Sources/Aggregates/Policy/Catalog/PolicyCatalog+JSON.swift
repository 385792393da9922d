extension PolicyCatalog {
    /// Answers `evaluate` or `check_compliance` (see `PolicyQuery` for the payload) with JSON whose
    /// keys are sorted:
    /// - evaluate: `{"evaluated_at":"…Z","results":[…],"skipped":[…]}`;
    /// - check_compliance: `{"compliant":B,"evaluated_at":…,"policy_set":null|{"composition",
    ///   "holds","in_force","policy_set_id","required","satisfied"},"results":[…],"skipped":[…],
    ///   "warnings":[{"name","policy_id","reason","rule"}]}`;
    /// - a result: `{"enforcement","exempted","exemption_id","failures":[{"message","reason","rule"}],
    ///   "mandatory","name","passed","policy_id"}`; a skipped policy: `{"policy_id","status"}`.
    /// - Throws: `QueryError`: the decoding codes for a bad payload (`unknown_command` for another
    ///   verb), `not_found`/`wrong_kind` for ids that name no policy or set.
    public func answer(verb: String, payload: UnsafeRawBufferPointer, at: Timestamp, into buffer: inout [UInt8]) throws(QueryError) {
        guard Self.queryVerbs.contains(verb) else {
            throw QueryError(CommandDecodingError(.unknownCommand, message: "unknown query \(verb); expected one of \(Self.queryVerbs.joined(separator: ", "))"))
        }
        let query: PolicyQuery
        do throws(CommandDecodingError) {
            query = try PolicyQuery.decode(payload, verb: verb)
        } catch {
            throw QueryError(error)
        }
        if verb == "evaluate" {
            let report = try evaluate(query, at: at)
            JSONWriter.append(to: &buffer) { w in
                w.beginObject()
                w.writeField("evaluated_at", report.evaluatedAt)
                w.writeResults(report.results, skipped: report.skipped)
                w.endObject()
            }
        } else {
            let report = try checkCompliance(query, at: at)
            JSONWriter.append(to: &buffer) { w in report.write(to: &w) }
        }
    }
}

extension PolicyQuery {
    /// Reads the payload of a query; `target` and `organization_id` are exclusive, as are
    /// `policy_ids` and `policy_set_id`.
    static func decode(_ payload: UnsafeRawBufferPointer, verb: String) throws(CommandDecodingError) -> PolicyQuery {
        try JSONDocument.parse(payload, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            let f = try JSONFields.root(of: document, expected: "a \(verb) query")
            let context = try f.required("context")
            guard context.kind == .object else { throw .invalid("context", "expected an object, found \(context.kindName)") }
            let policyIDs: [PolicyAggregateID]? = f.optional("policy_ids") == nil ? nil : try f.policyIDs("policy_ids")
            let setID: PolicyAggregateID? = f.optional("policy_set_id") == nil ? nil : try f.policyID("policy_set_id")
            if policyIDs != nil, setID != nil { throw .invalid("policy_set_id", "give policy_ids or policy_set_id, not both") }
            var subject = try f.optionalTarget("target") ?? .global
            if let organization = f.optional("organization_id") {
                guard f.optional("target") == nil else { throw .invalid("organization_id", "give target or organization_id, not both") }
                subject = .organization(try organization.uuid(at: "organization_id"))
            }
            return PolicyQuery(context: JSONValue(context), policyIDs: policyIDs, policySetID: setID, subject: subject)
        }
    }
}

extension ComplianceReport {
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeKey("compliant")
        w.writeBool(compliant)
        w.writeField("evaluated_at", evaluatedAt)
        w.writeKey("policy_set")
        if let verdict = policySet {
            w.beginObject()
            w.writeField("composition", verdict.composition)
            w.writeKey("holds")
            w.writeBool(verdict.holds)
            w.writeField("in_force", verdict.inForce)
            w.writeField("policy_set_id", verdict.policySetID)
            w.writeField("required", verdict.required)
            w.writeField("satisfied", verdict.satisfied)
            w.endObject()
        } else {
            w.writeNull()
        }
        w.writeResults(results, skipped: skipped)
        w.writeKey("warnings")
        w.beginArray()
        for warning in warnings {
            w.beginObject()
            w.writeField("name", warning.name)
            w.writeField("policy_id", warning.policyID)
            w.writeField("reason", warning.reason)
            w.writeField("rule", warning.rule)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

extension JSONWriter {
    /// `"results":[…],"skipped":[…]`, each object with sorted keys.
    mutating func writeResults(_ results: [PolicyResult], skipped: [SkippedPolicy]) {
        writeKey("results")
        beginArray()
        for result in results {
            beginObject()
            writeField("enforcement", result.enforcement.rawValue)
            writeKey("exempted")
            writeBool(result.exempted)
            writeField("exemption_id", result.exemptionID?.text)
            writeKey("failures")
            beginArray()
            for failure in result.failures {
                beginObject()
                writeField("message", failure.message)
                writeField("reason", failure.reason)
                writeField("rule", failure.rule)
                endObject()
            }
            endArray()
            writeKey("mandatory")
            writeBool(result.enforcement.isMandatory)
            writeField("name", result.name)
            writeKey("passed")
            writeBool(result.passed)
            writeField("policy_id", result.policyID)
            endObject()
        }
        endArray()
        writeKey("skipped")
        beginArray()
        for policy in skipped {
            beginObject()
            writeField("policy_id", policy.policyID)
            writeField("status", policy.status.rawValue)
            endObject()
        }
        endArray()
    }
}
