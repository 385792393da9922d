import ArgumentParser
import NIOCore
import NATS
import Wire

/// `cim-bench pubsub`: one publisher connection and one subscriber connection through a server.
struct PubSubBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pubsub",
        abstract: "Publish N messages on one connection and receive them on another."
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

    func run() async throws {
        let configuration = try server.configuration()
        let subject = "bench.pubsub.\(UInt32.random(in: 0...UInt32.max))"
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let count = msgs
        let result = try await NATSClient.withConnection(configuration: configuration) { subscriber in
            let subscription = try await subscriber.subscribe(to: subject)
            try await subscriber.flush()
            return try await withThrowingTaskGroup(of: (Int, Duration)?.self) { group in
                group.addTask {
                    var received = 0
                    var first: ContinuousClock.Instant?
                    for try await _ in subscription {
                        if first == nil { first = .now }
                        received += 1
                        if received == count { break }
                    }
                    return (received, first.map { .now - $0 } ?? .zero)
                }
                let publishTime = try await NATSClient.withConnection(configuration: configuration) { publisher in
                    let start = ContinuousClock.now
                    for _ in 0..<count {
                        try await publisher.publish(payload, to: subject)
                    }
                    try await publisher.flush(timeout: .seconds(60))
                    return ContinuousClock.now - start
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(120))
                    return nil
                }
                guard let (received, receiveTime) = try await group.next()! else {
                    throw ValidationError("timed out waiting for messages")
                }
                group.cancelAll()
                try await subscription.unsubscribe()
                return (publishTime, received, receiveTime)
            }
        }
        let (publishTime, received, receiveTime) = result
        let pubRate = Double(count) / max(publishTime.seconds, 1e-9)
        let subRate = Double(received) / max(receiveTime.seconds, 1e-9)
        if server.json {
            print(
                jsonObject([
                    ("bench", "pubsub"), ("client", "swift"), ("msgs", count), ("size", size),
                    ("pub_msgs_per_sec", pubRate), ("sub_msgs_per_sec", subRate), ("sent", count), ("received", received),
                ]))
        } else {
            print("pub \(Int(pubRate)) msg/s, sub \(Int(subRate)) msg/s, received \(received)/\(count)")
        }
        if received != count { throw ExitCode(1) }
    }
}
