public import NIOCore

extension NATSHeaders: Sequence {
    /// Iterates the fields lazily, in order, as slices of the block.
    public struct Iterator: IteratorProtocol {
        let block: ByteBuffer
        var offset: Int

        public mutating func next() -> NATSHeaderField? {
            let end = block.readableBytes - 2  // the final blank line
            guard offset < end else { return nil }
            let bounds = block.withUnsafeReadableBytes { b -> (keyEnd: Int, valueStart: Int, valueEnd: Int, next: Int) in
                var i = offset
                while b[i] != UInt8(ascii: ":") { i += 1 }  // validated: a colon precedes the CRLF
                let keyEnd = i
                i += 1
                while b[i].isBlank { i += 1 }  // validated: the line ends in CRLF
                let valueStart = i
                while b[i] != .cr { i += 1 }
                var valueEnd = i
                while valueEnd > valueStart, b[valueEnd - 1].isBlank { valueEnd -= 1 }
                return (keyEnd, valueStart, valueEnd, i + 2)
            }
            let base = block.readerIndex
            let field = NATSHeaderField(
                name: block.getSlice(at: base + offset, length: bounds.keyEnd - offset)!,
                value: block.getSlice(at: base + bounds.valueStart, length: bounds.valueEnd - bounds.valueStart)!
            )
            offset = bounds.next
            return field
        }
    }

    public func makeIterator() -> Iterator { Iterator(block: block, offset: fieldsOffset) }

    /// The first value for `name`, compared without regard to ASCII case; a slice of the block.
    public func firstValue(forName name: String) -> ByteBuffer? {
        var name = name
        return name.withUTF8 { key in
            for field in self where field.name.equalsIgnoringASCIICase(key) { return field.value }
            return nil
        }
    }

    /// Every value for `name`, in order, compared without regard to ASCII case (allocates).
    public func values(forName name: String) -> [String] {
        var name = name
        return name.withUTF8 { key in
            self.lazy.filter { $0.name.equalsIgnoringASCIICase(key) }.map { $0.valueString }
        }
    }

    /// The first value for `name` as a String, or nil (allocates).
    public subscript(name: String) -> String? {
        firstValue(forName: name).map { String(buffer: $0) }
    }
}

extension ByteBuffer {
    @usableFromInline
    func equalsIgnoringASCIICase(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard readableBytes == other.count else { return false }
        return withUnsafeReadableBytes { mine in
            for i in 0..<mine.count where mine[i].asciiLowercased != other[i].asciiLowercased {
                return false
            }
            return true
        }
    }
}

extension UInt8 {
    @usableFromInline var asciiLowercased: UInt8 {
        self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self
    }
}
