/// What one `cim-bench service` run (or several, merged) measured, with everything needed to
/// reproduce and judge it: the workload, the machine, the server, the service's settings and the
/// exact command line. Written as one JSON object (`--json`), a table, or Markdown.
package struct LoadReport: Codable, Sendable, Equatable {
    package struct Workload: Codable, Sendable, Equatable {
        package var domain: String
        /// `closed` (N requesters, each waiting for its reply) or `open` (a target rate).
        package var loop: String
        package var concurrency: Int?
        package var rate: Double?
        /// `fresh` (create, then updates, of new ids) or `population` (updates of N aggregates).
        package var keySpace: String
        package var aggregates: Int
        package var distribution: String
        package var zipfS: Double?
        package var updates: Int?
        package var creates: Double?
        package var payloadBytes: Int
        package var warmupSeconds: Double
        package var durationSeconds: Double?
        package var commands: Int?
        /// The `Cim-Timeout-Ms` each request carried (`nil`: none, the service's default applied).
        package var timeoutHeaderMs: Int?

        package init(domain: String, loop: String, keySpace: String, aggregates: Int, distribution: String, payloadBytes: Int, warmupSeconds: Double) {
            self.domain = domain
            self.loop = loop
            self.keySpace = keySpace
            self.aggregates = aggregates
            self.distribution = distribution
            self.payloadBytes = payloadBytes
            self.warmupSeconds = warmupSeconds
        }

        enum CodingKeys: String, CodingKey {
            case domain, loop, concurrency, rate, aggregates, distribution, updates, creates, commands
            case keySpace = "key_space"
            case zipfS = "zipf_s"
            case payloadBytes = "payload_bytes"
            case warmupSeconds = "warmup_s"
            case durationSeconds = "duration_s"
            case timeoutHeaderMs = "timeout_header_ms"
        }
    }

    package struct Machine: Codable, Sendable, Equatable {
        package var cores: Int
        package var memoryBytes: UInt64
        package var system: String

        package init(cores: Int, memoryBytes: UInt64, system: String) {
            self.cores = cores
            self.memoryBytes = memoryBytes
            self.system = system
        }

        enum CodingKeys: String, CodingKey {
            case cores, system
            case memoryBytes = "memory_bytes"
        }
    }

    package struct Server: Codable, Sendable, Equatable {
        /// The version the server announced in INFO.
        package var version: String
        /// `default`, `always`, or `unknown` (a server this run did not start).
        package var sync: String
        /// `embedded` (started by cim-bench) or `external` (`--url`).
        package var origin: String

        package init(version: String, sync: String, origin: String) {
            self.version = version
            self.sync = sync
            self.origin = origin
        }
    }

    package var bench = "service"
    package var label: String
    package var workload: Workload
    /// Generator processes whose reports this one holds (1 unless merged).
    package var generators = 1
    /// Commands sent while measuring, answered, and answered as stored.
    package var sent = 0
    package var answered = 0
    package var persisted = 0
    /// The measured wall time in seconds (merged: the longest).
    package var seconds = 0.0
    /// Commands answered as stored per second (merged: the sum of the generators').
    package var commandsPerSec = 0.0
    package var p50Us: UInt64 = 0
    package var p90Us: UInt64 = 0
    package var p99Us: UInt64 = 0
    package var p999Us: UInt64 = 0
    package var maxUs: UInt64 = 0
    package var meanUs = 0.0
    package var errors = ErrorCounts()
    /// Replies that came after their command timed out (not counted as answered).
    package var lateReplies = 0
    /// Events the stream gained during the run, when this run owns the server (embedded).
    package var storedTotal: Int?
    /// Commands answered as stored over the whole run (setup and warm-up included).
    package var answeredPersistedTotal = 0
    package var oracle: OracleVerdict?
    /// Merged reports: each generator's verdict, in order.
    package var oracles: [OracleVerdict]?
    package var ok = true
    /// Why the run failed, one sentence each.
    package var failures: [String] = []
    package var histogram = EncodedHistogram(significantDigits: 3, max: 0, values: [])
    package var machine: Machine?
    package var server: Server?
    /// The service's settings this run used (environment of an embedded service, or as stated).
    package var service: [String: String] = [:]
    package var commandLine: String
    /// Merged reports: the command lines of the parts.
    package var parts: [String]?
    /// A ramp's steps (`--rate A..B --step S`), and the highest rate that held its bound.
    package var ramp: [RateRamp.Step]?
    package var rampMaxRate: Double?

    package init(label: String, workload: Workload, commandLine: String) {
        self.label = label
        self.workload = workload
        self.commandLine = commandLine
    }

    enum CodingKeys: String, CodingKey {
        case bench, label, workload, generators, sent, answered, persisted, seconds, errors, oracle, oracles, ok, failures, histogram, machine, server,
            service, parts, ramp
        case rampMaxRate = "ramp_max_rate"
        case commandsPerSec = "commands_per_sec"
        case p50Us = "p50_us"
        case p90Us = "p90_us"
        case p99Us = "p99_us"
        case p999Us = "p999_us"
        case maxUs = "max_us"
        case meanUs = "mean_us"
        case lateReplies = "late_replies"
        case storedTotal = "stored_total"
        case answeredPersistedTotal = "answered_persisted_total"
        case commandLine = "command_line"
    }

    /// Fills the latency fields from `latencies` (microseconds, measured commands answered as stored).
    package mutating func setLatencies(_ latencies: LatencyHistogram) {
        histogram = latencies.encoded
        p50Us = latencies.value(at: 50)
        p90Us = latencies.value(at: 90)
        p99Us = latencies.value(at: 99)
        p999Us = latencies.value(at: 99.9)
        maxUs = latencies.maximum
        meanUs = (latencies.mean * 10).rounded() / 10
    }

    /// Marks the run failed with `sentence`.
    package mutating func fail(_ sentence: String) {
        ok = false
        failures.append(sentence)
    }
}
