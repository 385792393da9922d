import Foundation

extension ChaosReport: JSONLineReport {
    package static var reportName: String { "the chaos report" }

    /// The rows of the human table and of the Markdown report.
    package var rows: [(String, String)] {
        var rows: [(String, String)] = [("scenario", "\(scenario.rawValue): \(scenario.summary)")]
        let s = settings
        rows.append(
            ("setup", "\(s.replicas) service replica\(s.replicas == 1 ? "" : "s"), \(s.nodes) nats-server node\(s.nodes == 1 ? "" : "s"), streams with \(s.streamReplicas) replica\(s.streamReplicas == 1 ? "" : "s")"))
        rows.append(
            ("schedule", "\(LoadReport.number(s.durationSeconds)) s of load; a fault every \(LoadReport.number(s.intervalSeconds)) s lasting \(LoadReport.number(s.downtimeSeconds)) s; reply timeout \(LoadReport.number(s.timeoutSeconds)) s"))
        for (index, fault) in faults.enumerated() {
            var text = "\(fault.action.rawValue) \(fault.target) at \(LoadReport.number(fault.injectedMs / 1000)) s, repaired at \(LoadReport.number(fault.repairedMs / 1000)) s: "
            text += "\(fault.failedCommands) commands failed, "
            text += fault.recovered ? "served again \(LoadReport.number(fault.recoveryMs)) ms after the fault" : "NOT recovered"
            if let note = fault.note { text += " (\(note))" }
            rows.append(("fault \(index + 1)", text))
        }
        if !faults.isEmpty { rows.append(("recovery", "longest \(LoadReport.number(maxRecoveryMs)) ms")) }
        rows.append(("uncertain", "\(uncertain) commands with an unknown outcome (timeouts, transport and store errors): not judged"))
        if !replicaExits.isEmpty { rows.append(("exits", replicaExits.enumerated().map { "replica \($0.offset): \($0.element)" }.joined(separator: ", "))) }
        for observation in observations { rows.append(("observed", observation)) }
        rows += load.rows.filter { $0.0 != "result" }
        rows.append(("result", ok ? "ok" : "FAILED: " + failures.joined(separator: "; ")))
        return rows
    }

    package var table: String {
        let width = rows.map(\.0.count).max() ?? 0
        let lines = rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        return (["cim-bench chaos: \(scenario.rawValue)"] + lines).joined(separator: "\n")
    }

    package func markdown() -> String {
        var text = "# cim-bench chaos: \(scenario.rawValue)\n\n| | |\n| --- | --- |\n"
        for (name, value) in rows { text += "| \(name) | \(value.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        text += """

            A command failed when it timed out, could not be sent, or was answered `busy` or with a store error; \
            its fault is the one injected within one reply timeout after it was sent. Recovery is the time from \
            the fault until the last failed command was sent. Latency is in microseconds, over the commands \
            answered as stored.

            """
        return text
    }
}
