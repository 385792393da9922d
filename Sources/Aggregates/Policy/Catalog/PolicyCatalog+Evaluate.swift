extension PolicyCatalog {
    /// Evaluates the policies the query selects at `instant`:
    /// - `policy_ids`: those, in that order (each must be a policy);
    /// - `policy_set_id`: the set's members, in the set's order;
    /// - neither: every policy whose target applies to the query's subject (Global ones always), by id.
    /// Only Active policies are evaluated; listed ones that are not are reported as skipped.
    /// - Throws: `QueryError` `not_found` or `wrong_kind` naming the listed id or the set, and
    ///   `invalid_field` when both `policy_ids` and `policy_set_id` are given.
    public func evaluate(_ query: PolicyQuery, at instant: Timestamp) throws(QueryError) -> EvaluationReport {
        let (candidates, listed) = try select(query)
        var results: [PolicyResult] = [], skipped: [SkippedPolicy] = []
        for policy in candidates {
            if policy.status == .active {
                results.append(evaluate(policy, query, at: instant))
            } else if listed {
                skipped.append(SkippedPolicy(policyID: policy.id, status: policy.status))
            }
        }
        return EvaluationReport(evaluatedAt: instant, results: results, skipped: skipped)
    }

    /// `evaluate`, then the verdict: without a set, compliant unless a mandatory policy (Mandatory,
    /// Hard, Critical) failed without an exemption; with a set, compliant when its composition
    /// holds over the members in force (the composition says which failures the set tolerates).
    /// Failures of Advisory and Soft policies that are not exempted are listed as warnings.
    /// - Throws: as `evaluate`.
    public func checkCompliance(_ query: PolicyQuery, at instant: Timestamp) throws(QueryError) -> ComplianceReport {
        let report = try evaluate(query, at: instant)
        var warnings: [PolicyWarning] = []
        for result in report.results where !result.enforcement.isMandatory && !result.exempted {
            for failure in result.failures {
                warnings.append(PolicyWarning(policyID: result.policyID, name: result.name, rule: failure.rule, reason: failure.reason))
            }
        }
        var verdict: SetVerdict?
        if let setID = query.policySetID, let set = policySet(setID) {
            let inForce = report.results.count
            verdict = SetVerdict(
                policySetID: setID, composition: set.definition.composition, inForce: inForce,
                satisfied: report.results.filter(\.passed).count, required: set.definition.composition.required(of: inForce))
        }
        let compliant = verdict?.holds ?? !report.results.contains { $0.enforcement.isMandatory && !$0.passed }
        return ComplianceReport(
            evaluatedAt: instant, compliant: compliant, results: report.results, skipped: report.skipped, warnings: warnings, policySet: verdict)
    }

    /// One policy's rules against the context, and the exemption that covers it.
    func evaluate(_ policy: Policy, _ query: PolicyQuery, at instant: Timestamp) -> PolicyResult {
        var failures: [RuleFailure] = []
        for rule in policy.definition.rules {
            if let reason = rule.expression.evaluate(in: query.context).reason {
                failures.append(RuleFailure(rule: rule.name, reason: reason, message: rule.message))
            }
        }
        let exemption = exemptions(from: policy.id).first { $0.covers(at: instant, subject: query.subject) }
        return PolicyResult(
            policyID: policy.id, name: policy.definition.name, enforcement: policy.definition.enforcement,
            passed: failures.isEmpty || exemption != nil, exempted: exemption != nil, exemptionID: exemption?.id, failures: failures)
    }

    /// The policies the query names, and whether it named them (so non-Active ones are reported).
    private func select(_ query: PolicyQuery) throws(QueryError) -> (policies: [Policy], listed: Bool) {
        switch (query.policyIDs, query.policySetID) {
        case (_?, _?):
            throw QueryError(DomainFailure(code: "invalid_field", field: "policy_set_id", message: "give policy_ids or policy_set_id, not both"))
        case (let ids?, nil):
            var policies: [Policy] = [], seen: Set<PolicyAggregateID> = []
            for (index, id) in ids.enumerated() where seen.insert(id).inserted {
                policies.append(try require(id, field: "policy_ids[\(index)]"))
            }
            return (policies, true)
        case (nil, let setID?):
            guard let state = states[setID], let set = state.policySet else {
                throw Self.missing(setID, in: states[setID], expected: "Policy set", article: "a policy set", field: "policy_set_id")
            }
            return (set.policyIDs.compactMap(policy), true)
        case (nil, nil):
            return (policies.filter { $0.definition.target.applies(to: query.subject) }, false)
        }
    }

    private func require(_ id: PolicyAggregateID, field: String) throws(QueryError) -> Policy {
        guard let policy = policy(id) else { throw Self.missing(id, in: states[id], expected: "Policy", article: "a policy", field: field) }
        return policy
    }

    private static func missing(_ id: PolicyAggregateID, in state: PolicyAggregate?, expected: String, article: String, field: String) -> QueryError {
        guard let state, state.id != nil else {
            return QueryError(DomainFailure(code: "not_found", field: field, message: "\(expected) not found: \(id.text)"))
        }
        return QueryError(DomainFailure(code: "wrong_kind", field: field, message: "\(id.text) is \(state.record.kindName), not \(article)"))
    }
}
