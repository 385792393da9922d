import BenchKit
import Foundation
import NATS
import NIOCore
import Synchronization
import Wire

extension SnapshotTuneBench {
    /// What building the aggregates measured: every command's latency (µs) and the wall time from
    /// the first command to the last reply.
    struct Built: Sendable {
        var latenciesUs: [UInt64]
        var seconds: Double
    }

    /// One aggregate of a lane: its id and the events it gets (a create, then updates).
    struct Segment: Sendable {
        var id: String
        var length: Int
    }

    /// The lanes of a build: lane i holds aggregate `ids[i]` with `lengths[i]` events, then, when
    /// that is fewer than `events`, a filler aggregate (a fresh id, never probed) with the rest.
    /// Every lane sends exactly `events` commands, so the load has the same shape at every
    /// frequency although the probed aggregates' lengths differ (a lane that ran dry early would
    /// leave fewer commands in flight and lower the rate of the frequencies with short aggregates).
    static func lanes(ids: [String], lengths: [Int], events: Int) -> [[Segment]] {
        zip(ids, lengths).map { id, length in
            var lane = [Segment(id: id, length: length)]
            if length < events { lane.append(Segment(id: UUID().uuidString.lowercased(), length: events - length)) }
            return lane
        }
    }

    /// A child of the build's task group: a lane built, or the watchdog's verdict.
    private enum Side: Sendable {
        case built([UInt64])
        case stalled(answered: Int)
        case stopped
    }

    /// Builds all lanes at once, each with `window` commands in flight, published in order from
    /// one task per lane (so the service runs each aggregate's commands in that order), each with
    /// its own reply subject. Every reply must be the version its command makes; a wrong reply,
    /// or no reply at all for `timeout`, fails the build.
    static func build(client: NATSClient, workload: DomainWorkload, lanes: [[Segment]], window: Int, timeout: Duration) async throws -> Built {
        let progress = BuildProgress()
        let total = lanes.joined().map(\.length).reduce(0, +)
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: Side.self) { group in
            for (index, lane) in lanes.enumerated() {
                group.addTask {
                    .built(
                        try await buildLane(
                            client: client, workload: workload, segments: lane, inbox: "_INBOX.tune.\(UInt64.random(in: 0...UInt64.max)).\(index)",
                            window: window, progress: progress))
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
                    if built == lanes.count { group.cancelAll() }
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

    /// One lane: each segment's create (version 1) and updates (versions 2…length), in order,
    /// pipelined; reply subject `<inbox>.<position in the lane>`.
    private static func buildLane(
        client: NATSClient, workload: DomainWorkload, segments: [Segment], inbox: String, window: Int, progress: BuildProgress
    ) async throws -> [UInt64] {
        var plan: [(id: String, version: Int)] = []
        for segment in segments where segment.length > 0 {
            for version in 1...segment.length { plan.append((segment.id, version)) }
        }
        guard !plan.isEmpty else { return [] }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(plan.count)
        let subscription = try await client.subscribe(to: "\(inbox).*")
        // The SUB is at the server before the first command can be answered.
        try await client.flush()
        // When each command was sent (nanoseconds since `origin`; 0: not in flight).
        var sentAt = [UInt64](repeating: 0, count: plan.count)
        let origin = ContinuousClock.now
        func elapsed() -> UInt64 { UInt64((ContinuousClock.now - origin).seconds * 1e9) }
        var next = 0
        func send() async throws {
            let (id, version) = plan[next]
            let command = version == 1 ? workload.create(id: id) : workload.update(id: id, variant: version)
            sentAt[next] = max(elapsed(), 1)
            try await client.publish(ByteBuffer(string: command.json), to: command.subject, replyTo: "\(inbox).\(next)")
            next += 1
        }
        while next < plan.count, next < window { try await send() }
        var answered = 0
        for try await reply in subscription {
            let subject = reply.subjectString
            guard let dot = subject.lastIndex(of: "."), let position = Int(subject[subject.index(after: dot)...]), position >= 0, position < plan.count
            else {
                throw BenchFailure("a reply arrived on an unexpected subject \(subject)")
            }
            let (id, version) = plan[position]
            let what = version == 1 ? "the create of \(id)" : "the update of \(id) that should make version \(version)"
            guard sentAt[position] != 0 else { throw BenchFailure("a second reply arrived for \(what)") }
            guard workload.classify(reply.payload.readableBytesView) == .stored(version: version) else {
                throw BenchFailure("\(what) was answered \(describe(reply))")
            }
            latencies.append((elapsed() - sentAt[position]) / 1000)
            sentAt[position] = 0
            answered += 1
            progress.answered.add(1, ordering: .relaxed)
            if next < plan.count { try await send() }
            if answered == plan.count { break }
        }
        try await subscription.unsubscribe()
        guard answered == plan.count else {
            throw BenchFailure("the replies of a lane ended after \(answered) of its \(plan.count) commands")
        }
        return latencies
    }
}

/// Replies the build took so far, for its watchdog.
private final class BuildProgress: Sendable {
    let answered = Atomic<Int>(0)
}
