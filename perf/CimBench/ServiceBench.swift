import ArgumentParser
import Dispatch
import Foundation
import NATS
import NIOCore
import Synchronization
import Wire

/// `cim-bench service`: a closed-loop load on a running domain service (or on the C peer svc_c).
///
/// Each of `--concurrency` workers takes a fresh aggregate id, sends the domain's create command,
/// then `--updates` updates (`ServiceWorkload`), each waiting for its reply, until `--duration` seconds passed (or, with
/// `--commands N`, until N commands were sent: then every command is measured). A command
/// counts as persisted when its reply is the success shape with the expected version. Every other
/// reply is counted by its error code; a reply with a wrong version, a timeout or a missing
/// reply fails the run. The figures are read after the run; the stream's stored total is read
/// back and must equal the persisted commands, and the consistency oracle (`ServiceOracle`) reads
/// the events back: every command answered as stored once, no version gaps (unless `--stream none`).
struct ServiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Closed-loop command load on a domain service: a create, then updates, on fresh ids.")

    @Option(help: "The service's domain: person, location, agent or policy.")
    var domain = "person"

    @OptionGroup var server: ServerOptions

    @Option(help: "Requests in flight (workers).")
    var concurrency = 256

    @Option(help: "Measured seconds.")
    var duration = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmup = 2.0

    @Option(help: "Stop after this many commands, all measured (0: run for --warmup and --duration instead).")
    var commands = 0

    @Option(help: "Updates after each create.")
    var updates = 4

    @Option(help: "Reply timeout in seconds.")
    var timeout = 10.0

    @Option(help: "Stream to read the stored total back from (default: the domain's, e.g. PERSON_EVENTS; \"none\": skip).")
    var stream: String?

    @Option(help: "Label for the JSON line (default: <domain>-service).")
    var label: String?

    func validate() throws {
        guard concurrency > 0, concurrency <= 100_000 else { throw ValidationError("--concurrency must be 1…100000") }
        guard duration > 0, warmup >= 0 else { throw ValidationError("--duration must be positive and --warmup not negative") }
        guard updates >= 0 else { throw ValidationError("--updates must not be negative") }
        guard commands >= 0 else { throw ValidationError("--commands must not be negative") }
        guard ServiceWorkload.Domain(rawValue: domain) != nil else {
            throw ValidationError("--domain must be one of \(ServiceWorkload.Domain.allCases.map(\.rawValue).joined(separator: ", ")), not \(domain)")
        }
    }

    final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
        /// Commands handed out so far (for `--commands`).
        let issued = Atomic<Int>(0)
    }

    final class Counters: Sendable {
        struct State {
            var measuring = false
            var persisted = 0
            var errors: [String: Int] = [:]
            var failures: [String] = []
            var latencies: [Double] = []
            var persistedTotal = 0
            /// Each aggregate's highest version answered as stored (for the oracle).
            var acknowledged: [String: Int] = [:]
        }
        let state = Mutex(State())
    }

    func run() async throws {
        let workload = ServiceWorkload(domain: ServiceWorkload.Domain(rawValue: domain)!)
        let stream = self.stream.map { $0 == "none" ? "" : $0 } ?? workload.stream
        let label = self.label ?? "\(domain)-service"
        let configuration = try server.configuration()
        let client = try NATSClient(configuration: configuration)
        let counters = Counters()
        if commands > 0 { counters.state.withLock { $0.measuring = true } }
        let stop = StopFlag()
        let timeout = Duration.milliseconds(Int64(self.timeout * 1000))
        let updates = self.updates
        let limit = commands
        var wall = 0.0
        var storedBefore: UInt64 = 0
        var storedAfter: UInt64 = 0
        var verdict: ServiceOracle.Verdict?
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            try await client.waitUntilConnected(timeout: .seconds(10))
            let js = try JetStream(client: client)
            if !stream.isEmpty { storedBefore = try await js.streamInfo(stream).state.messages }
            try await withThrowingTaskGroup(of: Void.self) { workers in
                for _ in 0..<concurrency {
                    workers.addTask {
                        while !stop.value.load(ordering: .relaxed) {
                            let id = UUID().uuidString.lowercased()
                            for step in 0...updates {
                                if stop.value.load(ordering: .relaxed) { break }
                                if limit > 0, stop.issued.wrappingAdd(1, ordering: .relaxed).oldValue >= limit {
                                    stop.value.store(true, ordering: .relaxed)
                                    break
                                }
                                let (subject, json) = workload.command(step: step, id: id)
                                let start = DispatchTime.now().uptimeNanoseconds
                                let outcome: String
                                do {
                                    let reply = try await client.request(ByteBuffer(string: json), to: subject, timeout: timeout)
                                    outcome = workload.classify(String(buffer: reply.payload), expectedVersion: step + 1)
                                } catch {
                                    outcome = "failure: \(error)"
                                }
                                let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
                                counters.state.withLock { state in
                                    if outcome == "ok" {
                                        state.persistedTotal += 1
                                        state.acknowledged[id] = step + 1
                                    }
                                    guard state.measuring else { return }
                                    if outcome == "ok" {
                                        state.persisted += 1
                                        state.latencies.append(micros)
                                    } else if outcome.hasPrefix("failure") {
                                        if state.failures.count < 10 { state.failures.append(outcome) }
                                        state.errors["failure", default: 0] += 1
                                    } else {
                                        state.errors[outcome, default: 0] += 1
                                    }
                                }
                                if outcome != "ok" { break }
                            }
                        }
                    }
                }
                if limit > 0 {
                    // Measured from the first command (`measuring` was set before the workers began); the
                    // workers stop once `limit` commands were handed out.
                    let start = DispatchTime.now().uptimeNanoseconds
                    try await workers.waitForAll()
                    wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    return
                }
                try await Task.sleep(for: .milliseconds(Int64(warmup * 1000)))
                counters.state.withLock { $0.measuring = true }
                let start = DispatchTime.now().uptimeNanoseconds
                try await Task.sleep(for: .milliseconds(Int64(duration * 1000)))
                counters.state.withLock { $0.measuring = false }
                wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                stop.value.store(true, ordering: .relaxed)
                try await workers.waitForAll()
            }
            if !stream.isEmpty {
                storedAfter = try await js.streamInfo(stream).state.messages
                let acknowledged = counters.state.withLock { $0.acknowledged }
                verdict = try await ServiceOracle.check(js: js, stream: stream, prefix: workload.eventPrefix, acknowledged: acknowledged)
            }
            try await client.drain()
            group.cancelAll()
        }
        let state = counters.state.withLock { $0 }
        var checks = Checks()
        checks.expect(state.persisted > 0, "no command was persisted")
        if commands > 0 {
            checks.expect(state.persistedTotal == commands, abs(commands - state.persistedTotal), "\(state.persistedTotal) of \(commands) commands were answered as persisted")
        }
        checks.expect(state.errors["failure", default: 0] == 0, state.errors["failure", default: 0], "requests failed: \(state.failures.joined(separator: "; "))")
        checks.expect(state.errors["wrong_reply", default: 0] == 0, state.errors["wrong_reply", default: 0], "replies with an unexpected shape or version")
        if !stream.isEmpty {
            let stored = Int(storedAfter - storedBefore)
            checks.expect(stored == state.persistedTotal, abs(stored - state.persistedTotal), "the stream stored \(stored) events, \(state.persistedTotal) commands were answered as persisted")
        }
        if let verdict {
            checks.expect(
                verdict.pass, verdict.lost + verdict.duplicates + verdict.gaps,
                "the oracle failed: \(verdict.lost) versions answered as stored are not in \(stream), \(verdict.duplicates) stored twice, \(verdict.gaps) gaps")
        }
        let sorted = state.latencies.sorted()
        let errorText = state.errors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let fields: [(String, any Sendable)] = [
            ("bench", "service"), ("label", label), ("concurrency", concurrency), ("updates", updates), ("commands", commands),
            ("commands_per_sec", Double(state.persisted) / wall), ("persisted", state.persisted),
            ("p50_us", percentile(sorted, 50)), ("p90_us", percentile(sorted, 90)), ("p99_us", percentile(sorted, 99)), ("p999_us", percentile(sorted, 99.9)),
            ("max_us", sorted.last ?? 0), ("error_codes", errorText), ("stored_total", Int(storedAfter - storedBefore)),
            ("answered_persisted_total", state.persistedTotal),
        ] + (verdict.map { [("oracle", $0.json)] } ?? []) + checks.fields
        print(jsonObject(fields))
        try checks.finish("service")
    }
}
