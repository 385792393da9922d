import Foundation

extension SnapshotTuneReport: JSONLineReport {
    package static var reportName: String { "the snapshot-tune report" }

    /// The column titles of the per-frequency table.
    static let columns = [
        "SNAPSHOT_FREQ", "commands/s", "write p50 ms", "write p99 ms", "replayed avg/max", "cold p50 ms", "cold p99 ms", "warm p50 ms",
        "restart s", "snapshot writes", "snapshot bytes written", "snapshot B/event", "KV stream Δ bytes", "stream Δ msgs", "stream Δ bytes",
    ]

    /// The cells of one row, in the order of `columns`.
    static func cells(_ row: SnapshotTuneRow) -> [String] {
        let f = SnapshotTuneFormat.self
        return [
            row.frequency == 0 ? "0 (off)" : f.grouped(row.frequency), f.grouped(Int(row.commandsPerSec.rounded())), f.ms(row.writeP50Us),
            f.ms(row.writeP99Us), "\(f.fixed(row.replayMeanEvents, 1))/\(f.grouped(row.replayMaxEvents))", f.ms(row.coldP50Us), f.ms(row.coldP99Us),
            f.ms(row.warmP50Us), f.fixed(row.restartSeconds, 2), f.grouped(row.snapshotWrites), f.grouped(row.snapshotBytesWritten),
            f.fixed(row.snapshotBytesPerEvent, 1), f.grouped(row.snapshotStreamBytes), f.grouped(row.streamMessages), f.grouped(row.streamBytes),
        ]
    }

    /// One line saying what was run.
    package var title: String {
        let s = settings
        return "\(s.domain), \(SnapshotTuneFormat.grouped(s.events)) events × \(SnapshotTuneFormat.grouped(s.aggregates)) aggregates, "
            + "\(s.window) in flight per aggregate, cold-recovery budget \(SnapshotTuneFormat.fixed(s.recoveryBudgetMs, 1)) ms (p99)"
            + (s.rounds > 1 ? ", \(s.rounds) rounds" : "")
    }

    /// The context of the run: server, service, machine, command, result.
    package var contextRows: [(String, String)] {
        var rows: [(String, String)] = []
        if let server { rows.append(("server", "nats-server \(server.version), sync \(server.sync) (\(server.origin))")) }
        rows.append(("streams", "\(stream) (events), \(snapshotStream) (the snapshot bucket)"))
        if !service.isEmpty { rows.append(("service", service.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))) }
        if let machine {
            rows.append(("machine", "\(machine.cores) cores, \(LoadReport.number(Double(machine.memoryBytes) / 1_073_741_824)) GiB, \(machine.system)"))
        }
        rows.append(("command", commandLine))
        rows.append(("result", ok ? "ok" : "FAILED: " + failures.joined(separator: "; ")))
        return rows
    }

    /// The human table: a title, one aligned row per frequency, the recommendation, the context.
    package var table: String {
        let body = rows.map(Self.cells)
        let widths = Self.columns.indices.map { column in ([Self.columns[column]] + body.map { $0[column] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "  " + zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
        var lines = ["cim-bench snapshot-tune: \(title)", line(Self.columns)] + body.map(line)
        if let recommendation {
            lines.append("")
            lines.append("recommended: SNAPSHOT_FREQ=\(recommendation.frequency)\(recommendation.withinBudget ? "" : " (no frequency meets the budget)")")
            lines += recommendation.reasoning.map { "  " + $0 }
        }
        lines.append("")
        let width = contextRows.map(\.0.count).max() ?? 0
        lines += contextRows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        return lines.joined(separator: "\n")
    }

    /// A Markdown document for people to keep; `plotFile` (the SVG's path relative to the
    /// document) is shown as an image when given.
    package func markdown(plotFile: String?) -> String {
        var text = "# cim-bench snapshot-tune: \(settings.domain)\n\n\(title).\n\n"
        if let recommendation {
            text += "## Recommendation: SNAPSHOT_FREQ=\(recommendation.frequency)\n\n"
            if !recommendation.withinBudget { text += "**No frequency meets the budget.**\n\n" }
            text += recommendation.reasoning.map { escape($0) }.joined(separator: "\n\n") + "\n\n"
        } else if !ok {
            text += "## The run failed\n\n" + failures.map { "- " + escape($0) }.joined(separator: "\n") + "\n\n"
        }
        if let plotFile { text += "![cold recovery latency and write throughput by snapshot frequency](\(plotFile))\n\n" }
        text += "## Per frequency\n\n"
        text += "| " + Self.columns.joined(separator: " | ") + " |\n"
        text += "|" + String(repeating: " ---: |", count: Self.columns.count) + "\n"
        for row in rows {
            var cells = Self.cells(row)
            if row.frequency == recommendation?.frequency { cells[0] = "**\(cells[0])**" }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if settings.rounds > 1 {
            text += "\nCommands/s of each round, in the order run (the table shows their median):\n\n"
            for row in rows {
                text += "- f = \(row.frequency): " + row.roundRates.map { SnapshotTuneFormat.grouped(Int($0.rounded())) }.joined(separator: ", ") + "\n"
            }
        }
        text += "\n" + Self.legend(settings) + "\n\n## Run\n\n| | |\n| --- | --- |\n"
        for (name, value) in contextRows { text += "| \(name) | \(escape(value)) |\n" }
        return text
    }

    /// What the columns mean and how the figures were taken.
    static func legend(_ s: Settings) -> String {
        """
        How it was measured. For each frequency the service is started with SNAPSHOT_FREQ set to it, and \
        \(s.aggregates) lanes of \(s.events) commands each run concurrently, \(s.window) in flight per lane, sent in order, \
        every reply checked for the version its command makes. *commands/s* and *write p50/p99* are those commands \
        (latency from each command's send to its reply, queueing in the window included). \
        \(s.spreadTails ? "Each lane builds one probed aggregate of at most \(s.events) events, its length chosen so that the events after its last snapshot are spread evenly over the snapshot interval (a crash at an evenly spread point of it), then a filler aggregate with the lane's remaining commands (never probed; its snapshots count in the bytes), so that every frequency gets the same load; *replayed avg/max* is the probed aggregates' tail." : "Each lane builds one aggregate of exactly \(s.events) events; *replayed avg/max* is the tail after its last snapshot.") \
        Once the snapshot writes have settled, the service is killed (SIGKILL: no shutdown snapshots) and started again with \
        the same frequency; after it answers, one create on a fresh id warms it up, then one update per aggregate, one at a time, \
        is the *cold* sample (loading the aggregate included: snapshot plus replay), and a second update per aggregate the *warm* one. \
        \(s.rounds > 1 ? "The frequencies were swept \(s.rounds) times, every other sweep in reverse order, with fresh aggregates each time: *commands/s* is the median of the rounds' rates, the latencies pool every round's samples, the storage figures are summed over the rounds, *restart s* is the median. " : "")\
        With \(s.aggregates * s.rounds) cold samples per frequency, p99 is \(s.aggregates * s.rounds < 100 ? "the largest" : "the 99th percentile (nearest rank)"). \
        *restart s*: from the kill until the new process answered. \
        *snapshot writes*: growth of the bucket stream's last sequence; *snapshot bytes written*: the writes times the mean stored \
        snapshot size (the bucket keeps one revision per aggregate, so *KV stream Δ bytes* is what stays stored); *snapshot B/event*: \
        bytes written per stored event. *stream Δ*: growth of the events stream while building. Rates on a shared machine vary \
        by 20–50 % between runs.
        """
    }

    private func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
