/// The one parser and writer of unsigned ASCII decimals in this package: protocol sizes and sids,
/// `$JS.ACK` tokens, JSON integers, and the numbers at the end of reply subjects. Parsing is
/// overflow-checked, allocation-free, and strict: no sign, no spaces, at least one digit.
@usableFromInline
package enum ASCIIDecimal {
    /// Why bytes are not a `UInt64`.
    @usableFromInline
    package enum Failure: Error, Equatable {
        case empty
        case notADigit
        case overflow
    }

    /// Parses `bytes` whole as a decimal `UInt64`.
    @inlinable
    package static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> UInt64 {
        guard !bytes.isEmpty else { throw .empty }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { throw .notADigit }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { throw .overflow }
            value = sum
        }
        return value
    }

    /// Parses the bytes after `prefix` in `bytes` as a decimal; nil when `bytes` does not start
    /// with `prefix` or the rest is not a decimal `UInt64`.
    @inlinable
    package static func parse(_ bytes: UnsafeRawBufferPointer, after prefix: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return nil }
        return try? parse(UnsafeRawBufferPointer(rebasing: bytes[prefix.count...]))  // nil: not ours.
    }

    /// How many digits `value` has in decimal.
    @inlinable
    package static func digitCount(_ value: UInt64) -> Int {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        return digits
    }

    /// Writes the `digits` (from `digitCount`) decimal digits of `value` at `offset` in `out`.
    @inlinable
    package static func write(_ value: UInt64, digits: Int, to out: UnsafeMutableRawBufferPointer, at offset: Int) {
        var remaining = value
        var index = offset + digits
        while index > offset {
            index -= 1
            out[index] = UInt8(truncatingIfNeeded: remaining % 10) &+ UInt8(ascii: "0")
            remaining /= 10
        }
    }
}
