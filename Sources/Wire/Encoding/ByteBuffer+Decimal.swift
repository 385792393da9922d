public import NIOCore

extension ByteBuffer {
    /// Writes `value` as ASCII decimal digits, without an intermediate String.
    @discardableResult
    @inlinable
    package mutating func writeDecimal(_ value: UInt64) -> Int {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        return writeWithUnsafeMutableBytes(minimumWritableBytes: digits) { out in
            var v = value
            var i = digits
            while i > 0 {
                i -= 1
                out[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            }
            return digits
        }
    }

    /// Writes `value` as ASCII decimal digits (must be non-negative).
    @discardableResult
    @inlinable
    package mutating func writeDecimal(_ value: Int) -> Int {
        precondition(value >= 0, "negative sizes are never written")
        return writeDecimal(UInt64(value))
    }
}
