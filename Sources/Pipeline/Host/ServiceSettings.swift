import Logging
import NATS

/// A service's settings after flags, environment and defaults were merged and checked.
package struct ServiceSettings: Sendable {
    package var nats: NATSClientConfiguration
    package var runtime: RuntimeConfiguration
    package var logLevel: Logger.Level
    package var httpHost: String
    /// 0: no HTTP listener.
    package var httpPort: Int
    /// What serves the process's allocations, and whether that is not what was built in.
    package var allocator: (text: String, unexpected: Bool) = ("system malloc", false)
}

/// A setting that cannot be used; `description` is the sentence to print.
package struct SettingsError: Error, Sendable, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }

    /// `text` as a whole number in `range`; the error names `source` (a flag or a variable).
    package static func wholeNumber(_ text: String, source: String, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw SettingsError("\(source) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return number
    }
}

extension ServiceOptions {
    /// Merges flags (first), `environment` (second) and defaults.
    /// - Parameters:
    ///   - domain: `person`, `agent`, …: names subjects and the queue group.
    ///   - defaultStream: the seeds' stream name, e.g. `PERSON_EVENTS`.
    ///   - cores: the default shard count.
    /// - Throws: `SettingsError` naming the flag and variable of the first bad value.
    package func resolve(domain: String, defaultStream: String, environment: [String: String], cores: Int) throws(SettingsError) -> ServiceSettings {
        func value(_ flag: String?, _ variables: [String]) -> (text: String, source: String)? {
            if let flag, !flag.trimmingBlanks.isEmpty { return (flag.trimmingBlanks, "--\(Self.flagName(variables[0]))") }
            for variable in variables {
                if let text = environment[variable]?.trimmingBlanks, !text.isEmpty { return (text, variable) }
            }
            return nil
        }
        func integer(_ flag: String?, _ variables: [String], default fallback: Int, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
            guard let (text, source) = value(flag, variables) else { return fallback }
            return try SettingsError.wholeNumber(text, source: source, in: range)
        }

        // NATS: the client's own environment reader, with the flags laid over the variables.
        var natsEnvironment = environment
        for (flag, variable) in [
            (natsURL, NATSClientConfiguration.EnvironmentKey.url), (credentialsFile, NATSClientConfiguration.EnvironmentKey.credentialsFile),
            (nkeySeedFile, NATSClientConfiguration.EnvironmentKey.nkeySeedFile), (tlsCA, NATSClientConfiguration.EnvironmentKey.tlsCA),
            (tlsCertificate, NATSClientConfiguration.EnvironmentKey.tlsCertificate), (tlsKey, NATSClientConfiguration.EnvironmentKey.tlsKey),
        ] {
            if let flag, !flag.trimmingBlanks.isEmpty { natsEnvironment[variable] = flag }
        }
        var nats: NATSClientConfiguration
        do {
            nats = try NATSClientConfiguration.fromEnvironment(natsEnvironment)
        } catch let error as NATSClientError {
            throw SettingsError(error.detail)
        } catch {
            throw SettingsError("the NATS settings cannot be used: \(error)")
        }
        nats.name = "\(domain)-service"
        // A server cut off by a partition sends no error: only unanswered PINGs tell. The client
        // library's default (every 2 minutes, 2 outstanding: as nats.go) would leave a replica on
        // a cut-off node out of service for up to 6 minutes; every 5 s, it moves within 15 s.
        nats.pingInterval = .seconds(try integer(pingInterval, ["NATS_PING_INTERVAL"], default: 5, in: 1...3600))
        // A private reply inbox by default (`_INBOX_person-service.…`), so that an account can let
        // each service subscribe to its own replies only (deployment/nats/accounts.conf).
        if natsEnvironment[NATSClientConfiguration.EnvironmentKey.inboxPrefix]?.trimmingBlanks.isEmpty ?? true {
            nats.inboxPrefix = "_INBOX_\(domain)-service"
        }

        func checkedStream(_ flag: String?, _ variable: String, default fallback: String) throws(SettingsError) -> String {
            guard let (text, source) = value(flag, [variable]) else { return fallback }
            guard text.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: ">") && $0 < 0x7F }) else {
                throw SettingsError("\(source) must be a stream name without spaces, '.', '*' or '>', not \"\(text)\"")
            }
            return text
        }
        let stream = try checkedStream(streamName, "STREAM_NAME", default: defaultStream)

        var level = Logger.Level.info
        if let (text, source) = value(logLevel, ["LOG_LEVEL"]) {
            let lowered = text.lowercased()
            guard let parsed = Logger.Level(rawValue: lowered == "warn" ? "warning" : lowered) else {
                throw SettingsError("\(source) must be trace, debug, info, notice, warning, error or critical, not \"\(text)\"")
            }
            level = parsed
        }

        let frequencyFlag = snapshotFrequency
        if frequencyFlag == nil, let short = environment["SNAPSHOT_FREQ"]?.trimmingBlanks, let long = environment["SNAPSHOT_FREQUENCY"]?.trimmingBlanks,
           !short.isEmpty, !long.isEmpty, short != long {
            throw SettingsError("SNAPSHOT_FREQ (\(short)) and SNAPSHOT_FREQUENCY (\(long)) disagree; set one")
        }
        let frequency = try integer(frequencyFlag, ["SNAPSHOT_FREQ", "SNAPSHOT_FREQUENCY"], default: 100, in: 0...1_000_000)

        let host = value(httpHost, ["HTTP_HOST"])?.text ?? "127.0.0.1"
        let port = try integer(httpPort, ["HTTP_PORT"], default: 8080, in: 0...65_535)

        let shardCount = try integer(shards, ["SHARDS"], default: max(1, cores), in: 1...1024)
        var runtime = RuntimeConfiguration(domain: domain, streamName: stream, shards: shardCount)
        runtime.snapshotFrequency = frequency
        runtime.mailboxCapacity = try integer(mailboxCapacity, ["MAILBOX_CAPACITY"], default: runtime.mailboxCapacity, in: 1...10_000_000)
        let resident = try integer(maxResident, ["MAX_RESIDENT_AGGREGATES"], default: 200_000, in: 1...100_000_000)
        runtime.maxResidentPerShard = max(1, resident / shardCount)
        if let (text, source) = value(commitMode, ["COMMIT_MODE"]) {
            guard let mode = RuntimeConfiguration.CommitMode(rawValue: text.lowercased()) else {
                throw SettingsError("\(source) must be async or batch, not \"\(text)\"")
            }
            runtime.commitMode = mode
        }
        if let (text, source) = value(taskPlacement, ["TASK_PLACEMENT"]) {
            guard let placement = RuntimeConfiguration.TaskPlacement(rawValue: text.lowercased()) else {
                throw SettingsError("\(source) must be event-loop or pool, not \"\(text)\"")
            }
            runtime.taskPlacement = placement
        }
        runtime.batchLingerNanoseconds = UInt64(try integer(batchLinger, ["BATCH_LINGER_US"], default: 0, in: 0...1_000_000)) * 1_000
        runtime.batchesInFlight = try integer(batchesInFlight, ["BATCHES_IN_FLIGHT"], default: runtime.batchesInFlight, in: 1...64)
        if let (text, source) = value(layout, ["EVENT_LAYOUT"]) {
            guard let choice = RuntimeConfiguration.LayoutChoice(rawValue: text.lowercased()) else {
                throw SettingsError("\(source) must be auto, per-event-subject or per-aggregate-subject, not \"\(text)\"")
            }
            runtime.layout = choice
        }
        if let (text, _) = value(queueGroup, ["QUEUE_GROUP"]) { runtime.queueGroup = text }
        runtime.streamReplicas = try integer(streamReplicas, ["STREAM_REPLICAS"], default: 1, in: 1...5)
        var durable = durableIntake
        if durable == nil, let (text, source) = value(nil, ["DURABLE_INTAKE"]) {
            switch text.lowercased() {
            case "1", "true", "yes", "on": durable = true
            case "0", "false", "no", "off": durable = false
            default: throw SettingsError("\(source) must be true or false, not \"\(text)\"")
            }
        }
        if durable == true {
            var intake = DurableIntakeConfiguration(
                domain: domain, consumerName: runtime.queueGroup, maxAckPending: min(runtime.shards * runtime.mailboxCapacity, 20_000))
            intake.streamName = try checkedStream(intakeStream, "INTAKE_STREAM", default: intake.streamName)
            intake.ackWaitSeconds = try integer(durableAckWait, ["DURABLE_ACK_WAIT"], default: intake.ackWaitSeconds, in: 1...3600)
            guard intake.streamName != stream else {
                throw SettingsError("INTAKE_STREAM (--intake-stream) must differ from the event stream \(stream)")
            }
            runtime.durableIntake = intake
        }
        runtime.maxAgeSeconds = try integer(streamMaxAgeDays, ["STREAM_MAX_AGE_DAYS"], default: 365, in: 0...36_500) * 86_400
        runtime.drainTimeoutSeconds = try integer(drainTimeout, ["DRAIN_TIMEOUT"], default: 20, in: 1...3600)
        runtime.commandDeadlineNanoseconds = UInt64(try integer(commandDeadline, ["COMMAND_DEADLINE_MS"], default: 5_000, in: 0...3_600_000)) * 1_000_000

        return ServiceSettings(nats: nats, runtime: runtime, logLevel: level, httpHost: host, httpPort: port)
    }

    /// `SNAPSHOT_FREQ` → `snapshot-freq`.
    static func flagName(_ variable: String) -> String {
        switch variable {
        case "MAX_RESIDENT_AGGREGATES": "max-resident"
        case "BATCH_LINGER_US": "batch-linger-us"
        case "EVENT_LAYOUT": "event-layout"
        case "DRAIN_TIMEOUT": "drain-timeout"
        case "STREAM_MAX_AGE_DAYS": "stream-max-age-days"
        case "INTAKE_STREAM": "intake-stream"
        case "DURABLE_ACK_WAIT": "durable-ack-wait"
        default: variable.lowercased().replacingUnderscores
        }
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
