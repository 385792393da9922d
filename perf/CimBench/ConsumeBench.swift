#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CMallocCounter
import NIOCore
import NATS
import Wire

/// `cim-bench consume`: a durable pull consumer reading a filled stream.
struct ConsumeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "JetStream pull consumer throughput: fetch (or consume) batches from a filled stream and acknowledge them.",
        discussion: """
            The stream is deleted, recreated and filled with --msgs messages (not timed). Then a durable \
            pull consumer reads them all: --api fetch pulls --batch messages at a time, --api consume \
            iterates the continuous sequence (credit --batch, re-pull at half). --ack explicit acks each \
            message, all acks the last of each batch, none does not ack. Before timing, every fill publish \
            must be acknowledged exactly once and the stream must hold exactly --msgs messages. While \
            timing, every delivery is counted and each stream sequence 1...msgs must arrive exactly once \
            (a fetch cut short by an error counts as an error). ack_floor is read back from the \
            consumer's info in every ack mode (with none the server moves it on delivery) and must equal \
            --msgs. A failed check: "ok": false, the number of "errors", sentences on standard error, \
            exit status 1.
            """
    )

    @OptionGroup var server: ServerOptions

    enum AckMode: String, ExpressibleByArgument {
        case explicit, all, none
    }

    enum API: String, ExpressibleByArgument {
        case fetch, consume
    }

    @Option(help: "Messages to fill and read.")
    var msgs = 100_000

    @Option(help: "Payload bytes per message.")
    var size = 128

    @Option(help: "Messages per pull.")
    var batch = 1024

    @Option(help: "explicit, all or none.")
    var ack: AckMode = .explicit

    @Option(help: "fetch (one pull per batch) or consume (the continuous sequence).")
    var api: API = .fetch

    @Option(help: "Stream storage: file or memory.")
    var storage = "file"

    @Option(help: "Stream name (deleted and recreated).")
    var stream = "BENCH"

    func validate() throws {
        guard msgs > 0 else { throw ValidationError("--msgs must be positive") }
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        guard size >= 0, size <= 1024 * 1024 else { throw ValidationError("--size must be between 0 and 1048576") }
        guard storage == "file" || storage == "memory" else { throw ValidationError("--storage must be file or memory") }
    }

    /// What a run found; `timed` is false when the fill failed its checks and nothing was read.
    private struct Outcome {
        var checks = Checks()
        var stored = -1
        var timed = false
        var elapsed = 0.0
        var received = 0
        var ackFloor: UInt64 = 0
        var ackPending = -1
        var mallocsPerMessage = -1.0
    }

    func run() async throws {
        let configuration = try server.configuration()
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let (msgs, batch, ack, api, streamName) = (self.msgs, self.batch, self.ack, self.api, self.stream)
        let storage: StorageType = self.storage == "memory" ? .memory : .file
        // Allocated before anything is counted: fill outcomes by index, deliveries by stream sequence.
        let fill = AckLedger(count: msgs, timed: false)
        let deliveries = Tally(count: msgs)
        let outcome = try await NATSClient.withConnection(configuration: configuration) { client -> Outcome in
            var outcome = Outcome()
            let js = try JetStream(client: client, timeout: .seconds(30))
            try? await js.deleteStream(streamName)
            _ = try await js.createStream(StreamConfig(name: streamName, subjects: ["bench.>"], storage: storage))

            // The fill (not timed): every publish acknowledged once, then exactly N messages stored.
            let filler = try JetStreamPublisher(client: client, options: .init(window: 1024, ackTimeout: .seconds(30)))
            for index in 0..<msgs {
                do {
                    try await filler.publish(payload, to: "bench.consume") { result in fill.record(index, result) }
                } catch {
                    fill.failed(index, error)
                }
            }
            try await filler.waitForAcks()
            await filler.close()
            fill.check(&outcome.checks, "fill publishes")
            do {
                outcome.stored = Int(clamping: try await js.streamInfo(streamName).state.messages)
                outcome.checks.expect(outcome.stored == msgs, "after filling, the stream holds \(outcome.stored) messages, not \(msgs)")
            } catch {
                outcome.checks.fail("the stream's info could not be read back after filling: \(error)")
            }
            guard outcome.checks.ok else {
                try? await js.deleteStream(streamName)
                return outcome
            }

            var config = ConsumerConfig(durableName: "bench", filterSubject: "bench.consume", ackPolicy: AckPolicy(rawValue: ack.rawValue))
            config.maxAckPending = max(2 * batch, 1000)
            let consumer = try await js.createConsumer(stream: streamName, config)

            // Timed: every delivery is counted and its stream sequence ticked off.
            var received = 0
            var outside = 0  // deliveries with a stream sequence outside 1...msgs
            var firstOutside: UInt64 = 0
            var cutShort = 0  // fetches that ended early with an error
            var firstCut: JetStreamError?
            var ackFailures = 0
            var firstAckFailure: (any Error)?
            var stopped: String?  // why reading ended before msgs deliveries
            let counting = mallocCounterWorks()
            cim_malloc_counter_reset()
            if counting { cim_malloc_counter_enable() }
            let start = ContinuousClock.now
            switch api {
            case .fetch:
                while received < msgs {
                    let messages: PullBatch
                    do {
                        // Never ask for more than is left: the last pull would wait for its expiry.
                        messages = try await consumer.fetch(batch: min(batch, msgs - received), expires: .seconds(5))
                    } catch {
                        stopped = "a fetch failed after \(received) messages: \(error)"
                        break
                    }
                    guard !messages.isEmpty else {
                        stopped = "a fetch returned nothing after \(received) messages"
                        break
                    }
                    for message in messages {
                        received += 1
                        let sequence = message.metadata.streamSequence
                        if sequence == 0 || !deliveries.hit(Int(clamping: sequence) - 1) {
                            if outside == 0 { firstOutside = sequence }
                            outside += 1
                        }
                    }
                    if let error = messages.error {
                        cutShort += 1
                        if firstCut == nil { firstCut = error }
                    }
                    if ack != .none {
                        do {
                            try await consumer.ack(messages)
                        } catch {
                            ackFailures += 1
                            if firstAckFailure == nil { firstAckFailure = error }
                        }
                    }
                }
            case .consume:
                let sequence = try consumer.messages(batch: batch, expires: .seconds(5))
                var sinceAck = 0
                do {
                    for try await message in sequence {
                        received += 1
                        sinceAck += 1
                        let streamSequence = message.metadata.streamSequence
                        if streamSequence == 0 || !deliveries.hit(Int(clamping: streamSequence) - 1) {
                            if outside == 0 { firstOutside = streamSequence }
                            outside += 1
                        }
                        do {
                            switch ack {
                            case .explicit: try await message.ack()
                            case .all where sinceAck == batch || received == msgs:
                                try await message.ack()
                                sinceAck = 0
                            default: break
                            }
                        } catch {
                            ackFailures += 1
                            if firstAckFailure == nil { firstAckFailure = error }
                        }
                        if received == msgs { break }
                    }
                    if received < msgs { stopped = "the message sequence ended after \(received) messages" }
                } catch {
                    stopped = "the message sequence failed after \(received) messages: \(error)"
                }
                await sequence.stop()
            }
            do {
                try await client.flush()
            } catch {
                ackFailures += 1
                if firstAckFailure == nil { firstAckFailure = error }
            }
            outcome.elapsed = (ContinuousClock.now - start).seconds
            cim_malloc_counter_disable()
            outcome.mallocsPerMessage = counting ? Double(cim_malloc_counter_count()) / Double(max(received, 1)) : -1
            outcome.timed = true
            outcome.received = received

            // The server applies acks asynchronously: give the ack floor up to 2 s to settle. It is
            // read in every ack mode (with none, the server moves it on delivery).
            do {
                let deadline = ContinuousClock.now + .seconds(2)
                repeat {
                    let info = try await js.consumerInfo(stream: streamName, name: "bench")
                    (outcome.ackFloor, outcome.ackPending) = (info.ackFloor.streamSequence, info.ackPending)
                    if outcome.ackFloor >= UInt64(msgs) { break }
                    try await Task.sleep(for: .milliseconds(20))
                } while ContinuousClock.now < deadline
            } catch {
                outcome.checks.fail("the consumer's info could not be read back: \(error)")
            }
            try await js.deleteStream(streamName)

            var checks = outcome.checks
            if let stopped { checks.fail(stopped) }
            checks.expect(cutShort == 0, cutShort, "\(cutShort) fetches were cut short by an error; the first: \(firstCut.map { "\($0)" } ?? "?")")
            checks.expect(ackFailures == 0, ackFailures, "\(ackFailures) acks (or the final flush) failed; the first: \(firstAckFailure.map { "\($0)" } ?? "?")")
            let bySequence = deliveries.summary()
            checks.expect(outside == 0, outside, "\(outside) deliveries carry a stream sequence outside 1...\(msgs) (the first: \(firstOutside))")
            checks.expect(
                bySequence.extra == 0, bySequence.extra,
                "\(bySequence.extra) deliveries repeat a stream sequence already received (the first: \((bySequence.firstExtra ?? 0) + 1))")
            checks.expect(
                bySequence.missing == 0, bySequence.missing,
                "\(bySequence.missing) of the stream sequences 1...\(msgs) were never received (the first: \((bySequence.firstMissing ?? 0) + 1))")
            if checks.ok { checks.expect(received == msgs, "\(received) messages received, not \(msgs)") }
            checks.expect(
                outcome.ackFloor == UInt64(msgs),
                "the consumer's ack floor is \(outcome.ackFloor) (\(outcome.ackPending) acks pending) 2 s after the last ack, not \(msgs)")
            outcome.checks = checks
            return outcome
        }
        let rate = Double(outcome.received) / max(outcome.elapsed, 1e-9)
        if server.json {
            print(
                jsonObject(
                    [
                        ("bench", "consume"), ("client", "swift"), ("api", api.rawValue), ("msgs", msgs), ("size", size),
                        ("batch", batch), ("ack", ack.rawValue), ("storage", self.storage),
                        ("fill_acknowledged", fill.acknowledgedCount), ("stored", outcome.stored), ("received", outcome.received),
                        ("msgs_per_sec", rate), ("elapsed_ms", outcome.elapsed * 1000), ("ack_floor", Int(clamping: outcome.ackFloor)),
                        ("num_ack_pending", outcome.ackPending), ("mallocs_per_msg", outcome.mallocsPerMessage),
                    ] + outcome.checks.fields))
        } else {
            print(
                "consume (\(api.rawValue), ack \(ack.rawValue)): \(Int(rate)) msg/s, received \(outcome.received), ack floor \(outcome.ackFloor), \(outcome.checks.ok ? "ok" : "\(outcome.checks.errors) errors")"
            )
        }
        if !outcome.timed { printError("cim-bench consume: the fill failed its checks; nothing was read or timed") }
        try outcome.checks.finish("consume")
    }
}
