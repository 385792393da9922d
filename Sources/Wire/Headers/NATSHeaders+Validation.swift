import NIOCore

extension NATSHeaders {
    /// Checks a block once and returns where its parts are; everything later trusts that shape.
    /// - Throws: `NATSProtocolError` with code `.invalidHeaderBlock`.
    static func shape(of block: ByteBuffer) throws -> Shape {
        guard let shape = block.withUnsafeReadableBytes({ scan($0) }) else {
            throw NATSProtocolError(.invalidHeaderBlock, "header block is not a valid NATS/1.0 block")
        }
        return shape
    }

    /// `NATS/1.0`, read as one little-endian word.
    private static let prefix: UInt64 = 0x302E_312F_5354_414E

    /// Returns nil when the block is malformed.
    static func scan(_ raw: UnsafeRawBufferPointer) -> Shape? {
        let n = raw.count
        // "NATS/1.0" + CRLF (status line) + CRLF (blank line) is the shortest block.
        guard n >= 12, let base = raw.baseAddress else { return nil }
        guard UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)) == prefix else { return nil }
        let b = base.assumingMemoryBound(to: UInt8.self)
        // The block must end with an empty line.
        guard b[n - 4] == .cr, b[n - 3] == .lf, b[n - 2] == .cr, b[n - 1] == .lf else { return nil }

        // Status line: "NATS/1.0[ <3 digits>[ <description>]]\r\n"
        guard let statusEnd = lineEnd(b, n, from: 8) else { return nil }
        var shape = Shape.none
        shape.descriptionStart = UInt32(statusEnd)
        shape.descriptionEnd = UInt32(statusEnd)
        var i = 8
        if i < statusEnd {
            guard b[i].isBlank else { return nil }
            while i < statusEnd, b[i].isBlank { i += 1 }
            if i < statusEnd {
                guard i + 3 <= statusEnd, b[i].isDigit, b[i + 1].isDigit, b[i + 2].isDigit else { return nil }
                shape.statusCode = UInt16(b[i] &- 48) * 100 + UInt16(b[i + 1] &- 48) * 10 + UInt16(b[i + 2] &- 48)
                i += 3
                if i < statusEnd {
                    guard b[i].isBlank else { return nil }
                    while i < statusEnd, b[i].isBlank { i += 1 }
                    var end = statusEnd
                    while end > i, b[end - 1].isBlank { end -= 1 }
                    shape.descriptionStart = UInt32(i)
                    shape.descriptionEnd = UInt32(end)
                }
            }
        }
        shape.fieldsOffset = UInt32(statusEnd + 2)
        // Field lines up to the final blank line.
        var lineStart = statusEnd + 2
        while lineStart < n - 2 {
            // Key: printable ASCII without ':' and not empty.
            var j = lineStart
            while j < n, b[j] != UInt8(ascii: ":") {
                guard b[j] &- 33 <= 93 else { return nil }  // 33...126
                j += 1
            }
            guard j > lineStart, j < n else { return nil }
            guard let end = lineEnd(b, n, from: j + 1) else { return nil }
            lineStart = end + 2
        }
        guard lineStart == n - 2 else { return nil }
        return shape
    }

    /// Index of the CR of the next CRLF at or after `from`; nil if a bare CR or LF comes first or none.
    @inline(__always)
    private static func lineEnd(_ b: UnsafePointer<UInt8>, _ n: Int, from: Int) -> Int? {
        var i = from
        while i < n {
            let c = b[i]
            if c == .cr { return i + 1 < n && b[i + 1] == .lf ? i : nil }
            if c == .lf { return nil }
            i += 1
        }
        return nil
    }
}

extension UInt8 {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    var isBlank: Bool { self == 32 || self == 9 }
    var isDigit: Bool { self &- 48 < 10 }
}
