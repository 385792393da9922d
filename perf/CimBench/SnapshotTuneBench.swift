import ArgumentParser
import BenchKit
import Foundation
import NATS
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `cim-bench snapshot-tune`: chooses SNAPSHOT_FREQ before go-live.
///
/// For each frequency the tuner starts the domain's service with it, builds fresh aggregates
/// (the write path: commands/s and latency), waits until the snapshot writes have settled, kills
/// the service with SIGKILL (a crash: no shutdown snapshots), starts it again with the same
/// frequency and times the first command on each aggregate (its cold recovery: the latest snapshot
/// plus the events after it) and a second one (warm). It reads what the events stream and the
/// snapshot bucket's stream grew by, and recommends a frequency from a stated cost model
/// (`SnapshotRecommendation`). Without `--url` it starts its own nats-server; with one, it still
/// starts and stops the service itself, pointed at that server, and only reads deltas there.
struct SnapshotTuneBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot-tune",
        abstract: "Measure write cost, cold recovery and snapshot bytes per snapshot frequency, and recommend one.",
        discussion: """
            Every reply is checked: a reply with another version than expected, an error reply or a timeout fails the run \
            (exit 1, with a sentence on standard error). The service is always stopped at the end, failure included, and \
            a local server too.
            """)

    /// `--url` (or NATS_URL) names an existing server, and the same authentication flags and
    /// variables as the services apply (the service the tuner starts gets them too). Without a
    /// URL the tuner starts its own nats-server.
    @OptionGroup var server: ServerOptions

    var url: String? { server.explicitURL }

    @Option(help: "The local server's durability: default (fsync every 2 minutes) or always (fsync before each acknowledgement). Without --url only.")
    var serverSync: ServerSync = .default

    @Option(help: "The service executable. Default: $<DOMAIN>_SERVICE_BIN, else <domain>-service next to cim-bench.")
    var serviceBin: String?

    @Option(help: "An extra environment setting for the service, KEY=VALUE (repeatable).")
    var serviceEnv: [String] = []

    @Option(help: "The service's domain: person, location, agent or policy.")
    var domain = "person"

    @Option(help: "Snapshot frequencies to try, comma-separated (0 = snapshots off).")
    var frequencies = SnapshotTunePlan.defaultFrequencies.map(String.init).joined(separator: ",")

    @Option(help: "Events per aggregate (at most: see --spread-tails; each lane sends this many commands).")
    var events = 1000

    @Option(help: "Aggregates built per frequency (each one cold sample).")
    var aggregates = 10

    @Option(help: "Commands in flight per aggregate's lane while building (sent in order from one task per lane).")
    var window = 32

    @Option(help: "The cold-recovery p99 a recommended frequency must stay within, in milliseconds.")
    var recoveryBudgetMs = 50.0

    @Flag(
        inversion: .prefixedNo,
        help: "Shorten the aggregates so that the events after their last snapshot spread evenly over the snapshot interval, a filler aggregate taking the rest of each lane's commands (else every aggregate gets --events, and a frequency that divides it replays nothing).")
    var spreadTails = true

    @Option(help: "Sweeps over the frequencies (every other one in reverse order); commands/s is the median of the rounds', latencies pool all samples.")
    var rounds = 1

    @Option(help: "Write a Markdown report to this file, and its SVG plot next to it (the same name ending in .svg).")
    var markdown: String?

    @Option(help: "Write the SVG plot to this file (default with --markdown: next to it).")
    var svg: String?

    @Option(help: "Reply timeout in seconds (while building: the longest time without any reply).")
    var timeout = 60.0

    /// Settings the tuner sets itself.
    static let reservedSettings: Set<String> = ["NATS_URL", "SNAPSHOT_FREQ", "SNAPSHOT_FREQUENCY"]

    func validate() throws {
        do {
            _ = try SnapshotTunePlan.parseFrequencies(frequencies)
        } catch {
            throw ValidationError("--frequencies: \(error.description)")
        }
        guard DomainWorkload.Domain(rawValue: domain) != nil else {
            throw ValidationError("--domain must be one of \(DomainWorkload.Domain.allCases.map(\.rawValue).joined(separator: ", ")), not \(domain)")
        }
        guard events >= 1, events <= 1_000_000 else { throw ValidationError("--events must be 1…1000000 (events per aggregate), not \(events)") }
        guard aggregates >= 1, aggregates <= 1000 else { throw ValidationError("--aggregates must be 1…1000, not \(aggregates)") }
        guard window >= 1, window <= 4096 else { throw ValidationError("--window must be 1…4096, not \(window)") }
        guard aggregates * window <= 4096 else {
            throw ValidationError(
                "--aggregates × --window is \(aggregates * window) commands in flight, more than a shard's mailbox holds (4096 by default; a full one answers busy): lower --window")
        }
        guard recoveryBudgetMs > 0, recoveryBudgetMs.isFinite else { throw ValidationError("--recovery-budget-ms must be a positive number of milliseconds") }
        guard rounds >= 1, rounds <= 20 else { throw ValidationError("--rounds must be 1…20, not \(rounds)") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        for setting in serviceEnv {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw ValidationError("--service-env takes KEY=VALUE, not \"\(setting)\"")
            }
            let key = String(setting[..<equals])
            guard !Self.reservedSettings.contains(key) else {
                throw ValidationError("--service-env cannot set \(key): the tuner sets it (--url, --frequencies)")
            }
        }
        if url != nil { _ = try server.configuration() }
        if let markdown, markdown.hasSuffix(".svg") { throw ValidationError("--markdown \(markdown) ends in .svg: give the Markdown file (the plot goes next to it)") }
    }

    func run() async throws {
        let frequencies = try SnapshotTunePlan.parseFrequencies(self.frequencies)
        let workload = DomainWorkload(domain: DomainWorkload.Domain(rawValue: domain)!)
        var settings = ["HTTP_PORT": "0", "LOG_LEVEL": "warning"]
        for setting in serviceEnv {
            let parts = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            settings[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        // The stream the service will use: a STREAM_NAME from --service-env or inherited, else the domain's.
        let stream = settings["STREAM_NAME"] ?? environment("STREAM_NAME") ?? workload.stream
        let executable = try LocalService.executable("\(domain)-service", explicit: serviceBin)
        var report = SnapshotTuneReport(
            settings: SnapshotTuneReport.Settings(
                domain: domain, events: events, aggregates: aggregates, window: window, frequencies: frequencies, recoveryBudgetMs: recoveryBudgetMs,
                spreadTails: spreadTails, timeoutSeconds: timeout, rounds: rounds),
            stream: stream, snapshotStream: "KV_\(stream)_SNAPSHOTS", commandLine: CommandLine.arguments.joined(separator: " "))
        report.machine = LoadReport.Machine.current()

        // Ctrl-C (or SIGTERM) ends the run at once: a partial sweep recommends nothing. What it
        // started is killed first, so nothing is left running.
        let interrupt = InterruptWatcher()
        interrupt.start()
        defer { interrupt.stop() }
        let local = url == nil ? try await LocalServer.start(sync: serverSync) : nil
        if let local { settings = local.serviceEnvironment(settings, command: "snapshot-tune") }
        let serverURL = url ?? local?.url ?? ""
        report.service = settings.merging(["SNAPSHOT_FREQ": "per row", "executable": URL(fileURLWithPath: executable).lastPathComponent]) { _, new in new }
        settings["NATS_URL"] = serverURL
        if url != nil { settings.merge(server.serviceEnvironment) { _, flag in flag } }
        report.server = local.map { LoadReport.Server(version: $0.version, sync: $0.sync.rawValue, origin: "embedded") }
        let service = TunedService(name: "\(domain)-service", executable: executable, environment: settings)
        let serverPID = local?.server.processIdentifier
        interrupt.onInterrupt {
            service.killNow()
            if let serverPID { kill(serverPID, SIGKILL) }
            printError("cim-bench snapshot-tune: interrupted; killed what it started, nothing is reported")
            Glibc.exit(130)
        }
        do {
            let measured = try await measure(frequencies: frequencies, workload: workload, stream: stream, serverURL: serverURL, service: service)
            report.rows = measured.rows
            if local == nil { report.server = LoadReport.Server(version: measured.serverVersion, sync: "unknown", origin: "external") }
        } catch {
            report.fail("\(error)")
        }
        await service.stopAll()
        await local?.stop()
        if report.ok { service.removeLogs() }
        report.recommend()
        try finish(report, logs: service.logDirectory)
    }

    /// Writes the files, prints the table or the JSON line, and fails (exit 1) when the run did.
    private func finish(_ report: SnapshotTuneReport, logs: String) throws {
        var report = report
        if report.ok, let plotPath = svg ?? markdown.map(Self.plotPath(forMarkdown:)) {
            report.plotFile = plotPath
            try Self.write(report.plot.svg(), to: plotPath)
            if let markdown {
                try Self.write(report.markdown(plotFile: Self.reference(to: plotPath, from: markdown)), to: markdown)
            }
        }
        if server.json {
            do {
                print(try report.jsonLine())
            } catch {
                throw BenchFailure(error.description)
            }
        } else {
            print(report.table)
        }
        guard report.ok else {
            for failure in report.failures { printError("cim-bench snapshot-tune: FAILED: \(failure)") }
            printError("cim-bench snapshot-tune: the service's logs are kept in \(logs)")
            throw ExitCode(1)
        }
    }

    /// `results/tune.md` → `results/tune.svg`.
    static func plotPath(forMarkdown path: String) -> String {
        (path.hasSuffix(".md") ? String(path.dropLast(3)) : path) + ".svg"
    }

    /// How the Markdown file at `markdown` refers to the plot at `plot`: its name when both are in
    /// the same folder, else its absolute path.
    static func reference(to plot: String, from markdown: String) -> String {
        let plotURL = URL(fileURLWithPath: plot).standardizedFileURL
        let markdownURL = URL(fileURLWithPath: markdown).standardizedFileURL
        return plotURL.deletingLastPathComponent() == markdownURL.deletingLastPathComponent() ? plotURL.lastPathComponent : plotURL.path
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw BenchFailure("could not write \(path): \(error.localizedDescription)")
        }
    }
}
