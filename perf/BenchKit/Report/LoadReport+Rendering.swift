import Foundation

extension LoadReport: JSONLineReport {
    package static var reportName: String { "the service report" }

    /// A report from `jsonLine()`'s output.
    package static func decode(_ data: Data, source: String) throws(ReportError) -> LoadReport {
        do {
            return try JSONDecoder().decode(LoadReport.self, from: data)
        } catch {
            throw ReportError("\(source) is not a cim-bench service report (--json): \(error)")
        }
    }

    /// The rows of the human table and of the Markdown report.
    package var rows: [(String, String)] {
        var rows: [(String, String)] = []
        let w = workload
        var load = w.loop == "open" ? "open loop at \(Self.number(w.rate ?? 0)) commands/s" : "closed loop, \(w.concurrency ?? 0) in flight"
        if generators > 1 { load += ", \(generators) generators" }
        rows.append(("load", load))
        let keys: String
        if w.keySpace == "fresh" {
            keys = "fresh ids: a create, then \(w.updates ?? 0) updates each"
        } else {
            let creates = (w.creates ?? 0) > 0 ? ", \(Self.number((w.creates ?? 0) * 100))% creates" : ""
            keys = "\(Self.number(Double(w.aggregates))) aggregates, \(w.distribution)\(w.zipfS.map { " (s=\($0))" } ?? "")\(creates)"
        }
        rows.append(("keys", keys + (w.payloadBytes > 0 ? ", commands padded to \(w.payloadBytes) bytes" : "")))
        rows.append(("throughput", "\(Self.number(commandsPerSec)) commands/s stored (\(Self.number(Double(persisted))) in \(Self.number(seconds)) s, \(Self.number(Double(sent))) sent)"))
        rows.append(("latency", "p50 \(Self.micros(p50Us))  p90 \(Self.micros(p90Us))  p99 \(Self.micros(p99Us))  p99.9 \(Self.micros(p999Us))  max \(Self.micros(maxUs))"))
        rows.append(("errors", errors.summary + (lateReplies > 0 ? "; \(lateReplies) late replies" : "")))
        if let oracle { rows.append(("oracle", oracle.summary)) } else { rows.append(("oracle", "not run")) }
        if let storedTotal { rows.append(("stored", "\(Self.number(Double(storedTotal))) events (answered as stored: \(Self.number(Double(answeredPersistedTotal))))")) }
        if let ramp {
            let steps = ramp.map { "\(Self.number($0.rate)) \($0.held ? "held" : "missed (\($0.reason ?? "?"))")" }.joined(separator: ", ")
            rows.append(("ramp", "highest rate held: \(rampMaxRate.map { Self.number($0) + " commands/s" } ?? "none") — \(steps)"))
        }
        if let server { rows.append(("server", "nats-server \(server.version), sync \(server.sync) (\(server.origin))")) }
        if !service.isEmpty { rows.append(("service", service.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))) }
        if let machine {
            rows.append(("machine", "\(machine.cores) cores, \(Self.number(Double(machine.memoryBytes) / 1_073_741_824)) GiB, \(machine.system)"))
        }
        rows.append(("command", parts.map { $0.joined(separator: " + ") } ?? commandLine))
        rows.append(("result", ok ? "ok" : "FAILED: " + failures.joined(separator: "; ")))
        return rows
    }

    /// The human table: a title, then one aligned row per figure.
    package var table: String {
        let width = rows.map(\.0.count).max() ?? 0
        let lines = rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        return (["cim-bench \(bench): \(label)"] + lines).joined(separator: "\n")
    }

    /// A Markdown document for people to keep; `extra` is appended (a plot, a ramp's steps).
    package func markdown(extra: String = "") -> String {
        var text = "# cim-bench \(bench): \(label)\n\n| | |\n| --- | --- |\n"
        for (name, value) in rows { text += "| \(name) | \(value.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        text += "\nLatency is in microseconds"
        text += workload.loop == "open" ? ", from each command's intended send time (the open loop's schedule).\n" : ", from each command's send to its reply.\n"
        if !extra.isEmpty { text += "\n" + extra + "\n" }
        return text
    }

    /// `12,345` or `12,345.6` (one decimal below 100).
    package static func number(_ value: Double) -> String {
        let rounded = value < 100 ? (value * 10).rounded() / 10 : value.rounded()
        let whole = Int(rounded)
        var digits = String(abs(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = (whole < 0 ? "-" : "") + digits + grouped
        let fraction = rounded - Double(whole)
        if value < 100, fraction != 0 { grouped += "." + String(Int((abs(fraction) * 10).rounded())) }
        return grouped
    }

    /// `850 µs`, `3.3 ms` or `1,204 ms`.
    package static func micros(_ value: UInt64) -> String {
        value < 1000 ? "\(value) µs" : "\(number(Double(value) / 1000)) ms"
    }
}
