import ArgumentParser
import BenchKit
import Foundation

/// `cim-bench chaos`: a command load on service replicas while faults are injected into the
/// processes (service replicas, nats-server nodes, the store's disk), then the consistency oracle.
///
/// It always starts its own nats-server (or three-node cluster) and replicas on loopback: it
/// kills and pauses them, so it never runs against a deployment given by URL.
struct ChaosBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Faults under load on its own nats-server and service replicas, judged by the consistency oracle.",
        discussion: """
            Scenarios:
            \(ChaosScenario.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))

            The run fails (exit 1) when an acknowledged command is missing from the stream or stored twice, \
            when an aggregate's versions have a gap, when no command is served after a fault, or when a \
            replica does not exit 0 on SIGTERM. Errors seen by the clients during faults are reported, not \
            failures. disk-full mounts a tmpfs, so it needs root.
            """)

    @Option(help: "The scenario: \(ChaosScenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: ChaosScenario

    @Option(help: "The service's domain: person, location, agent or policy.")
    var domain = "person"

    @Option(help: "Service replicas (default: the scenario's, 1 to 3).")
    var replicas: Int?

    @Option(help: "The server's durability: default (fsync every 2 minutes) or always (fsync before each ack).")
    var serverSync = ServerSync.default

    @Option(help: "Seconds of load.")
    var duration = 40.0

    @Option(help: "Seconds between faults (the first comes after one interval).")
    var interval = 8.0

    @Option(help: "Seconds each fault lasts before its repair (restart, SIGCONT, freeing the space).")
    var downtime = 2.0

    @Option(help: "Commands per second (an open loop: sending goes on while a fault holds replies back). Default 500; overload: a closed loop.")
    var rate: String?

    @Option(help: "A closed loop with this many requests in flight instead of --rate (overload's default: 5000).")
    var concurrency: Int?

    @Option(help: "Aggregates created before the load, then updated.")
    var aggregates = 500

    @Option(help: "How the load picks an aggregate: uniform or zipf (default: zipf for race, else uniform).")
    var distribution: String?

    @Option(name: .customLong("zipf-s"), help: "Zipf's exponent: larger is more skewed.")
    var zipfS = 1.1

    @Option(help: "Reply timeout in seconds (also sent as each request's Cim-Timeout-Ms: the service skips what the bench gave up on).")
    var timeout = 2.0

    @Flag(inversion: .prefixedNo, help: "Send --timeout as each request's Cim-Timeout-Ms header (--no-timeout-header: the service's default deadline applies).")
    var timeoutHeader = true

    @Option(name: .customLong("store-mib"), help: "disk-full: the size of the store's tmpfs in MiB.")
    var storeMiB = 64

    @Option(help: "The service executable (default: <domain>-service next to cim-bench, or $<DOMAIN>_SERVICE_BIN).")
    var serviceBin: String?

    @Option(help: "An environment variable KEY=VALUE for every replica (repeat), e.g. SNAPSHOT_FREQ=50.")
    var serviceEnv: [String] = []

    @Option(help: "Seed of the key and id generator (default: from the clock).")
    var seed: UInt64?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Also write the report as Markdown to this file.")
    var markdown: String?

    @Flag(help: "Keep the run's directory (logs, stores) even when it passes.")
    var keep = false

    @Option(help: "Seconds between progress lines when standard error is not a terminal (0: none).")
    var progressInterval = 10.0

    func validate() throws {
        guard DomainWorkload.Domain(rawValue: domain) != nil else {
            throw ValidationError("--domain must be one of \(DomainWorkload.Domain.allCases.map(\.rawValue).joined(separator: ", ")), not \(domain)")
        }
        if let replicas, !(1...9).contains(replicas) { throw ValidationError("--replicas must be 1…9") }
        if let concurrency, !(1...100_000).contains(concurrency) { throw ValidationError("--concurrency must be 1…100000") }
        if let rate {
            guard parseRate(rate) != nil else { throw ValidationError("--rate must be a positive rate (500, 2k), not \(rate)") }
            guard concurrency == nil else { throw ValidationError("--rate (an open loop) and --concurrency (a closed loop) exclude each other") }
        }
        guard aggregates >= 1, aggregates <= 1_000_000 else { throw ValidationError("--aggregates must be 1…1000000") }
        guard ["uniform", "zipf"].contains(keyDistribution) else { throw ValidationError("--distribution must be uniform or zipf, not \(keyDistribution)") }
        guard zipfS > 0, zipfS.isFinite else { throw ValidationError("--zipf-s must be positive") }
        guard timeout > 0, storeMiB >= 8 else { throw ValidationError("--timeout must be positive and --store-mib at least 8") }
        for entry in serviceEnv where !entry.contains("=") { throw ValidationError("--service-env takes KEY=VALUE, not \(entry)") }
        if environment("NATS_URL") != nil {
            printError("cim-bench chaos: NATS_URL is ignored: chaos starts, kills and pauses its own nats-server and replicas")
        }
        do {
            _ = try schedule()
        } catch {
            throw ValidationError(error.description)
        }
    }

    var replicaCount: Int { replicas ?? scenario.defaultReplicas }
    var keyDistribution: String { distribution ?? (scenario == .race ? "zipf" : "uniform") }
    /// The load: an open loop at `--rate` (500 by default), or a closed loop (`--concurrency`,
    /// overload's default).
    var loop: ServiceLoad.Loop {
        if let concurrency { return .closed(concurrency: concurrency) }
        if rate == nil, scenario == .overload { return .closed(concurrency: 5000) }
        return .open(rate: rate.flatMap(parseRate) ?? 500, maxInFlight: 100_000)
    }
    /// Load that must follow the last repair: a reply timeout, and two seconds of service.
    var settle: Double { timeout + 2 }

    func schedule() throws(WorkloadError) -> ChaosSchedule {
        try ChaosSchedule(scenario: scenario, replicas: replicaCount, duration: duration, interval: interval, downtime: downtime, settle: settle)
    }

    func run() async throws {
        try await ChaosRun(options: self, schedule: try schedule()).run()
    }
}

extension ChaosScenario: ExpressibleByArgument {}
