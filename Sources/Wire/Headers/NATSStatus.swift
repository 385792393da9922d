public import NIOCore

/// The status line of a header block: `NATS/1.0 503`, `NATS/1.0 404 No Messages`, …
public struct NATSStatus: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit status code.
    public var code: UInt16
    /// The text after the code, trimmed; empty when there is none.
    public var descriptionBytes: ByteBuffer

    public init(code: UInt16, description: ByteBuffer) {
        self.code = code
        self.descriptionBytes = description
    }

    /// The description as a String (allocates).
    public var text: String { String(buffer: descriptionBytes) }

    public var description: String {
        descriptionBytes.readableBytes == 0 ? "\(code)" : "\(code) \(text)"
    }

    /// `503`: no responders for a request (no subscriber, no stream, or a JetStream leader election).
    public static let noResponders: UInt16 = 503
    /// `404`: no messages (pull `no_wait`) or message not found (direct get).
    public static let notFound: UInt16 = 404
    /// `408`: request timeout / interest expired (pull), bad request (direct get).
    public static let requestTimeout: UInt16 = 408
    /// `409`: pull request terminated (max bytes, leadership change, consumer deleted …).
    public static let conflict: UInt16 = 409
    /// `100`: idle heartbeat or flow control.
    public static let control: UInt16 = 100
    /// `204`: end of a batched direct get.
    public static let endOfBatch: UInt16 = 204
}
