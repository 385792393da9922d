import ArgumentParser
import BenchKit
import Foundation

/// `cim-bench service`: a command load on a domain service, measured and checked.
///
/// Without `--url` (and `$NATS_URL`) it starts its own nats-server and the service, and stops both
/// at the end. The load is a closed loop (`--concurrency` requests in flight) or an open loop at a
/// target rate (`--rate`, latency from each command's intended send time), or a ramp of rates
/// (`--rate A..B --step S`) that finds the highest rate whose p99 stays within `--p99-bound-ms`.
/// Keys are fresh ids (a create, then `--updates` updates each) or a population of `--aggregates`
/// created first, then updated, picked uniformly or by Zipf's law. Every reply is checked, errors
/// are counted by kind, and at the end the consistency oracle reads the stream back.
struct ServiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Command load on a domain service (its own nats-server and service when no --url is given), with a consistency oracle.",
        discussion: """
            The run fails (exit 1, with the reason on standard error and in the report) when the oracle finds a \
            command answered as stored that is not in the stream once, when a reply has an unexpected shape or \
            version, when requests cannot be sent, when more than --allowed-errors of the commands got an error \
            reply or timed out, or when an embedded service does not stop cleanly. Ctrl-C stops the load early \
            and still reports.
            """)

    @Option(help: "The service's domain: person, location, agent or policy.")
    var domain = "person"

    @OptionGroup var server: ServerOptions

    @Option(help: "Closed loop: requests in flight (ignored with --rate).")
    var concurrency = 256

    @Option(help: "Open loop: commands per second (5000, 5k), or a ramp FROM..TO (5k..50k) with --step.")
    var rate: String?

    @Option(help: "The ramp's step (e.g. 5k).")
    var step: String?

    @Option(name: .customLong("p99-bound-ms"), help: "The ramp's bound: a step holds when its p99 is within this many milliseconds.")
    var p99BoundMilliseconds = 100.0

    @Option(help: "Open loop: at most this many commands in flight; later ones wait (their latency counts the wait).")
    var maxInFlight = 20_000

    @Option(help: "Aggregates created before the load, then updated (0: fresh ids, a create then --updates updates each).")
    var aggregates = 0

    @Option(help: "How the load picks an aggregate: uniform or zipf (needs --aggregates).")
    var distribution = "uniform"

    @Option(name: .customLong("zipf-s"), help: "Zipf's exponent: larger is more skewed (1: the most popular of 10,000 aggregates takes about 10 %).")
    var zipfS = 1.0

    @Option(help: "With --aggregates: the share of commands (0…1) that create a fresh aggregate instead of updating one.")
    var creates = 0.0

    @Option(help: "Fresh ids: updates after each create.")
    var updates = 4

    @Option(help: "Pad updates to at least this many bytes (0: as they are).")
    var payloadBytes = 0

    @Option(help: "Measured seconds (each ramp step's).")
    var duration = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmup = 2.0

    @Option(help: "Send exactly this many commands, all measured, instead of --warmup and --duration.")
    var commands = 0

    @Option(help: "Reply timeout in seconds (also sent as each request's Cim-Timeout-Ms: the service skips what the bench gave up on).")
    var timeout = 10.0

    @Flag(inversion: .prefixedNo, help: "Send --timeout as each request's Cim-Timeout-Ms header (--no-timeout-header: the service's default deadline applies).")
    var timeoutHeader = true

    @Option(help: "Share of measured commands (0…1) that may get an error reply or time out before the run fails.")
    var allowedErrors = 0.0

    @Option(help: "Seed of the key and id generator (default: from the clock).")
    var seed: UInt64?

    @Option(help: "Also write the report as Markdown to this file.")
    var markdown: String?

    @Option(help: "Embedded server: default (fsync every 2 minutes) or always (fsync before each ack). With --url: the policy you state.")
    var serverSync: ServerSync?

    @Option(help: "Embedded service: the executable (default: <domain>-service next to cim-bench, or $<DOMAIN>_SERVICE_BIN).")
    var serviceBin: String?

    @Option(help: "Embedded service: an argument (repeat; {url} becomes the server's URL), e.g. for svc_c: --service-arg {url} --service-arg 600.")
    var serviceArg: [String] = []

    @Option(help: "Embedded service: an environment variable KEY=VALUE (repeat), e.g. SNAPSHOT_FREQ=50.")
    var serviceEnv: [String] = []

    @Option(help: "Embedded service: how it is stopped at the end: term (SIGTERM; it must drain and exit 0 within 60 s) or kill (SIGKILL, for a peer without a drain, such as svc_c).")
    var serviceStop = ServiceStop.term

    @Option(help: "Stream the oracle reads (default: the domain's, e.g. PERSON_EVENTS; \"none\": no oracle).")
    var stream: String?

    @Option(help: "Label of the report (default: <domain>-service).")
    var label: String?

    @Option(help: "Seconds between progress lines when standard error is not a terminal (0: none).")
    var progressInterval = 10.0

    func validate() throws {
        guard DomainWorkload.Domain(rawValue: domain) != nil else {
            throw ValidationError("--domain must be one of \(DomainWorkload.Domain.allCases.map(\.rawValue).joined(separator: ", ")), not \(domain)")
        }
        guard concurrency > 0, concurrency <= 100_000 else { throw ValidationError("--concurrency must be 1…100000") }
        guard duration > 0, warmup >= 0 else { throw ValidationError("--duration must be positive and --warmup not negative") }
        guard updates >= 0, commands >= 0, aggregates >= 0, payloadBytes >= 0 else {
            throw ValidationError("--updates, --commands, --aggregates and --payload-bytes must not be negative")
        }
        guard aggregates <= 10_000_000 else { throw ValidationError("--aggregates must be at most 10,000,000") }
        guard timeout > 0, maxInFlight > 0 else { throw ValidationError("--timeout and --max-in-flight must be positive") }
        guard (0...1).contains(allowedErrors), (0...1).contains(creates) else { throw ValidationError("--allowed-errors and --creates must be 0…1") }
        guard ["uniform", "zipf"].contains(distribution) else { throw ValidationError("--distribution must be uniform or zipf, not \(distribution)") }
        if distribution == "zipf" {
            guard aggregates > 0 else { throw ValidationError("--distribution zipf needs --aggregates N (the population the keys are drawn from)") }
            guard zipfS > 0, zipfS.isFinite else { throw ValidationError("--zipf-s must be positive") }
        }
        if creates > 0, aggregates == 0 { throw ValidationError("--creates needs --aggregates (fresh ids always start with a create)") }
        _ = try loadPlan()
        for entry in serviceEnv where !entry.contains("=") { throw ValidationError("--service-env takes KEY=VALUE, not \(entry)") }
        if server.explicitURL != nil, serviceBin != nil || !serviceArg.isEmpty || !serviceEnv.isEmpty {
            throw ValidationError("--service-bin, --service-arg and --service-env start a service on cim-bench's own server: drop --url (and NATS_URL)")
        }
    }

    enum ServiceStop: String, ExpressibleByArgument, Sendable {
        case term, kill
    }

    /// The loop(s) the options ask for: a closed loop, one open-loop rate, or a ramp.
    enum LoadPlan {
        case closed(Int)
        case open(Double)
        case ramp(RateRamp)
    }

    func loadPlan() throws -> LoadPlan {
        guard let rate else {
            guard step == nil else { throw ValidationError("--step needs a ramp: --rate FROM..TO") }
            return .closed(concurrency)
        }
        if let range = rate.range(of: "..") {
            guard let from = parseRate(String(rate[..<range.lowerBound])), let to = parseRate(String(rate[range.upperBound...])) else {
                throw ValidationError("--rate \(rate) is not FROM..TO with two rates (e.g. 5k..50k)")
            }
            guard let step, let by = parseRate(step) else { throw ValidationError("a ramp (--rate \(rate)) needs --step RATE (e.g. 5k)") }
            guard commands == 0 else { throw ValidationError("a ramp runs --duration per step; drop --commands") }
            do {
                return .ramp(try RateRamp(from: from, to: to, step: by))
            } catch {
                throw ValidationError(error.description)
            }
        }
        guard step == nil else { throw ValidationError("--step needs a ramp: --rate FROM..TO") }
        guard let value = parseRate(rate) else { throw ValidationError("--rate must be a positive rate (5000, 5k) or FROM..TO, not \(rate)") }
        return .open(value)
    }

    var keySpace: KeySpace {
        aggregates == 0
            ? .fresh(updates: updates)
            : .population(count: aggregates, distribution: distribution == "zipf" ? .zipf(s: zipfS) : .uniform, createRatio: creates)
    }

    func run() async throws {
        try await ServiceRun(options: self).run()
    }
}
