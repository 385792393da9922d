/// An error in the bytes a NATS server sent, or a limit they exceeded.
///
/// The code is a struct over a private enum, so codes can be added without breaking callers
/// (the postgres-nio `PSQLError` pattern). The decoder never crashes or buffers without bound:
/// every violation surfaces as one of these.
public struct NATSProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case unknownOperation
            case invalidArguments
            case invalidInteger
            case headerLengthExceedsTotal
            case missingPayloadTerminator
            case controlLineTooLong
            case payloadTooLarge
            case headerBlockTooLarge
            case invalidHeaderBlock
            case invalidInfo
            case invalidSubject
            case invalidQueueGroup
            case invalidAckSubject
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The op name is not one a server sends.
        public static let unknownOperation = Code(.unknownOperation)
        /// Wrong arity or malformed fields on a control line.
        public static let invalidArguments = Code(.invalidArguments)
        /// A sid or size is not a non-negative decimal integer, or overflows.
        public static let invalidInteger = Code(.invalidInteger)
        /// `hdr_len` is greater than `total_len` in an HMSG.
        public static let headerLengthExceedsTotal = Code(.headerLengthExceedsTotal)
        /// The payload is not followed by CRLF.
        public static let missingPayloadTerminator = Code(.missingPayloadTerminator)
        /// A control line is longer than the configured maximum.
        public static let controlLineTooLong = Code(.controlLineTooLong)
        /// A payload (headers included) is larger than the maximum payload.
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// A header block is larger than the configured maximum.
        public static let headerBlockTooLarge = Code(.headerBlockTooLarge)
        /// A header block does not start with `NATS/1.0`, or has a malformed line.
        public static let invalidHeaderBlock = Code(.invalidHeaderBlock)
        /// The INFO line's JSON is not an object of the expected shape.
        public static let invalidInfo = Code(.invalidInfo)
        /// A subject is not valid for the use it was given.
        public static let invalidSubject = Code(.invalidSubject)
        /// A queue group name is not valid.
        public static let invalidQueueGroup = Code(.invalidQueueGroup)
        /// A `$JS.ACK` reply subject has an unknown shape.
        public static let invalidAckSubject = Code(.invalidAckSubject)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A short, human-readable detail (never contains message payloads).
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "NATS protocol error (\(code)): \(detail)" }
}
