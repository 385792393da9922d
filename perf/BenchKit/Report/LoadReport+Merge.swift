extension LoadReport {
    /// Several generators' reports of one load, as one: latencies from their histograms added
    /// (so the percentiles are the load's, not an average of percentiles), counts and rates
    /// summed (the generators ran at the same time), the longest wall time, every oracle
    /// verdict kept and added. Fails for reports of different domains or loops.
    package static func merge(_ reports: [LoadReport]) throws(ReportError) -> LoadReport {
        guard let first = reports.first else { throw ReportError("nothing to merge: give at least one report") }
        for report in reports.dropFirst() {
            guard report.workload.domain == first.workload.domain else {
                throw ReportError("cannot merge a \(report.workload.domain) report with a \(first.workload.domain) one")
            }
            guard report.bench == first.bench else { throw ReportError("cannot merge a \(report.bench) report with a \(first.bench) one") }
        }
        var merged = LoadReport(label: "merged(\(reports.map(\.label).joined(separator: ",")))", workload: first.workload, commandLine: "cim-bench merge")
        merged.machine = first.machine
        merged.server = first.server
        merged.service = first.service
        merged.generators = 0
        merged.parts = []
        var latencies = LatencyHistogram()
        var verdicts: [OracleVerdict] = []
        for report in reports {
            merged.generators += report.generators
            merged.sent += report.sent
            merged.answered += report.answered
            merged.persisted += report.persisted
            merged.seconds = max(merged.seconds, report.seconds)
            merged.commandsPerSec += report.commandsPerSec
            merged.errors.add(report.errors)
            merged.lateReplies += report.lateReplies
            merged.answeredPersistedTotal += report.answeredPersistedTotal
            latencies.add(try LatencyHistogram(decoding: report.histogram))
            if let oracles = report.oracles {
                verdicts += oracles
            } else if let oracle = report.oracle {
                verdicts.append(oracle)
            }
            merged.parts! += report.parts ?? [report.commandLine]
            for failure in report.failures { merged.fail("\(report.label): \(failure)") }
            if !report.ok, report.failures.isEmpty { merged.fail("\(report.label) failed") }
        }
        merged.setLatencies(latencies)
        if !verdicts.isEmpty {
            merged.oracles = verdicts
            var total = OracleVerdict()
            for verdict in verdicts { total.add(verdict) }
            merged.oracle = total
            if !total.pass { merged.fail("the oracle failed: \(total.summary)") }
        }
        // Each part checked its own stream's growth; generators sharing a server would count each other's.
        merged.storedTotal = nil
        return merged
    }
}
