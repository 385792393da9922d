import ArgumentParser
import BenchKit
import Foundation
import NATS
import NIOCore
import Synchronization
import Wire

/// `cim-bench recovery`: the cold recovery of one long aggregate in a running Person service.
///
/// `--prepare --events N` creates one person and appends UpdateName commands until it has N
/// events, pipelined (`--window` commands in flight, published in order from one task so the
/// service runs them in that order); every reply must be the success shape with the version its
/// command should get, and the stream must have stored exactly N events, the last of them version
/// N. It prints the aggregate's id (alone, or in its JSON line with `--json`).
///
/// `--probe ID --events N` times UpdateName commands on that aggregate, which must have N events:
/// the first reply must be version N+1. Run right after the service started, the first probe
/// includes the aggregate's recovery (snapshot plus replay): the cold latency. Further probes
/// (`--probes`) are warm. Before the first probe, one CreatePerson on a fresh id is sent, so the
/// service's own first-command costs are not counted as recovery.
struct RecoveryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "Prepare a Person aggregate with N events, or time the first command on it (cold recovery).",
        discussion: """
            Either --prepare (prints the new aggregate id) or --probe ID. Every reply is checked: an error \
            reply, a reply with another version than expected, a timeout, or a stored history that does \
            not end at the expected version fails the run (exit 1, with "ok": false and a sentence on \
            standard error).
            """)

    @OptionGroup var server: ServerOptions

    @Flag(help: "Create one person and append UpdateName commands until it has --events events.")
    var prepare = false

    @Option(help: "Time UpdateName commands on this aggregate id (it must have --events events).")
    var probe: String?

    @Option(help: "Events the aggregate gets (--prepare) or has before the probe (--probe).")
    var events = 10_000

    @Option(help: "Commands in flight while preparing.")
    var window = 256

    @Option(help: "UpdateName commands the probe sends, one after another (the first is the cold one).")
    var probes = 1

    @Flag(inversion: .prefixedNo, help: "Send one CreatePerson on a fresh id before the probe.")
    var warmUp = true

    @Option(help: "Reply timeout in seconds (a probe's reply; while preparing, the longest time without any reply).")
    var timeout = 60.0

    @Option(help: "Stream whose stored events are checked (empty: skip the check).")
    var stream = "PERSON_EVENTS"

    func validate() throws {
        guard prepare != (probe != nil) else { throw ValidationError("give either --prepare or --probe ID") }
        if let probe, UUID(uuidString: probe) == nil { throw ValidationError("--probe needs a person id (a UUID), not '\(probe)'") }
        guard events >= 1, events <= 10_000_000 else { throw ValidationError("--events must be 1…10000000") }
        guard window >= 1, window <= 4096 else { throw ValidationError("--window must be 1…4096 (a shard's mailbox holds 4096 commands)") }
        guard probes >= 1, probes <= 1000 else { throw ValidationError("--probes must be 1…1000") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    static let commandSubject = "person.commands.x"

    func run() async throws {
        let configuration = try server.configuration()
        let timeout = Duration.milliseconds(Int64(self.timeout * 1000))
        let line: [(String, any Sendable)]
        var checks = Checks()
        if let probe {
            line = try await NATSClient.withConnection(configuration: configuration) { client in
                try await runProbe(client: client, id: probe.lowercased(), timeout: timeout, checks: &checks)
            }
        } else {
            line = try await NATSClient.withConnection(configuration: configuration) { client in
                try await runPrepare(client: client, timeout: timeout, checks: &checks)
            }
        }
        if server.json {
            print(jsonObject(line + checks.fields))
        } else if prepare {
            // The id alone, for a shell variable.
            print(line.first { $0.0 == "aggregate_id" }.map { "\($0.1)" } ?? "")
        } else {
            print(line.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + (checks.ok ? " ok" : " FAILED"))
        }
        try checks.finish("recovery")
    }

    // MARK: Prepare

    /// What the ordered pipeline saw.
    struct Pipelined: Sendable {
        var answered = 0
        var failure: String?
        var seconds = 0.0
    }

    private enum Side: Sendable {
        case pipeline(Pipelined)
        case stalled
        case stopped
    }

    private func runPrepare(client: NATSClient, timeout: Duration, checks: inout Checks) async throws -> [(String, any Sendable)] {
        let js = try JetStream(client: client)
        let id = UUID().uuidString.lowercased()
        let storedBefore = stream.isEmpty ? 0 : try await js.streamInfo(stream).state.messages
        let start = ContinuousClock.now

        let create = try await client.request(ByteBuffer(string: Self.createJSON(id: id)), to: Self.commandSubject, timeout: timeout)
        let created = Self.classify(create.payload, expectedVersion: 1)
        checks.expect(created == "ok", "CreatePerson for \(id) was answered \(Self.describe(create)) instead of version 1")
        var pipelined = Pipelined()
        if created == "ok", events > 1 {
            pipelined = try await updateInOrder(client: client, id: id, timeout: timeout)
        }
        let seconds = (ContinuousClock.now - start).seconds
        let updates = events - 1
        if let failure = pipelined.failure { checks.fail(failure) }
        checks.expect(
            pipelined.answered == updates || created != "ok", updates - pipelined.answered,
            "\(pipelined.answered) of \(updates) UpdateName commands were answered with their version")

        var stored = -1
        var lastVersion = -1
        if !stream.isEmpty, checks.ok {
            stored = Int(try await js.streamInfo(stream).state.messages - storedBefore)
            checks.expect(stored == events, abs(stored - events), "the stream \(stream) stored \(stored) events while preparing, not \(events)")
            lastVersion = try await Self.lastStoredVersion(js: js, stream: stream, id: id, checks: &checks)
            checks.expect(lastVersion == events, "the last event stored for \(id) is version \(lastVersion), not \(events)")
        }
        return [
            ("bench", "recovery"), ("mode", "prepare"), ("aggregate_id", id), ("events", events), ("window", window),
            ("seconds", seconds), ("commands_per_sec", Double(pipelined.answered + (created == "ok" ? 1 : 0)) / max(seconds, 1e-9)),
            ("stored", stored), ("last_stored_version", lastVersion),
        ]
    }

    /// Sends UpdateName for versions 2…events with `window` in flight, each published from this one
    /// task in order with its own reply subject (`<inbox>.<version>`), and checks every reply.
    private func updateInOrder(client: NATSClient, id: String, timeout: Duration) async throws -> Pipelined {
        let inbox = "_INBOX.recovery.\(UInt64.random(in: 0...UInt64.max))"
        let subscription = try await client.subscribe(to: "\(inbox).*")
        // The SUB is at the server before the first command can be answered.
        try await client.flush()
        let progress = Progress()
        let (events, window) = (self.events, self.window)
        let outcome = try await withThrowingTaskGroup(of: Side.self) { group in
            group.addTask {
                var result = Pipelined()
                let start = ContinuousClock.now
                var next = 2
                func send() async throws {
                    try await client.publish(
                        ByteBuffer(string: Self.updateJSON(id: id, version: next)), to: Self.commandSubject, replyTo: "\(inbox).\(next)")
                    next += 1
                }
                while next <= events, next - 2 < window { try await send() }
                for try await reply in subscription {
                    let subject = String(buffer: reply.subject)
                    guard let dot = subject.lastIndex(of: "."), let version = Int(subject[subject.index(after: dot)...]) else {
                        result.failure = "a reply arrived on an unexpected subject \(subject)"
                        break
                    }
                    guard Self.classify(reply.payload, expectedVersion: version) == "ok" else {
                        result.failure = "the UpdateName that should make version \(version) was answered \(Self.describe(reply))"
                        break
                    }
                    result.answered += 1
                    progress.answered.store(result.answered, ordering: .relaxed)
                    if next <= events { try await send() }
                    if result.answered == events - 1 { break }
                }
                result.seconds = (ContinuousClock.now - start).seconds
                return .pipeline(result)
            }
            group.addTask {
                var seen = -1
                var since = ContinuousClock.now
                do {
                    while true {
                        try await Task.sleep(for: .milliseconds(100))
                        let now = progress.answered.load(ordering: .relaxed)
                        if now != seen {
                            (seen, since) = (now, .now)
                        } else if ContinuousClock.now - since > timeout {
                            return .stalled
                        }
                    }
                } catch is CancellationError {
                    return .stopped
                }
            }
            var outcome = Pipelined()
            var stalled = false
            while let side = try await nextSide(&group) {
                switch side {
                case .pipeline(let result):
                    outcome = result
                    group.cancelAll()
                case .stalled:
                    stalled = true
                    group.cancelAll()
                case .stopped:
                    break
                }
            }
            if stalled {
                outcome.answered = progress.answered.load(ordering: .relaxed)
                outcome.failure = "no reply for \(timeout) after \(outcome.answered) of \(events - 1) UpdateName replies"
            }
            return outcome
        }
        try await subscription.unsubscribe()
        return outcome
    }

    /// The next child's result; the pipeline's cancellation (after a stall) counts as stopped.
    private func nextSide(_ group: inout ThrowingTaskGroup<Side, any Error>) async throws -> Side? {
        do {
            return try await group.next()
        } catch is CancellationError {
            return .stopped
        }
    }

    // MARK: Probe

    private func runProbe(client: NATSClient, id: String, timeout: Duration, checks: inout Checks) async throws -> [(String, any Sendable)] {
        var warmUpMicros = 0.0
        if warmUp {
            let fresh = UUID().uuidString.lowercased()
            let start = ContinuousClock.now
            let reply = try await client.request(ByteBuffer(string: Self.createJSON(id: fresh)), to: Self.commandSubject, timeout: timeout)
            warmUpMicros = (ContinuousClock.now - start).seconds * 1e6
            checks.expect(
                Self.classify(reply.payload, expectedVersion: 1) == "ok",
                "the warm-up CreatePerson for \(fresh) was answered \(Self.describe(reply)) instead of version 1")
        }
        var latencies: [Double] = []
        var firstVersion = -1
        if checks.ok {
            for index in 0..<probes {
                let expected = events + 1 + index
                let start = ContinuousClock.now
                let reply = try await client.request(ByteBuffer(string: Self.updateJSON(id: id, version: expected)), to: Self.commandSubject, timeout: timeout)
                let micros = (ContinuousClock.now - start).seconds * 1e6
                let version = Self.replyVersion(reply.payload)
                if index == 0 { firstVersion = version ?? -1 }
                guard Self.classify(reply.payload, expectedVersion: expected) == "ok" else {
                    checks.fail("probe \(index + 1) on \(id) (which should make version \(expected)) was answered \(Self.describe(reply))")
                    break
                }
                latencies.append(micros)
            }
        }
        var lastVersion = -1
        if !stream.isEmpty, checks.ok {
            let js = try JetStream(client: client)
            lastVersion = try await Self.lastStoredVersion(js: js, stream: stream, id: id, checks: &checks)
            checks.expect(lastVersion == events + probes, "the last event stored for \(id) is version \(lastVersion), not \(events + probes)")
        }
        let warm = latencies.dropFirst().sorted()
        return [
            ("bench", "recovery"), ("mode", "probe"), ("aggregate_id", id), ("events_before", events), ("version", firstVersion),
            ("cold_us", latencies.first ?? 0), ("probes", latencies.count), ("warm_p50_us", percentile(warm, 50)),
            ("warm_max_us", warm.last ?? 0), ("warm_up_us", warmUpMicros), ("last_stored_version", lastVersion),
        ]
    }

    // MARK: Commands and replies

    static func createJSON(id: String) -> String {
        DomainWorkload(domain: .person).create(id: id).json
    }

    /// An UpdateName whose name differs from the one the previous version left (else the service
    /// answers `no_change`): the name carries the version the command makes.
    static func updateJSON(id: String, version: Int) -> String {
        DomainWorkload(domain: .person).update(id: id, variant: version).json
    }

    /// `ok` for the success shape with `expectedVersion`, else the error code or `wrong_reply`.
    static func classify(_ payload: ByteBuffer, expectedVersion: Int) -> String {
        switch DomainWorkload(domain: .person).classify(payload.readableBytesView) {
        case .stored(let version): version == expectedVersion ? "ok" : "wrong_reply"
        case .refused(let code): code
        case .malformed: "wrong_reply"
        }
    }

    /// The `version` of a success reply.
    static func replyVersion(_ payload: ByteBuffer) -> Int? {
        let text = String(buffer: payload)
        guard let start = text.range(of: #""version":"#)?.upperBound else { return nil }
        return Int(text[start...].prefix { $0.isNumber })
    }

    /// A reply for a sentence: its payload, or its status when it has no payload.
    static func describe(_ reply: NATSMessage) -> String {
        if let status = reply.status, reply.payload.readableBytes == 0 { return "with status \(status) and no payload" }
        return String(buffer: reply.payload)
    }

    /// The `sequence` (version) in the envelope of the newest event stored for `id`; -1 (and a
    /// failed check) when that event has none.
    static func lastStoredVersion(js: JetStream, stream: String, id: String, checks: inout Checks) async throws -> Int {
        let message = try await js.getLastMessage(stream: stream, subject: "person.events.\(id).>")
        let text = String(buffer: message.payload)
        guard let start = text.range(of: #""sequence":"#)?.upperBound, let version = Int(text[start...].prefix { $0.isNumber }) else {
            checks.fail("the newest event stored for \(id) (stream sequence \(message.sequence)) has no readable \"sequence\" field")
            return -1
        }
        return version
    }
}

/// Replies the ordered pipeline took so far, for its watchdog.
private final class Progress: Sendable {
    let answered = Atomic<Int>(0)
}
