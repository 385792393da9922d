#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import BenchKit
import Dispatch
import Foundation
import NATS
import Synchronization

/// Options shared by the benchmarks that talk to a server: the URL, and the same authentication
/// and TLS flags and variables as the services (secrets, NATS_PASSWORD and NATS_TOKEN, from the
/// environment only: argv is visible to every user of the machine).
struct ServerOptions: ParsableArguments {
    @Option(help: "NATS server URL (loopback only for load tests). Default: $NATS_URL or nats://127.0.0.1:4222.")
    var url: String?

    @Option(name: .customLong("creds-file"), help: "NATS credentials file (NATS_CREDS_FILE).")
    var credentialsFile: String?

    @Option(name: .customLong("nkey-seed-file"), help: "NKey seed file (NATS_NKEY_SEED_FILE).")
    var nkeySeedFile: String?

    @Option(name: .customLong("tls-ca"), help: "CA certificate to verify the server (NATS_TLS_CA).")
    var tlsCA: String?

    @Option(name: .customLong("tls-cert"), help: "Client certificate (NATS_TLS_CERT).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "Client key (NATS_TLS_KEY).")
    var tlsKey: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    /// The URL the caller gave (`--url`, else `$NATS_URL`), nil when none was.
    var explicitURL: String? { url ?? environment("NATS_URL") }

    /// The flags as the services' environment variables, for a service cim-bench starts against
    /// the same server (secrets stay in the inherited environment).
    var serviceEnvironment: [String: String] {
        var variables: [String: String] = [:]
        if let credentialsFile { variables["NATS_CREDS_FILE"] = credentialsFile }
        if let nkeySeedFile { variables["NATS_NKEY_SEED_FILE"] = nkeySeedFile }
        if let tlsCA { variables["NATS_TLS_CA"] = tlsCA }
        if let tlsCertificate { variables["NATS_TLS_CERT"] = tlsCertificate }
        if let tlsKey { variables["NATS_TLS_KEY"] = tlsKey }
        return variables
    }

    /// The client configuration: the environment's (NATS_USER, NATS_CREDS_FILE, …) with the
    /// flags on top; `overrideURL` (a server cim-bench started) wins over both.
    func configuration(overrideURL: String? = nil) throws -> NATSClientConfiguration {
        var variables = ProcessInfo.processInfo.environment
        variables["NATS_URL"] = overrideURL ?? explicitURL ?? "nats://127.0.0.1:4222"
        variables.merge(serviceEnvironment) { _, flag in flag }
        do {
            var configuration = try NATSClientConfiguration.fromEnvironment(variables)
            configuration.maxReconnectAttempts = 0
            configuration.name = "cim-bench"
            return configuration
        } catch {
            throw ValidationError("cannot connect as configured: \(error)")
        }
    }
}

/// Nearest-rank percentile of sorted values.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

/// A JSON object from ordered key/value pairs (numbers, strings, booleans).
func jsonObject(_ pairs: [(String, any Sendable)]) -> String {
    let fields = pairs.map { key, value -> String in
        switch value {
        case let text as String: "\"\(key)\":\"\(text)\""
        case let number as Double: "\"\(key)\":\((number * 100).rounded() / 100)"
        default: "\"\(key)\":\(value)"
        }
    }
    return "{" + fields.joined(separator: ",") + "}"
}

/// Writes one line to standard error.
func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}

#if canImport(Glibc)
import Glibc
#endif

/// The checks of one run: each failed check adds its count to `errors` and a sentence for
/// standard error. The JSON line is printed either way, with `ok` and `errors`; a failed run
/// then exits non-zero.
struct Checks {
    private(set) var errors = 0
    private(set) var sentences: [String] = []

    var ok: Bool { errors == 0 }

    /// Records a failure that counts `count` errors (at least one).
    mutating func fail(_ count: Int, _ sentence: String) {
        errors += max(count, 1)
        sentences.append(sentence)
    }

    mutating func fail(_ sentence: String) { fail(1, sentence) }

    mutating func expect(_ condition: Bool, _ count: Int, _ sentence: @autoclosure () -> String) {
        if !condition { fail(count, sentence()) }
    }

    mutating func expect(_ condition: Bool, _ sentence: @autoclosure () -> String) {
        if !condition { fail(1, sentence()) }
    }

    /// `ok` and `errors`, for the JSON line.
    var fields: [(String, any Sendable)] { [("ok", ok), ("errors", errors)] }

    /// Prints the failures to standard error, then throws `ExitCode(1)` if there were any.
    func finish(_ bench: String) throws {
        guard !ok else { return }
        for sentence in sentences { printError("cim-bench \(bench): FAILED: \(sentence)") }
        printError("cim-bench \(bench): \(errors) error(s); the figures printed are not valid")
        throw ExitCode(1)
    }
}

/// One small counter per index (saturating at 255), without locks: during a run each index is
/// written by one writer at a time, and the counters are read only after the writers are done
/// (after `waitForAcks`, or after the tasks have joined). No allocation per hit.
final class Tally: @unchecked Sendable {
    private let counts: UnsafeMutableBufferPointer<UInt8>

    init(count: Int) {
        counts = .allocate(capacity: count)
        counts.initialize(repeating: 0)
    }

    deinit { counts.deallocate() }

    var count: Int { counts.count }

    /// Counts one hit of `index`; false (nothing counted) when it is out of range.
    @inline(__always)
    func hit(_ index: Int) -> Bool {
        guard index >= 0, index < counts.count else { return false }
        let value = counts[index]
        if value < .max { counts[index] = value &+ 1 }
        return true
    }

    /// Indexes never hit, hits beyond the first of an index, and the first index of each kind.
    func summary() -> (missing: Int, extra: Int, firstMissing: Int?, firstExtra: Int?) {
        var missing = 0
        var extra = 0
        var firstMissing: Int?
        var firstExtra: Int?
        for index in 0..<counts.count {
            let value = Int(counts[index])
            if value == 0 {
                missing += 1
                if firstMissing == nil { firstMissing = index }
            } else if value > 1 {
                extra += value - 1
                if firstExtra == nil { firstExtra = index }
            }
        }
        return (missing, extra, firstMissing, firstExtra)
    }
}

/// What came back for `count` publishes into a fresh stream: one outcome per publish index, and
/// the stream sequences the acks name (a fresh stream stores them as 1...count). Optionally the
/// send and ack instants per index, for latencies. Counting allocates nothing; only a failure's
/// description does.
final class AckLedger: @unchecked Sendable {
    let count: Int
    /// Outcomes (ack or failure) by publish index.
    private let outcomes: Tally
    /// Acks by stream sequence - 1.
    private let sequences: Tally
    private let acknowledged = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    /// Acks that name no publish: an index or sequence outside 1...count, or a duplicate.
    private let unmatched = Atomic<Int>(0)
    private let firstFailure = Mutex<String?>(nil)
    private let firstUnmatched = Mutex<String?>(nil)
    private let sentAt: UnsafeMutableBufferPointer<UInt64>?
    private let ackedAt: UnsafeMutableBufferPointer<UInt64>?

    init(count: Int, timed: Bool) {
        self.count = count
        outcomes = Tally(count: count)
        sequences = Tally(count: count)
        if timed {
            let sent = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
            let acked = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
            sent.initialize(repeating: 0)
            acked.initialize(repeating: 0)
            (sentAt, ackedAt) = (sent, acked)
        } else {
            (sentAt, ackedAt) = (nil, nil)
        }
    }

    deinit {
        sentAt?.deallocate()
        ackedAt?.deallocate()
    }

    /// Timestamps the send of `index` (timed ledgers).
    @inline(__always)
    func sent(_ index: Int) {
        if let sentAt, index >= 0, index < count { sentAt[index] = DispatchTime.now().uptimeNanoseconds }
    }

    /// The outcome of publish `index` (an ack handler's argument).
    @inline(__always)
    func record(_ index: Int, _ result: Result<PubAck, JetStreamError>) {
        switch result {
        case .success(let ack): acked(index, ack)
        case .failure(let error): failed(index, error)
        }
    }

    /// Publish `index` was acknowledged with `ack`.
    @inline(__always)
    func acked(_ index: Int, _ ack: PubAck) {
        if let ackedAt, index >= 0, index < count { ackedAt[index] = DispatchTime.now().uptimeNanoseconds }
        guard outcomes.hit(index) else { return unmatchedAck("an ack for publish #\(index + 1), which was never sent") }
        acknowledged.add(1, ordering: .relaxed)
        let sequence = ack.sequence
        if ack.duplicate { return unmatchedAck("the ack of publish #\(index + 1) is marked duplicate (sequence \(sequence))") }
        guard sequence >= 1, sequences.hit(Int(sequence) - 1) else {
            return unmatchedAck("the ack of publish #\(index + 1) names sequence \(sequence), outside 1...\(count)")
        }
    }

    /// An atomic batch holding publishes `indexes` was committed with `ack` (whose sequence is
    /// the batch's last message's and whose count is the number stored).
    func ackedBatch(_ indexes: Range<Int>, _ ack: PubAck) {
        guard ack.count == indexes.count else {
            return failed(indexes, "a batch of \(indexes.count) (publishes #\(indexes.lowerBound + 1)...) was acknowledged with count \(ack.count.map { "\($0)" } ?? "none")")
        }
        var inRange = true
        for index in indexes { inRange = outcomes.hit(index) && inRange }
        guard inRange else { return unmatchedAck("an ack for publishes \(indexes), some never sent") }
        acknowledged.add(indexes.count, ordering: .relaxed)
        let last = Int(clamping: ack.sequence)
        let first = last - indexes.count + 1
        if ack.duplicate { return unmatchedAck("the ack of the batch of publishes #\(indexes.lowerBound + 1)... is marked duplicate") }
        guard first >= 1, last <= count else {
            return unmatchedAck("the ack of the batch of publishes #\(indexes.lowerBound + 1)... names sequences \(first)...\(last), outside 1...\(count)")
        }
        for sequence in first...last { _ = sequences.hit(sequence - 1) }
    }

    func failed(_ index: Int, _ error: any Error) {
        failed(index..<(index + 1), "\(error)")
    }

    /// Publishes `indexes` failed (each is an outcome, and an error).
    func failed(_ indexes: Range<Int>, _ description: String) {
        for index in indexes { _ = outcomes.hit(index) }
        failures.add(indexes.count, ordering: .relaxed)
        firstFailure.withLock { $0 = $0 ?? description }
    }

    private func unmatchedAck(_ description: String) {
        unmatched.add(1, ordering: .relaxed)
        firstUnmatched.withLock { $0 = $0 ?? description }
    }

    /// Acknowledged publishes so far (messages, for batches).
    var acknowledgedCount: Int { acknowledged.load(ordering: .relaxed) }
    var failedCount: Int { failures.load(ordering: .relaxed) }
    var unmatchedCount: Int { unmatched.load(ordering: .relaxed) }

    /// Checks, once every outcome is in, that each publish had exactly one outcome and it was an
    /// ack, that no ack names something never sent, and that no stream sequence is named twice.
    /// With `count` acks, each in 1...count and none repeated, every sequence is covered.
    /// `what` names the publishes in the sentences ("publishes", "fill publishes").
    func check(_ checks: inout Checks, _ what: String) {
        let byIndex = outcomes.summary()
        let bySequence = sequences.summary()
        let failed = failedCount
        let unmatched = unmatchedCount
        checks.expect(failed == 0, failed, "\(failed) of \(count) \(what) failed; the first: \(firstFailure.withLock { $0 ?? "?" })")
        checks.expect(
            byIndex.missing == 0, byIndex.missing,
            "\(byIndex.missing) of \(count) \(what) got no outcome at all (the first: #\((byIndex.firstMissing ?? 0) + 1))")
        checks.expect(
            byIndex.extra == 0, byIndex.extra,
            "\(byIndex.extra) outcomes beyond the first for \(what) (the first such: #\((byIndex.firstExtra ?? 0) + 1))")
        checks.expect(unmatched == 0, unmatched, "\(unmatched) acks match no publish; the first: \(firstUnmatched.withLock { $0 ?? "?" })")
        checks.expect(
            bySequence.extra == 0, bySequence.extra,
            "\(bySequence.extra) acks name a stream sequence already acknowledged (the first: \((bySequence.firstExtra ?? 0) + 1))")
        // Implied by the checks above; counted only if they all passed (so nothing is counted twice).
        if checks.ok {
            checks.expect(acknowledgedCount == count, "\(acknowledgedCount) of \(count) \(what) acknowledged")
            checks.expect(bySequence.missing == 0, bySequence.missing, "\(bySequence.missing) stream sequences in 1...\(count) were never acknowledged")
        }
    }

    /// Latencies in µs by publish index (timed ledgers, after every outcome is in); failed
    /// publishes are left out.
    func latencies() -> [Double] {
        guard let sentAt, let ackedAt else { return [] }
        var result: [Double] = []
        result.reserveCapacity(count)
        for index in 0..<count where ackedAt[index] != 0 && sentAt[index] != 0 {
            result.append(Double(ackedAt[index] &- sentAt[index]) / 1000)
        }
        return result
    }
}

/// A report `cim-bench service` and `cim-bench chaos` print as a table or JSON and write as
/// Markdown.
protocol PrintedReport: JSONLineReport {
    var table: String { get }
    var markdownDocument: String { get }
    var ok: Bool { get }
    var failures: [String] { get }
}

extension LoadReport: PrintedReport {
    var markdownDocument: String { markdown() }
}

extension ChaosReport: PrintedReport {
    var markdownDocument: String { markdown() }
}

/// Prints `report` (its table, or one JSON line), writes its Markdown to `markdown`, and exits 1
/// with each failure on standard error when it failed.
func emit(_ report: some PrintedReport, command: String, json: Bool, markdown: String?) throws {
    print(json ? try report.jsonLine() : report.table)
    if let markdown {
        do {
            try report.markdownDocument.write(toFile: markdown, atomically: true, encoding: .utf8)
        } catch {
            throw BenchFailure("cannot write the Markdown report to \(markdown): \(error)")
        }
    }
    guard report.ok else {
        for failure in report.failures { printError("cim-bench \(command): FAILED: \(failure)") }
        throw ExitCode(1)
    }
}
