/// Size limits the decoder enforces; exceeding one is a typed error, never an unbounded buffer.
public struct NATSDecoderLimits: Sendable, Hashable {
    /// Longest control line accepted (without CRLF). INFO lines of large clusters exceed 4 KiB.
    public var maxControlLineBytes: Int
    /// Largest `MSG`/`HMSG` total size (headers and payload).
    public var maxPayloadBytes: Int
    /// Largest header block of an `HMSG`.
    public var maxHeaderBytes: Int
    /// When true, an INFO carrying `max_payload` replaces `maxPayloadBytes`.
    public var adoptsServerMaxPayload: Bool

    public init(
        maxControlLineBytes: Int = 64 * 1024,
        maxPayloadBytes: Int = 64 * 1024 * 1024,
        maxHeaderBytes: Int = 256 * 1024,
        adoptsServerMaxPayload: Bool = true
    ) {
        self.maxControlLineBytes = maxControlLineBytes
        self.maxPayloadBytes = maxPayloadBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.adoptsServerMaxPayload = adoptsServerMaxPayload
    }
}
