public import NIOCore

/// A validated `NATS/1.0` header block, viewed lazily.
///
/// The block is checked once when the frame is cut (prefix, status line, `Key: value` lines,
/// terminating blank line); afterwards fields are produced on demand as slices of the same
/// storage. Keys keep their case; lookups ignore it. Repeated keys keep their order.
public struct NATSHeaders: Sendable, Hashable {
    /// Where a validated block's parts are, relative to its start.
    @usableFromInline
    struct Shape: Sendable, Hashable {
        /// `UInt16.max` when the block has no status code.
        var statusCode: UInt16
        var descriptionStart: UInt32
        var descriptionEnd: UInt32
        var fieldsOffset: UInt32

        static let none = Shape(statusCode: .max, descriptionStart: 0, descriptionEnd: 0, fieldsOffset: 0)
    }

    /// The whole block, from `NATS/1.0` through the blank line's CRLF.
    public let block: ByteBuffer
    @usableFromInline let shape: Shape

    init(validatedBlock block: ByteBuffer, shape: Shape) {
        self.block = block
        self.shape = shape
    }

    /// Validates a header block and views it.
    /// - Parameter block: the bytes from `NATS/1.0` through the blank line's CRLF.
    /// - Throws: `NATSProtocolError` with code `.invalidHeaderBlock`.
    public init(validating block: ByteBuffer) throws {
        self.init(validatedBlock: block, shape: try NATSHeaders.shape(of: block))
    }

    /// The status line's code and description, if the block has one.
    public var status: NATSStatus? {
        guard shape.statusCode != .max else { return nil }
        let description = block.getSlice(
            at: block.readerIndex + Int(shape.descriptionStart),
            length: Int(shape.descriptionEnd - shape.descriptionStart)
        )!
        return NATSStatus(code: shape.statusCode, description: description)
    }

    /// Offset of the first field line within `block`.
    var fieldsOffset: Int { Int(shape.fieldsOffset) }

    /// True when the block has no fields (it may still have a status).
    public var isEmpty: Bool { fieldsOffset + 2 >= block.readableBytes }
}

/// One `Key: value` line of a header block, as slices of the block.
public struct NATSHeaderField: Sendable, Hashable {
    /// The key, case preserved.
    public var name: ByteBuffer
    /// The value, leading and trailing spaces and tabs removed.
    public var value: ByteBuffer

    /// The key as a String (allocates).
    public var nameString: String { String(buffer: name) }
    /// The value as a String (allocates).
    public var valueString: String { String(buffer: value) }
}
