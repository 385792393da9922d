import ArgumentParser
import NIOCore
import NATS
import Synchronization
import Wire

/// `cim-bench pubsub`: one publisher connection and one subscriber connection through a server.
struct PubSubBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pubsub",
        abstract: "Publish N messages on one connection and receive them on another.",
        discussion: """
            The subscriber counts what it receives; it must be --msgs, with none dropped. If nothing more \
            arrives for 10 s after the publisher's flush, the run ends with what arrived. A shortfall \
            gives "ok": false, the number of "errors" (missing messages), a sentence on standard error \
            and exit status 1.
            """
    )

    @OptionGroup var server: ServerOptions

    @Option(help: "Messages to publish.")
    var msgs = 1_000_000

    @Option(help: "Payload bytes per message.")
    var size = 128

    func validate() throws {
        guard msgs > 0 else { throw ValidationError("--msgs must be positive") }
        guard size >= 0, size <= 1024 * 1024 else { throw ValidationError("--size must be between 0 and 1048576") }
    }

    /// A child task's result: the subscriber's count and time, or the watchdog's verdict.
    private enum Side: Sendable {
        case subscriber(received: Int, time: Duration)
        case stalled
        case stopped
    }

    func run() async throws {
        let configuration = try server.configuration()
        let subject = "bench.pubsub.\(UInt32.random(in: 0...UInt32.max))"
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let (count, stall) = (msgs, Duration.seconds(10))
        let progress = ReceivedCount()
        let result = try await NATSClient.withConnection(configuration: configuration) { subscriber in
            let subscription = try await subscriber.subscribe(to: subject)
            try await subscriber.flush()
            return try await withThrowingTaskGroup(of: Side.self) { group in
                group.addTask {
                    var received = 0
                    var first: ContinuousClock.Instant?
                    do {
                        for try await _ in subscription {
                            if first == nil { first = .now }
                            received += 1
                            progress.value.store(received, ordering: .relaxed)
                            if received == count { break }
                        }
                    } catch {
                        // Cancelled by the watchdog: report what arrived.
                    }
                    return .subscriber(received: received, time: first.map { .now - $0 } ?? .zero)
                }
                let publishTime = try await NATSClient.withConnection(configuration: configuration) { publisher in
                    let start = ContinuousClock.now
                    for _ in 0..<count {
                        try await publisher.publish(payload, to: subject)
                    }
                    try await publisher.flush(timeout: .seconds(60))
                    return ContinuousClock.now - start
                }
                // Every message is at the server: give up once nothing more arrives for `stall`.
                group.addTask {
                    var seen = -1
                    var since = ContinuousClock.now
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(100))
                        let now = progress.value.load(ordering: .relaxed)
                        if now != seen {
                            (seen, since) = (now, .now)
                        } else if ContinuousClock.now - since > stall {
                            return .stalled
                        }
                    }
                    return .stopped
                }
                var outcome: (received: Int, time: Duration, stalled: Bool) = (0, .zero, false)
                var stalled = false
                while let side = try await group.next() {
                    switch side {
                    case .subscriber(let received, let time):
                        outcome = (received, time, stalled)
                        group.cancelAll()
                    case .stalled:
                        stalled = true
                        group.cancelAll()  // the subscriber returns its count
                    case .stopped:
                        break
                    }
                }
                let dropped = subscription.droppedMessages
                try await subscription.unsubscribe()
                return (publishTime, outcome.received, outcome.time, outcome.stalled, dropped)
            }
        }
        let (publishTime, received, receiveTime, stalled, dropped) = result
        var checks = Checks()
        checks.expect(
            received == count, count - received,
            "received \(received) of \(count) messages\(stalled ? " (nothing more arrived for \(stall))" : ""); \(dropped) dropped by the client as a slow consumer")
        if received == count { checks.expect(dropped == 0, Int(clamping: dropped), "\(dropped) messages dropped by the client as a slow consumer") }
        let pubRate = Double(count) / max(publishTime.seconds, 1e-9)
        let subRate = Double(received) / max(receiveTime.seconds, 1e-9)
        if server.json {
            print(
                jsonObject(
                    [
                        ("bench", "pubsub"), ("client", "swift"), ("msgs", count), ("size", size),
                        ("pub_msgs_per_sec", pubRate), ("sub_msgs_per_sec", subRate), ("sent", count), ("received", received),
                        ("dropped", Int(clamping: dropped)),
                    ] + checks.fields))
        } else {
            print("pub \(Int(pubRate)) msg/s, sub \(Int(subRate)) msg/s, received \(received)/\(count), \(checks.ok ? "ok" : "\(checks.errors) errors")")
        }
        try checks.finish("pubsub")
    }
}

/// The subscriber's count so far, for the watchdog.
private final class ReceivedCount: Sendable {
    let value = Atomic<Int>(0)
}
