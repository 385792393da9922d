public import NIOCore

extension ByteBuffer {
    /// Writes `value` as ASCII decimal digits, without an intermediate String.
    @discardableResult
    @inlinable
    package mutating func writeDecimal(_ value: UInt64) -> Int {
        let digits = ASCIIDecimal.digitCount(value)
        return writeWithUnsafeMutableBytes(minimumWritableBytes: digits) { out in
            ASCIIDecimal.write(value, digits: digits, to: out, at: 0)
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
