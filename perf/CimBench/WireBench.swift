import ArgumentParser
import CMallocCounter
import NIOCore
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// `cim-bench wire`: decoder throughput against a memchr scan of the same bytes, and mallocs per frame.
struct WireBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Decode a large in-memory stream of MSG frames, then of HMSG frames with two headers."
    )

    @Option(help: "Payload bytes per frame.")
    var payload = 128

    @Option(help: "Frames per stream.")
    var frames = 1_000_000

    @Option(help: "Measured rounds per stream (the median is reported).")
    var rounds = 9

    @Flag(help: "Report the HMSG stream at the top level (both streams are always measured).")
    var headers = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard payload >= 0, payload <= 64 * 1024 * 1024 else { throw ValidationError("--payload must be between 0 and 67108864") }
        guard frames > 0 else { throw ValidationError("--frames must be positive") }
        guard rounds > 0 else { throw ValidationError("--rounds must be positive") }
    }

    func run() throws {
        guard mallocCounterWorks() else {
            throw ValidationError("the malloc counter does not see this process's allocations; mallocs_per_frame would be meaningless")
        }
        let msg = try WireStream(frames: frames, payload: payload, headers: false).measure(rounds: rounds)
        let hmsg = try WireStream(frames: frames, payload: payload, headers: true).measure(rounds: rounds)
        let top = headers ? hmsg : msg
        if json {
            print(
                "{\"bench\":\"wire\",\"frame\":\"\(headers ? "HMSG" : "MSG")\",\"payload\":\(payload),\"frames\":\(frames),"
                    + top.jsonFields + ","
                    + "\"msg\":{\(msg.jsonFields)},\"hmsg\":{\(hmsg.jsonFields)}}"
            )
        } else {
            print("MSG : \(msg.summary)")
            print("HMSG: \(hmsg.summary)")
        }
    }
}

/// One measured stream of frames, cut into segments below NIO's 16 MiB slice limit.
struct WireStream {
    let segments: [ByteBuffer]
    let frames: Int
    let bytes: Int

    init(frames: Int, payload: Int, headers: Bool) {
        let subject = "person.commands.create"
        let reply = "_INBOX.abcdefghijklmnopqrstu.9"  // 30 characters
        var headerBlock = ByteBuffer()
        if headers {
            var fields = NATSHeaderFields()
            fields.append("Nats-Msg-Id", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
            fields.append("Nats-Expected-Last-Subject-Sequence", "4096")
            headerBlock.writeHeaderBlock(fields)
        }
        let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: payload)
        var segments: [ByteBuffer] = []
        var current = ByteBuffer()
        var total = 0
        for sid in 0..<frames {
            if current.readableBytes > 8 * 1024 * 1024 {
                segments.append(current)
                current = ByteBuffer()
            }
            total += current.writeServerMessage(
                subject: subject,
                sid: UInt64(sid % 64 + 1),
                replyTo: reply,
                headers: headers ? headerBlock : nil,
                payload: body
            )
        }
        segments.append(current)
        self.segments = segments
        self.frames = frames
        self.bytes = total
    }

    struct Result {
        var framesPerSecond: Double
        var bytesPerSecond: Double
        var baselineBytesPerSecond: Double
        var mallocsPerFrame: Double

        var ratio: Double { bytesPerSecond / baselineBytesPerSecond }

        var jsonFields: String {
            "\"frames_per_sec\":\(Int(framesPerSecond)),\"bytes_per_sec\":\(Int(bytesPerSecond)),"
                + "\"baseline_bytes_per_sec\":\(Int(baselineBytesPerSecond)),\"ratio\":\(rounded(ratio)),"
                + "\"mallocs_per_frame\":\(rounded(mallocsPerFrame))"
        }

        var summary: String {
            "\(Int(framesPerSecond)) frames/s, \(Int(bytesPerSecond / 1_000_000)) MB/s, "
                + "memchr baseline \(Int(baselineBytesPerSecond / 1_000_000)) MB/s, ratio \(rounded(ratio)), "
                + "mallocs/frame \(rounded(mallocsPerFrame))"
        }

        private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
    }

    /// Interleaves decoder and baseline rounds; reports medians.
    func measure(rounds: Int) throws -> Result {
        _ = try decodeAll()  // warm up
        _ = baseline()
        var decodeTimes: [Double] = []
        var baselineTimes: [Double] = []
        var mallocs: UInt64 = 0
        for _ in 0..<rounds {
            cim_malloc_counter_reset()
            cim_malloc_counter_enable()
            let start = ContinuousClock.now
            let decoded = try decodeAll()
            let elapsed = ContinuousClock.now - start
            cim_malloc_counter_disable()
            mallocs = max(mallocs, cim_malloc_counter_count())
            guard decoded == frames else { throw ValidationError("decoded \(decoded) of \(frames) frames") }
            decodeTimes.append(elapsed.seconds)

            let baselineStart = ContinuousClock.now
            let lines = baseline()
            baselineTimes.append((ContinuousClock.now - baselineStart).seconds)
            guard lines >= frames else { throw ValidationError("baseline found \(lines) lines") }
        }
        let decode = decodeTimes.sorted()[rounds / 2]
        let scan = baselineTimes.sorted()[rounds / 2]
        return Result(
            framesPerSecond: Double(frames) / decode,
            bytesPerSecond: Double(bytes) / decode,
            baselineBytesPerSecond: Double(bytes) / scan,
            mallocsPerFrame: Double(mallocs) / Double(frames)
        )
    }

    /// Decodes every segment; returns the number of MSG/HMSG frames seen.
    private func decodeAll() throws -> Int {
        var decoder = NATSDecoder()
        var count = 0
        var checksum: UInt64 = 0
        for segment in segments {
            var buffer = segment
            while let op = try decoder.decode(buffer: &buffer) {
                if case .msg(let message) = op {
                    checksum &+= message.sid &+ UInt64(message.payload.readableBytes)
                    count += 1
                }
            }
        }
        blackHole(checksum)
        return count
    }

    /// Counts newlines with memchr: the memory-bound limit of a line protocol.
    private func baseline() -> Int {
        var lines = 0
        for segment in segments {
            segment.withUnsafeReadableBytes { bytes in
                guard var cursor = bytes.baseAddress else { return }
                let end = cursor + bytes.count
                while cursor < end, let hit = memchr(cursor, 10, end - cursor) {
                    lines += 1
                    cursor = UnsafeRawPointer(hit) + 1
                }
            }
        }
        return lines
    }
}

/// True when counting is on and an allocation we make is seen.
func mallocCounterWorks() -> Bool {
    guard cim_malloc_counter_available() == 1 else { return false }
    cim_malloc_counter_reset()
    cim_malloc_counter_enable()
    let probe = [UInt64](repeating: 7, count: Int.random(in: 64...128))
    cim_malloc_counter_disable()
    blackHole(probe[0])
    return cim_malloc_counter_count() > 0
}

@inline(never)
func blackHole(_ value: UInt64) {
    if value == 0x5EED { print("") }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
