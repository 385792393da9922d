import ArgumentParser
import CMallocCounter
import DequeModule
import Dispatch
import NIOCore
import NATS
import Synchronization
import Wire

/// `cim-bench publish`: acknowledged JetStream writes into a fresh stream.
struct PublishBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "JetStream publishing into a fresh stream: sync, async with a window, or atomic batches.",
        discussion: """
            sync: one publish at a time, latency = publish to PubAck.
            async: up to --window publishes in flight; latency = from the publish call (including any \
            wait for window room) to the moment its PubAck is taken.
            batch: atomic batches of --batch messages, --window batches in flight (default 1); latency \
            = one batch from its first message to its commit's PubAck.
            Every publish must get exactly one outcome, an ack (counted as it arrives); no ack may name \
            a publish never sent, a stream sequence outside 1...msgs, or a sequence already acknowledged; \
            `stored` is read back from the stream's info and must equal --msgs. Otherwise the JSON line \
            has "ok": false and the number of "errors", the failures go to standard error, and the exit \
            status is 1.
            """
    )

    @OptionGroup var server: ServerOptions

    enum Mode: String, ExpressibleByArgument {
        case sync, async, batch
    }

    @Option(help: "sync, async or batch.")
    var mode: Mode = .async

    @Option(help: "Publishes in flight (async), or batches in flight (batch; default 1).")
    var window: Int?

    @Option(help: "Messages per atomic batch (batch mode, at most 1000).")
    var batch = 100

    @Option(help: "Payload bytes per message.")
    var size = 128

    @Option(help: "Messages to publish.")
    var msgs = 100_000

    @Option(help: "Stream storage: file or memory.")
    var storage = "file"

    @Option(help: "Stream name (deleted and recreated).")
    var stream = "BENCH"

    @Option(help: "sync and batch modes: where the publishing loop runs: eventloop (the connection's event loop, no thread hops) or pool (the cooperative pool).")
    var executor: ExecutorChoice = .eventloop

    enum ExecutorChoice: String, ExpressibleByArgument {
        case eventloop
        case pool
    }

    enum API: String, ExpressibleByArgument {
        case callback, future
    }

    @Option(help: "async mode: callback (an ack handler per publish, like nats.c's) or future (a PubAckFuture per publish, awaited in order by a second task).")
    var api: API = .callback

    func validate() throws {
        guard msgs > 0 else { throw ValidationError("--msgs must be positive") }
        guard size >= 0, size <= 1024 * 1024 else { throw ValidationError("--size must be between 0 and 1048576") }
        guard storage == "file" || storage == "memory" else { throw ValidationError("--storage must be file or memory") }
        if let window, window < 1 { throw ValidationError("--window must be at least 1") }
        guard batch >= 1, batch <= JetStream.maxAtomicBatchSize else { throw ValidationError("--batch must be between 1 and 1000") }
    }

    func run() async throws {
        let configuration = try server.configuration()
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let (mode, msgs, batch, streamName, api) = (self.mode, self.msgs, self.batch, self.stream, self.api)
        let onEventLoop = executor == .eventloop
        let window = self.window ?? (mode == .batch ? 1 : 1024)
        let storage: StorageType = self.storage == "memory" ? .memory : .file
        // Allocated before the malloc counter starts: the per-index bitmaps and timestamps.
        let ledger = AckLedger(count: msgs, timed: mode == .async && api == .callback)
        let result = try await NATSClient.withConnection(configuration: configuration) { client in
            let js = try JetStream(client: client, timeout: .seconds(30))
            try? await js.deleteStream(streamName)
            var config = StreamConfig(name: streamName, subjects: ["bench.>"], storage: storage)
            if mode == .batch { config.allowAtomic = true }
            _ = try await js.createStream(config)
            let counting = mallocCounterWorks()
            cim_malloc_counter_reset()
            if counting { cim_malloc_counter_enable() }
            let start = ContinuousClock.now
            var latencies: [Double]
            switch mode {
            case .sync:
                latencies = try await withTaskExecutorPreference(onEventLoop ? client.taskExecutor : nil) {
                    try await Self.runSync(js, payload, msgs, ledger)
                }
            case .async:
                latencies =
                    api == .callback
                    ? try await Self.runAsyncCallbacks(client, payload, msgs, window, ledger)
                    : try await Self.runAsync(client, payload, msgs, window, ledger)
            case .batch:
                latencies = try await Self.runBatches(js, payload, msgs, batch, window, ledger, executor: onEventLoop ? client.taskExecutor : nil)
            }
            let elapsed = (ContinuousClock.now - start).seconds
            cim_malloc_counter_disable()
            let mallocs = counting ? Double(cim_malloc_counter_count()) / Double(msgs) : -1
            if latencies.isEmpty { latencies = ledger.latencies() }
            let stored: Result<UInt64, any Error>
            do {
                stored = .success(try await js.streamInfo(streamName).state.messages)
            } catch {
                stored = .failure(error)
            }
            try await js.deleteStream(streamName)
            return (latencies, elapsed, stored, mallocs)
        }
        let (latencies, elapsed, storedResult, mallocsPerMessage) = result
        var checks = Checks()
        ledger.check(&checks, "publishes")
        var stored = -1
        switch storedResult {
        case .success(let messages):
            stored = Int(clamping: messages)
            checks.expect(stored == msgs, "the stream holds \(stored) messages, but \(msgs) were published")
        case .failure(let error):
            checks.fail("the stream's info could not be read back: \(error)")
        }
        let sorted = latencies.sorted()
        let rate = Double(msgs) / max(elapsed, 1e-9)
        if server.json {
            print(
                jsonObject(
                    [
                        ("bench", "publish"), ("client", "swift"), ("mode", mode.rawValue), ("api", mode == .async ? api.rawValue : "-"), ("executor", mode == .async ? "-" : executor.rawValue), ("window", window),
                        ("batch", mode == .batch ? batch : 0), ("size", size), ("msgs", msgs), ("storage", self.storage),
                        ("acknowledged", ledger.acknowledgedCount), ("failed", ledger.failedCount), ("unmatched", ledger.unmatchedCount), ("stored", stored),
                        ("msgs_per_sec", rate), ("p50_us", percentile(sorted, 50)), ("p90_us", percentile(sorted, 90)), ("p99_us", percentile(sorted, 99)),
                        ("max_us", sorted.last ?? 0), ("elapsed_ms", elapsed * 1000), ("mallocs_per_msg", mallocsPerMessage),
                    ] + checks.fields))
        } else {
            print(
                "\(mode.rawValue): \(Int(rate)) msg/s, p50 \(percentile(sorted, 50)) µs, p99 \(percentile(sorted, 99)) µs, acknowledged \(ledger.acknowledgedCount), stored \(stored), \(checks.ok ? "ok" : "\(checks.errors) errors")"
            )
        }
        try checks.finish("publish")
    }

    /// One publish at a time; a failed publish is recorded and the next one goes on.
    private static func runSync(_ js: JetStream, _ payload: ByteBuffer, _ msgs: Int, _ ledger: AckLedger) async throws -> [Double] {
        let publisher = try js.publisher()
        var latencies: [Double] = []
        latencies.reserveCapacity(msgs)
        for index in 0..<msgs {
            let start = ContinuousClock.now
            do {
                let ack = try await publisher.publishAndWait(payload, to: "bench.publish")
                latencies.append((ContinuousClock.now - start).seconds * 1e6)
                ledger.acked(index, ack)
            } catch {
                ledger.failed(index, error)
            }
        }
        return latencies
    }

    /// One task publishes and takes each future's ack, oldest first, as soon as it is known or
    /// when `window` futures are outstanding; the latency runs to that moment.
    private static func runAsync(_ client: NATSClient, _ payload: ByteBuffer, _ msgs: Int, _ window: Int, _ ledger: AckLedger) async throws -> [Double] {
        let publisher = try JetStreamPublisher(client: client, options: .init(window: window, ackTimeout: .seconds(30)))
        var outstanding = Deque<(future: PubAckFuture, start: ContinuousClock.Instant, index: Int)>()
        var latencies: [Double] = []
        latencies.reserveCapacity(msgs)
        func take() async {
            guard let (future, start, index) = outstanding.popFirst() else { return }
            do {
                let ack = try await future.value()
                latencies.append((ContinuousClock.now - start).seconds * 1e6)
                ledger.acked(index, ack)
            } catch {
                ledger.failed(index, error)
            }
        }
        for index in 0..<msgs {
            let start = ContinuousClock.now
            do {
                outstanding.append((try await publisher.publish(payload, to: "bench.publish"), start, index))
            } catch {
                ledger.failed(index, error)
            }
            while let first = outstanding.first, outstanding.count >= window || first.future.result != nil { await take() }
        }
        while !outstanding.isEmpty { await take() }
        await publisher.close()
        return latencies
    }

    /// One task publishes; each ack handler records its publish's outcome (and timestamps it) in
    /// the ledger. Returns no latencies: they are taken from the ledger.
    private static func runAsyncCallbacks(_ client: NATSClient, _ payload: ByteBuffer, _ msgs: Int, _ window: Int, _ ledger: AckLedger) async throws -> [Double] {
        let publisher = try JetStreamPublisher(client: client, options: .init(window: window, ackTimeout: .seconds(30)))
        for index in 0..<msgs {
            ledger.sent(index)
            do {
                try await publisher.publish(payload, to: "bench.publish") { result in
                    ledger.record(index, result)
                }
            } catch {
                // Not sent (or not known to be): the handler is never called.
                ledger.failed(index, error)
            }
        }
        try await publisher.waitForAcks()
        await publisher.close()
        return []
    }

    /// Atomic batches, `window` of them in flight. Batch `b` holds publishes `b * size ..< ...`.
    private static func runBatches(
        _ js: JetStream, _ payload: ByteBuffer, _ msgs: Int, _ size: Int, _ window: Int, _ ledger: AckLedger, executor: (any TaskExecutor)?
    ) async throws -> [Double] {
        let batches = (msgs + size - 1) / size
        let next = BatchCounter()
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<min(window, batches) {
                group.addTask(executorPreference: executor) {
                    var latencies: [Double] = []
                    while true {
                        let index = next.value.add(1, ordering: .relaxed).oldValue
                        guard index < batches else { return latencies }
                        let indexes = (index * size)..<min((index + 1) * size, msgs)
                        let messages = indexes.map { _ in BatchMessage(subject: "bench.publish", payload: payload) }
                        let start = ContinuousClock.now
                        do {
                            let ack = try await js.publishAtomicBatch(messages)
                            latencies.append((ContinuousClock.now - start).seconds * 1e6)
                            ledger.ackedBatch(indexes, ack)
                        } catch {
                            ledger.failed(indexes, "\(error)")
                        }
                    }
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
    }
}

private final class BatchCounter: Sendable {
    let value = Atomic<Int>(0)
}
