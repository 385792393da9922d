/// A few bytes written into stack memory and appended to a byte array in one step: a key, a
/// number or a timestamp then costs one uniqueness and capacity check of the array instead of
/// one per byte or per part.
struct ScratchBytes {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// Runs `body` with room for `capacity` bytes, then appends what it wrote to `bytes`.
    /// - Precondition: `body` writes at most `capacity` bytes.
    static func append(to bytes: inout [UInt8], capacity: Int, _ body: (inout ScratchBytes) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var scratch = ScratchBytes(buffer: buffer)
            body(&scratch)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<scratch.count]))
        }
    }

    mutating func put(_ byte: UInt8) {
        precondition(count < buffer.count, "scratch bytes overflow")
        buffer[count] = byte
        count += 1
    }

    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(buffer.count - count >= bytes.count, "scratch bytes overflow")
        guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
        (target + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Writes `value` in decimal, left-padded with zeros to `width` digits.
    mutating func putDecimal(_ value: UInt64, width: Int = 1) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let length = max(digits, width)
        precondition(buffer.count - count >= length, "scratch bytes overflow")
        var position = count + length - 1
        var remaining = value
        for _ in 0..<length {
            buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
        count += length
    }
}
