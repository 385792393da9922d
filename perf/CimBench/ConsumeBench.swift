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
            message, all acks the last of each batch, none does not ack. ack_floor is read back from the \
            consumer's info and must equal --msgs when acking.
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

    func run() async throws {
        let configuration = try server.configuration()
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        let (msgs, batch, ack, api, streamName) = (self.msgs, self.batch, self.ack, self.api, self.stream)
        let storage: StorageType = self.storage == "memory" ? .memory : .file
        let (elapsed, received, ackFloor, mallocsPerMessage) = try await NATSClient.withConnection(configuration: configuration) { client in
            let js = try JetStream(client: client, timeout: .seconds(30))
            try? await js.deleteStream(streamName)
            _ = try await js.createStream(StreamConfig(name: streamName, subjects: ["bench.>"], storage: storage))
            let filler = try JetStreamPublisher(client: client, options: .init(window: 1024, ackTimeout: .seconds(30)))
            for _ in 0..<msgs { try await filler.publish(payload, to: "bench.consume") { _ in } }
            try await filler.waitForAcks()
            await filler.close()
            var config = ConsumerConfig(durableName: "bench", filterSubject: "bench.consume", ackPolicy: AckPolicy(rawValue: ack.rawValue))
            config.maxAckPending = max(2 * batch, 1000)
            let consumer = try await js.createConsumer(stream: streamName, config)

            let counting = mallocCounterWorks()
            cim_malloc_counter_reset()
            if counting { cim_malloc_counter_enable() }
            let start = ContinuousClock.now
            var received = 0
            switch api {
            case .fetch:
                while received < msgs {
                    // Never ask for more than is left: the last pull would wait for its expiry.
                    let messages = try await consumer.fetch(batch: min(batch, msgs - received), expires: .seconds(5))
                    guard !messages.isEmpty else { throw ValidationError("a fetch returned nothing after \(received) messages") }
                    received += messages.count
                    if ack != .none { try await consumer.ack(messages) }
                }
            case .consume:
                let sequence = try consumer.messages(batch: batch, expires: .seconds(5))
                var sinceAck = 0
                for try await message in sequence {
                    received += 1
                    sinceAck += 1
                    switch ack {
                    case .explicit: try await message.ack()
                    case .all where sinceAck == batch || received == msgs:
                        try await message.ack()
                        sinceAck = 0
                    default: break
                    }
                    if received == msgs { break }
                }
                await sequence.stop()
            }
            try await client.flush()
            let elapsed = (ContinuousClock.now - start).seconds
            cim_malloc_counter_disable()
            let mallocs = counting ? Double(cim_malloc_counter_count()) / Double(max(received, 1)) : -1
            var floor: UInt64 = 0
            if ack != .none {
                let deadline = ContinuousClock.now + .seconds(2)
                repeat {
                    floor = try await js.consumerInfo(stream: streamName, name: "bench").ackFloor.streamSequence
                    if floor >= UInt64(msgs) { break }
                    try await Task.sleep(for: .milliseconds(20))
                } while ContinuousClock.now < deadline
            }
            try await js.deleteStream(streamName)
            return (elapsed, received, floor, mallocs)
        }
        if ack != .none, ackFloor != UInt64(msgs) {
            throw ValidationError("the consumer's ack floor is \(ackFloor), not \(msgs)")
        }
        let rate = Double(received) / max(elapsed, 1e-9)
        if server.json {
            print(
                jsonObject([
                    ("bench", "consume"), ("client", "swift"), ("api", api.rawValue), ("msgs", msgs), ("size", size),
                    ("batch", batch), ("ack", ack.rawValue), ("storage", self.storage), ("received", received),
                    ("msgs_per_sec", rate), ("elapsed_ms", elapsed * 1000), ("ack_floor", Int(ackFloor)),
                    ("mallocs_per_msg", mallocsPerMessage),
                ]))
        } else {
            print("consume (\(api.rawValue), ack \(ack.rawValue)): \(Int(rate)) msg/s, received \(received), ack floor \(ackFloor)")
        }
    }
}
