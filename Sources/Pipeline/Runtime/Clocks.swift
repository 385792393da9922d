import Aggregates
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's one wall clock: commands are stamped with it (`issuedAt`), `$SRV.STATS` reports
/// the start time from it. Aggregates never read a clock.
package enum WallClock {
    package static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}

/// Command ids for commands that arrive without `Nats-Msg-Id`: random-looking UUIDs (version 4
/// layout): 64 random bits drawn once, then a counter mixed by a bijection of which the variant
/// bits leave 62, so two ids of a process collide with a chance of 2^-62 and two processes' ids
/// with 2^-64 (the same command id twice would answer the second command from the first). The
/// system's generator is a system call; this is a few multiplications.
package final class CommandIDs: Sendable {
    let seed: UInt64
    let counter = Atomic<UInt64>(0)

    package init() {
        var generator = SystemRandomNumberGenerator()
        seed = generator.next()
    }

    package func next() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        // `count ↦ mix(seed ^ count·odd)` is a bijection on 64 bits.
        return Self.format(high: Self.mix(seed), low: Self.mix(seed ^ count &* 0x9E37_79B9_7F4A_7C15))
    }

    /// splitmix64's finalizer: a bijection on 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func format(high: UInt64, low: UInt64) -> String {
        let high = (high & ~0xF000) | 0x4000
        let low = (low & ~(0xC << 60)) | (0x8 << 60)
        let hex: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            hex.withUTF8Buffer { digits in
                var position = 0
                for word in [high, low] {
                    var shift = 60
                    while shift >= 0 {
                        if position == 8 || position == 13 || position == 18 || position == 23 {
                            buffer[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        buffer[position] = digits[Int((word >> UInt64(shift)) & 0xF)]
                        position += 1
                        shift -= 4
                    }
                }
            }
            return 36
        }
    }
}
