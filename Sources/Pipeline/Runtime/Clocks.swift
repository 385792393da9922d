import Aggregates
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock commands are stamped with (`issuedAt`); aggregates never read a clock.
package enum WallClock {
    package static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}

/// Command ids for commands that arrive without `Nats-Msg-Id`: random UUIDs (version 4), lowercase.
package enum CommandIDs {
    package static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    package static func random(using generator: inout some RandomNumberGenerator) -> String {
        var high = generator.next() as UInt64
        var low = generator.next() as UInt64
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC << 60)) | (0x8 << 60)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 0
        for (word, shiftStart) in [(high, 60), (low, 60)] {
            var shift = shiftStart
            while shift >= 0 {
                if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                bytes[position] = hex[Int((word >> UInt64(shift)) & 0xF)]
                position += 1
                shift -= 4
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
