import ArgumentParser
import NIOCore
import NATS
import Wire

/// `cim-bench request`: sequential request/reply over two connections.
struct RequestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Sequential request/reply latency between a requester and a responder connection.",
        discussion: """
            The responder runs in this process on its own connection. requests_per_sec is the replies \
            divided by the wall time of the whole measured phase. Every request must get a reply of the \
            size sent; a failed request (timeout, no responder) is counted, and any failure gives \
            "ok": false, the number of "errors", sentences on standard error and exit status 1.
            """
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

    /// The measured phase: latencies of the requests that got a reply, counts, wall time.
    private struct Measured: Sendable {
        var latencies: [Double] = []
        var replies = 0
        var failures = 0
        var firstFailure: String?
        var wrongSize = 0
        var warmupFailures = 0
        var wall: Duration = .zero
    }

    func run() async throws {
        let configuration = try server.configuration()
        let subject = "bench.request.\(UInt32.random(in: 0...UInt32.max))"
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let (total, warmup, size, onEventLoop) = (requests, warmup, size, executor == .eventloop)
        let measured = try await NATSClient.withConnection(configuration: configuration) { responder in
            let service = try await responder.subscribe(to: subject)
            try await responder.flush()
            return try await withThrowingTaskGroup(of: Measured?.self) { group in
                group.addTask(executorPreference: onEventLoop ? responder.taskExecutor : nil) {
                    for try await request in service {
                        guard let reply = request.replyToString else { continue }
                        try await responder.publish(request.payload, to: reply)
                    }
                    return nil
                }
                let measured = try await NATSClient.withConnection(configuration: configuration) { requester in
                    await withTaskExecutorPreference(onEventLoop ? requester.taskExecutor : nil) {
                        var measured = Measured()
                        for _ in 0..<warmup {
                            do {
                                _ = try await requester.request(payload, to: subject, timeout: .seconds(5))
                            } catch {
                                measured.warmupFailures += 1
                                if measured.firstFailure == nil { measured.firstFailure = "\(error)" }
                            }
                        }
                        measured.latencies.reserveCapacity(total)
                        let phase = ContinuousClock.now
                        for _ in 0..<total {
                            let start = ContinuousClock.now
                            do {
                                let reply = try await requester.request(payload, to: subject, timeout: .seconds(5))
                                measured.latencies.append((ContinuousClock.now - start).seconds * 1e6)
                                measured.replies += 1
                                if reply.payload.readableBytes != size { measured.wrongSize += 1 }
                            } catch {
                                measured.failures += 1
                                if measured.firstFailure == nil { measured.firstFailure = "\(error)" }
                            }
                        }
                        measured.wall = ContinuousClock.now - phase
                        return measured
                    }
                }
                try await service.unsubscribe()
                try await group.waitForAll()
                return measured
            }
        }
        var checks = Checks()
        checks.expect(
            measured.warmupFailures == 0, measured.warmupFailures,
            "\(measured.warmupFailures) of \(warmup) warm-up requests failed; the first failure: \(measured.firstFailure ?? "?")")
        checks.expect(
            measured.failures == 0, measured.failures,
            "\(measured.failures) of \(total) requests failed (timed out or no responder); the first failure: \(measured.firstFailure ?? "?")")
        checks.expect(measured.wrongSize == 0, measured.wrongSize, "\(measured.wrongSize) replies do not carry the \(size) bytes sent")
        if checks.ok { checks.expect(measured.replies == total, "\(measured.replies) replies to \(total) requests") }
        let sorted = measured.latencies.sorted()
        // Replies per second of wall time over the whole measured phase (as the C peer).
        let elapsed = measured.wall.seconds
        let rate = Double(measured.replies) / max(elapsed, 1e-9)
        if server.json {
            print(
                jsonObject(
                    [
                        ("bench", "request"), ("client", "swift"), ("requests", total), ("size", size), ("executor", executor.rawValue),
                        ("replies", measured.replies), ("failed", measured.failures), ("warmup_failed", measured.warmupFailures),
                        ("p50_us", percentile(sorted, 50)), ("p90_us", percentile(sorted, 90)), ("p99_us", percentile(sorted, 99)),
                        ("p999_us", percentile(sorted, 99.9)), ("max_us", sorted.last ?? 0), ("requests_per_sec", rate),
                        ("elapsed_ms", elapsed * 1000),
                    ] + checks.fields))
        } else {
            print(
                "p50 \(percentile(sorted, 50)) µs, p99 \(percentile(sorted, 99)) µs, \(Int(rate)) req/s, \(measured.replies)/\(total) replies, \(checks.ok ? "ok" : "\(checks.errors) errors")"
            )
        }
        try checks.finish("request")
    }
}
