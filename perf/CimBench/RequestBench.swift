import ArgumentParser
import NIOCore
import NATS
import Wire

/// `cim-bench request`: sequential request/reply over two connections.
struct RequestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Sequential request/reply latency between a requester and a responder connection."
    )

    @OptionGroup var server: ServerOptions

    @Option(help: "Measured requests.")
    var requests = 10_000

    @Option(help: "Payload bytes per request.")
    var size = 128

    @Option(help: "Requests before measuring.")
    var warmup = 1_000

    @Option(help: "Where the requester and responder loops run: eventloop (each on its connection's event loop, no thread hops) or pool (the cooperative pool).")
    var executor: ExecutorChoice = .eventloop

    enum ExecutorChoice: String, ExpressibleByArgument {
        case eventloop
        case pool
    }

    func validate() throws {
        guard requests > 0 else { throw ValidationError("--requests must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard size >= 0, size <= 1024 * 1024 else { throw ValidationError("--size must be between 0 and 1048576") }
    }

    func run() async throws {
        let configuration = try server.configuration()
        let subject = "bench.request.\(UInt32.random(in: 0...UInt32.max))"
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let (total, warmup, onEventLoop) = (requests, warmup, executor == .eventloop)
        let latencies = try await NATSClient.withConnection(configuration: configuration) { responder in
            let service = try await responder.subscribe(to: subject)
            try await responder.flush()
            return try await withThrowingTaskGroup(of: [Double]?.self) { group in
                group.addTask(executorPreference: onEventLoop ? responder.taskExecutor : nil) {
                    for try await request in service {
                        guard let reply = request.replyToString else { continue }
                        try await responder.publish(request.payload, to: reply)
                    }
                    return nil
                }
                let latencies = try await NATSClient.withConnection(configuration: configuration) { requester in
                    try await withTaskExecutorPreference(onEventLoop ? requester.taskExecutor : nil) {
                    for _ in 0..<warmup { _ = try await requester.request(payload, to: subject, timeout: .seconds(5)) }
                    var latencies: [Double] = []
                    latencies.reserveCapacity(total)
                    for _ in 0..<total {
                        let start = ContinuousClock.now
                        _ = try await requester.request(payload, to: subject, timeout: .seconds(5))
                        latencies.append((ContinuousClock.now - start).seconds * 1e6)
                    }
                    return latencies
                    }
                }
                try await service.unsubscribe()
                try await group.waitForAll()
                return latencies
            }
        }
        let sorted = latencies.sorted()
        let elapsed = latencies.reduce(0, +) / 1e6
        let rate = Double(total) / max(elapsed, 1e-9)
        if server.json {
            print(
                jsonObject([
                    ("bench", "request"), ("client", "swift"), ("requests", total), ("size", size), ("executor", executor.rawValue),
                    ("p50_us", percentile(sorted, 50)), ("p90_us", percentile(sorted, 90)), ("p99_us", percentile(sorted, 99)),
                    ("p999_us", percentile(sorted, 99.9)), ("max_us", sorted.last ?? 0), ("requests_per_sec", rate),
                ]))
        } else {
            print("p50 \(percentile(sorted, 50)) µs, p99 \(percentile(sorted, 99)) µs, \(Int(rate)) req/s")
        }
    }
}
