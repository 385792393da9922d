/// What one `cim-bench snapshot-tune` run measured, per snapshot frequency, with its
/// recommendation and everything needed to reproduce and judge it: the settings, the machine,
/// the server, the service's settings and the exact command line. Written as one JSON object
/// (`--json`), a table, or Markdown with an SVG plot.
package struct SnapshotTuneReport: Codable, Sendable, Equatable {
    /// What the run was asked to do.
    package struct Settings: Codable, Sendable, Equatable {
        package var domain: String
        /// Events per aggregate (at most; see `SnapshotTunePlan`).
        package var events: Int
        package var aggregates: Int
        /// Updates in flight per aggregate while building.
        package var window: Int
        package var frequencies: [Int]
        package var recoveryBudgetMs: Double
        /// Whether the aggregates' lengths spread the replayed tail over the snapshot interval.
        package var spreadTails: Bool
        package var timeoutSeconds: Double
        /// Sweeps over the frequencies (every other one in reverse order).
        package var rounds: Int

        package init(
            domain: String, events: Int, aggregates: Int, window: Int, frequencies: [Int], recoveryBudgetMs: Double, spreadTails: Bool,
            timeoutSeconds: Double, rounds: Int = 1
        ) {
            self.domain = domain
            self.events = events
            self.aggregates = aggregates
            self.window = window
            self.frequencies = frequencies
            self.recoveryBudgetMs = recoveryBudgetMs
            self.spreadTails = spreadTails
            self.timeoutSeconds = timeoutSeconds
            self.rounds = rounds
        }

        enum CodingKeys: String, CodingKey {
            case domain, events, aggregates, window, frequencies, rounds
            case recoveryBudgetMs = "recovery_budget_ms"
            case spreadTails = "spread_tails"
            case timeoutSeconds = "timeout_s"
        }
    }

    package var bench = "snapshot-tune"
    package var settings: Settings
    package var rows: [SnapshotTuneRow] = []
    package var recommendation: SnapshotRecommendation?
    package var machine: LoadReport.Machine?
    package var server: LoadReport.Server?
    /// The events stream and the snapshot bucket's stream the figures were read from.
    package var stream: String
    package var snapshotStream: String
    /// The service's settings (its environment as set by the tuner; SNAPSHOT_FREQ varies per row).
    package var service: [String: String] = [:]
    package var commandLine: String
    /// The SVG plot written with the Markdown report, if any (its path as given).
    package var plotFile: String?
    package var ok = true
    /// Why the run failed, one sentence each.
    package var failures: [String] = []

    package init(settings: Settings, stream: String, snapshotStream: String, commandLine: String) {
        self.settings = settings
        self.stream = stream
        self.snapshotStream = snapshotStream
        self.commandLine = commandLine
    }

    enum CodingKeys: String, CodingKey {
        case bench, settings, rows, recommendation, machine, server, stream, service, ok, failures
        case snapshotStream = "snapshot_stream"
        case commandLine = "command_line"
        case plotFile = "plot"
    }

    /// Computes the recommendation from the rows (none when there are no rows or the run failed).
    package mutating func recommend() {
        recommendation = ok ? SnapshotRecommendation.recommend(rows: rows, budgetMs: settings.recoveryBudgetMs, events: settings.events) : nil
    }

    /// Marks the run failed with `sentence`.
    package mutating func fail(_ sentence: String) {
        ok = false
        failures.append(sentence)
        recommendation = nil
    }
}
