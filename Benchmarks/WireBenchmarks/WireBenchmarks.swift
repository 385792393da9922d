import Benchmark
import NIOCore
import Wire

/// Micro benchmarks of the wire decoder, gated on allocation counts (deterministic on any machine).
///
/// Names carry no spaces or slashes: the benchmark tool writes static thresholds under a name with
/// those replaced by underscores but reads them under the original name, so a name with a space
/// never finds its thresholds.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal, .throughput, .wallClock],
        // Steady-state decoding allocates nothing: any allocation is a regression.
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])]
    )

    // The control: exactly 1000 allocations per iteration, gated at 1000. If the malloc counter is
    // not loaded, every benchmark reads 0; the zero thresholds would pass, and this one fails.
    Benchmark("control-allocates-1000", configuration: .init(scalingFactor: .one)) { benchmark in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for index in 0..<1000 {
                blackHole(Allocation(index))
            }
        }
    }

    Benchmark("decode-1000-MSG-128B", configuration: .init(scalingFactor: .one)) { benchmark in
        let stream = makeStream(frames: 1000, headers: false)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try decodeAll(stream))
        }
    }

    Benchmark("decode-1000-HMSG-2-headers-128B", configuration: .init(scalingFactor: .one)) { benchmark in
        let stream = makeStream(frames: 1000, headers: true)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try decodeAll(stream))
        }
    }

    Benchmark("encode-1000-PUB-128B", configuration: .init(scalingFactor: .one)) { benchmark in
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: 128)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256 * 1000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.clear()
            for _ in 0..<1000 {
                buffer.writePublish(subject: "person.events.created", replyTo: "_INBOX.abcdefghijklmnopqrstu.9", payload: payload)
            }
            blackHole(buffer.readableBytes)
        }
    }
}

/// One heap object per instance: the control benchmark's unit of allocation.
private final class Allocation {
    let value: Int
    init(_ value: Int) { self.value = value }
}

private func makeStream(frames: Int, headers: Bool) -> ByteBuffer {
    var block = ByteBuffer()
    var fields = NATSHeaderFields()
    fields.append("Nats-Msg-Id", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
    fields.append("Nats-Expected-Last-Subject-Sequence", "4096")
    block.writeHeaderBlock(fields)
    var stream = ByteBuffer()
    let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: 128)
    for sid in 0..<frames {
        stream.writeServerMessage(
            subject: "person.commands.create",
            sid: UInt64(sid % 64 + 1),
            replyTo: "_INBOX.abcdefghijklmnopqrstu.9",
            headers: headers ? block : nil,
            payload: payload
        )
    }
    return stream
}

private func decodeAll(_ stream: ByteBuffer) throws -> Int {
    var decoder = NATSDecoder()
    var buffer = stream
    var count = 0
    while let op = try decoder.decode(buffer: &buffer) {
        if case .msg = op { count += 1 }
    }
    return count
}
