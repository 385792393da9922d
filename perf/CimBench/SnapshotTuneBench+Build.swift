import BenchKit
import Foundation
import NATS
import NIOCore
import Synchronization
import Wire

extension SnapshotTuneBench {
    /// What building the aggregates measured: every command's latency (µs, creates and updates)
    /// and the wall time from the first create to the last reply.
    struct Built: Sendable {
        var latenciesUs: [UInt64]
        var seconds: Double
    }

    /// A child of the build's task group: an aggregate built, or the watchdog's verdict.
    private enum Side: Sendable {
        case built([UInt64])
        case stalled(answered: Int)
        case stopped
    }

    /// Builds aggregate `ids[i]` with `lengths[i]` events, all aggregates at once: a create, then
    /// updates with `window` in flight, published in order from one task per aggregate (so the
    /// service runs them in that order), each with its own reply subject. Every reply must be the
    /// version its command makes; a wrong reply, or no reply at all for `timeout`, fails the build.
    static func build(client: NATSClient, workload: DomainWorkload, ids: [String], lengths: [Int], window: Int, timeout: Duration) async throws -> Built {
        let progress = BuildProgress()
        let total = lengths.reduce(0, +)
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: Side.self) { group in
            for (index, (id, length)) in zip(ids, lengths).enumerated() {
                group.addTask {
                    .built(
                        try await buildOne(
                            client: client, workload: workload, id: id, length: length, inbox: "_INBOX.tune.\(UInt64.random(in: 0...UInt64.max)).\(index)",
                            window: window, timeout: timeout, progress: progress))
                }
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
                            return .stalled(answered: now)
                        }
                    }
                } catch is CancellationError {
                    return .stopped
                }
            }
            var latencies: [UInt64] = []
            latencies.reserveCapacity(total)
            var built = 0
            while let side = try await group.next() {
                switch side {
                case .built(let values):
                    latencies += values
                    built += 1
                    if built == ids.count { group.cancelAll() }
                case .stalled(let answered):
                    group.cancelAll()
                    throw BenchFailure("no reply for \(timeout) while building the aggregates, after \(answered) of \(total) commands were answered")
                case .stopped:
                    break
                }
            }
            return latencies
        }
        return Built(latenciesUs: latencies, seconds: (ContinuousClock.now - start).seconds)
    }

    /// One aggregate: its create (waited for), then its updates, versions 2…`length`, pipelined.
    private static func buildOne(
        client: NATSClient, workload: DomainWorkload, id: String, length: Int, inbox: String, window: Int, timeout: Duration, progress: BuildProgress
    ) async throws -> [UInt64] {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(length)
        latencies.append(
            try await timedCommand(client: client, workload: workload, command: workload.create(id: id), expected: 1, what: "the create of \(id)", timeout: timeout))
        progress.answered.add(1, ordering: .relaxed)
        guard length > 1 else { return latencies }

        let subscription = try await client.subscribe(to: "\(inbox).*")
        // The SUB is at the server before the first update can be answered.
        try await client.flush()
        // When each version's command was sent (nanoseconds of the continuous clock; 0: not in flight).
        var sentAt = [UInt64](repeating: 0, count: length + 1)
        let origin = ContinuousClock.now
        func elapsed() -> UInt64 { UInt64((ContinuousClock.now - origin).seconds * 1e9) }
        var next = 2
        func send() async throws {
            let command = workload.update(id: id, variant: next)
            sentAt[next] = max(elapsed(), 1)
            try await client.publish(ByteBuffer(string: command.json), to: command.subject, replyTo: "\(inbox).\(next)")
            next += 1
        }
        while next <= length, next - 2 < window { try await send() }
        var answered = 0
        for try await reply in subscription {
            let subject = reply.subjectString
            guard let dot = subject.lastIndex(of: "."), let version = Int(subject[subject.index(after: dot)...]), version >= 2, version <= length else {
                throw BenchFailure("a reply for \(id) arrived on an unexpected subject \(subject)")
            }
            guard sentAt[version] != 0 else { throw BenchFailure("a second reply arrived for the update of \(id) that should make version \(version)") }
            guard workload.classify(reply.payload.readableBytesView) == .stored(version: version) else {
                throw BenchFailure("the update of \(id) that should make version \(version) was answered \(describe(reply))")
            }
            latencies.append((elapsed() - sentAt[version]) / 1000)
            sentAt[version] = 0
            answered += 1
            progress.answered.add(1, ordering: .relaxed)
            if next <= length { try await send() }
            if answered == length - 1 { break }
        }
        try await subscription.unsubscribe()
        guard answered == length - 1 else {
            throw BenchFailure("the replies for \(id) ended after \(answered) of its \(length - 1) updates")
        }
        return latencies
    }
}

/// Replies the build took so far, for its watchdog.
private final class BuildProgress: Sendable {
    let answered = Atomic<Int>(0)
}
