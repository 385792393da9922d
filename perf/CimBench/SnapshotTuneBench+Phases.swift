import BenchKit
import Foundation
import NATS
import NIOCore
import Wire

extension SnapshotTuneBench {
    /// What the frequencies measured, and the server's version as it announced itself.
    struct Measured: Sendable {
        var rows: [SnapshotTuneRow]
        var serverVersion: String
    }

    /// Sweeps over the frequencies `rounds` times (every other sweep in reverse order, so that a
    /// trend in the machine's load does not favour the first or the last), on one connection to
    /// the server, and makes each frequency's row from its rounds; throws `BenchFailure` at the
    /// first failed check (the caller stops the service).
    func measure(frequencies: [Int], workload: DomainWorkload, stream: String, serverURL: String, service: TunedService) async throws -> Measured {
        let configuration = try server.configuration(overrideURL: serverURL)
        let timeout = Duration.milliseconds(Int64(self.timeout * 1000))
        let (events, aggregates, spreadTails, rounds) = (self.events, self.aggregates, self.spreadTails, self.rounds)
        return try await NATSClient.withConnection(configuration: configuration) { client in
            let js = try JetStream(client: client)
            var samples: [Int: [SnapshotTuneRound]] = [:]
            for round in 0..<rounds {
                for frequency in round % 2 == 0 ? frequencies : frequencies.reversed() {
                    let lengths = SnapshotTunePlan.lengths(events: events, frequency: frequency, aggregates: aggregates, spread: spreadTails)
                    let sample = try await measureOnce(
                        frequency: frequency, lengths: lengths, client: client, js: js, workload: workload, stream: stream, service: service, timeout: timeout)
                    samples[frequency, default: []].append(sample)
                    printError(
                        "cim-bench snapshot-tune: round \(round + 1) of \(rounds), f = \(frequency): \(Int(sample.commandsPerSec.rounded())) commands/s, "
                            + "cold max \(Double(sample.coldUs.max() ?? 0) / 1000) ms, \(sample.snapshotWrites) snapshot writes")
                }
            }
            let rows = frequencies.map { frequency in
                SnapshotTuneRow(
                    frequency: frequency, lengths: SnapshotTunePlan.lengths(events: events, frequency: frequency, aggregates: aggregates, spread: spreadTails),
                    rounds: samples[frequency] ?? [])
            }
            return Measured(rows: rows, serverVersion: client.serverInfo?.version ?? "unknown")
        }
    }

    /// One round at one frequency: start the service with it, build fresh aggregates of `lengths`
    /// events (the write path), wait until the snapshot writes have settled, read what the streams
    /// grew by, crash and restart the service (the cold and warm samples), stop it.
    func measureOnce(
        frequency: Int, lengths: [Int], client: NATSClient, js: JetStream, workload: DomainWorkload, stream: String, service: TunedService,
        timeout: Duration
    ) async throws -> SnapshotTuneRound {
        let snapshotStream = "KV_\(stream)_SNAPSHOTS"
        let first = try service.start(frequency: frequency)
        try await first.waitUntilServing(client: client, subject: workload.create(id: "probe").subject, timeout: max(timeout, .seconds(60)))
        let streamBefore = try await StreamFigures.read(js: js, stream: stream, mayBeMissing: false)
        let snapshotsBefore = try await StreamFigures.read(js: js, stream: snapshotStream, mayBeMissing: true)
        let ids = lengths.map { _ in UUID().uuidString.lowercased() }
        let lanes = Self.lanes(ids: ids, lengths: lengths, events: events)
        let built = try await Self.build(client: client, workload: workload, lanes: lanes, window: window, timeout: timeout)
        let snapshotsAfter =
            frequency == 0
            ? try await StreamFigures.read(js: js, stream: snapshotStream, mayBeMissing: true)
            : try await StreamFigures.settled(js: js, stream: snapshotStream, quiet: .seconds(1), timeout: timeout)
        let streamAfter = try await StreamFigures.read(js: js, stream: stream, mayBeMissing: false)
        let stored = streamAfter.messages - streamBefore.messages
        let expected = lanes.joined().map(\.length).reduce(0, +)
        // On a server of its own the tuner is the only writer; on a user's server others may write too.
        if url == nil ? stored != expected : stored < expected {
            throw BenchFailure("the stream \(stream) grew by \(stored) messages while \(expected) commands were answered as stored (f = \(frequency))")
        }

        let recovered = try await Self.crashAndRecover(
            client: client, workload: workload, ids: ids, lengths: lengths, frequency: frequency, service: service, timeout: timeout)
        try await service.stop()
        var round = SnapshotTuneRound(
            writeLatenciesUs: built.latenciesUs, buildSeconds: built.seconds, coldUs: recovered.coldUs, warmUs: recovered.warmUs,
            restartSeconds: recovered.restartSeconds)
        round.snapshotWrites = snapshotsAfter.lastSequence - snapshotsBefore.lastSequence
        round.snapshotMessages = snapshotsAfter.messages - snapshotsBefore.messages
        round.snapshotBytes = snapshotsAfter.bytes - snapshotsBefore.bytes
        round.streamMessages = stored
        round.streamBytes = streamAfter.bytes - streamBefore.bytes
        return round
    }

    /// What the restart measured.
    struct Recovered: Sendable {
        var restartSeconds: Double
        var coldUs: [UInt64]
        var warmUs: [UInt64]
    }

    /// Kills the service (SIGKILL), starts it again with the same frequency, waits until it
    /// answers, sends one create on a fresh id (so the process's own first-command costs are not
    /// counted), then one update per aggregate, one at a time (the cold sample: it loads the
    /// aggregate), then a second one per aggregate (warm). Every reply must be the version its
    /// command makes.
    static func crashAndRecover(
        client: NATSClient, workload: DomainWorkload, ids: [String], lengths: [Int], frequency: Int, service: TunedService, timeout: Duration
    ) async throws -> Recovered {
        let killed = ContinuousClock.now
        await service.crash()
        let restarted = try service.start(frequency: frequency)
        try await restarted.waitUntilServing(client: client, subject: workload.create(id: "probe").subject, timeout: max(timeout, .seconds(60)))
        let restartSeconds = (ContinuousClock.now - killed).seconds

        let fresh = UUID().uuidString.lowercased()
        _ = try await timedCommand(client: client, workload: workload, command: workload.create(id: fresh), expected: 1, what: "the warm-up create of \(fresh)", timeout: timeout)
        var cold: [UInt64] = []
        for (id, length) in zip(ids, lengths) {
            cold.append(
                try await timedCommand(
                    client: client, workload: workload, command: workload.update(id: id, variant: length + 1), expected: length + 1,
                    what: "the first update of \(id) after the restart", timeout: timeout))
        }
        var warm: [UInt64] = []
        for (id, length) in zip(ids, lengths) {
            warm.append(
                try await timedCommand(
                    client: client, workload: workload, command: workload.update(id: id, variant: length + 2), expected: length + 2,
                    what: "the second update of \(id) after the restart", timeout: timeout))
        }
        return Recovered(restartSeconds: restartSeconds, coldUs: cold, warmUs: warm)
    }

    /// Sends one command and waits for its reply: its latency in microseconds, or a failure unless
    /// the reply is the success shape with version `expected`.
    static func timedCommand(
        client: NATSClient, workload: DomainWorkload, command: (subject: String, json: String), expected: Int, what: String, timeout: Duration
    ) async throws -> UInt64 {
        let start = ContinuousClock.now
        let reply: NATSMessage
        do {
            reply = try await client.request(ByteBuffer(string: command.json), to: command.subject, timeout: timeout)
        } catch let error as NATSClientError {
            throw BenchFailure("\(what) got no reply: \(error)")
        }
        let micros = UInt64(max(0, (ContinuousClock.now - start).seconds * 1e6))
        let outcome = workload.classify(reply.payload.readableBytesView)
        guard outcome == .stored(version: expected) else {
            throw BenchFailure("\(what) (which should make version \(expected)) was answered \(describe(reply))")
        }
        return micros
    }

    /// A reply for a sentence: its payload, or its status when it has no payload.
    static func describe(_ reply: NATSMessage) -> String {
        if let status = reply.status, reply.payload.readableBytes == 0 { return "with status \(status) and no payload" }
        return String(buffer: reply.payload)
    }
}
