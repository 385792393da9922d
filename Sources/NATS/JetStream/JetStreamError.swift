import Foundation

/// A JetStream failure: a typed code (branch on it), the server's `err_code` and status when the
/// server sent them, and a readable detail.
public struct JetStreamError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case wrongLastSequence, wrongLastMessageID, streamMismatch, duplicateInProcess, streamNotFound, consumerNotFound, streamNameInUse, consumerNameInUse
            case messageNotFound, maximumMessagesExceeded, maximumBytesExceeded, storeFailed, messageTooLarge, insufficientResources, invalidRequest, notEnabled
            case noResponders, timeout, outcomeUnknown, closed, featureUnavailable, requiredAPILevel, batchRejected, rollupFailed, permissionsViolation
            case invalidTTL, incompatibleConfiguration, invalidArgument, invalidResponse, serverError
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// Optimistic concurrency lost: the stream's or subject's last sequence was not the
        /// expected one (err_code 10071 or 10164). `currentSequence` holds the actual one when the
        /// server said it.
        public static let wrongLastSequence = Code(.wrongLastSequence)
        /// `Nats-Expected-Last-Msg-Id` did not match (10070).
        public static let wrongLastMessageID = Code(.wrongLastMessageID)
        /// `Nats-Expected-Stream` named another stream (10060).
        public static let streamMismatch = Code(.streamMismatch)
        /// The same `Nats-Msg-Id` is being stored by another publish right now (10158): retry.
        public static let duplicateInProcess = Code(.duplicateInProcess)
        public static let streamNotFound = Code(.streamNotFound)
        public static let consumerNotFound = Code(.consumerNotFound)
        /// A stream of that name exists with another configuration (10058).
        public static let streamNameInUse = Code(.streamNameInUse)
        /// A consumer of that name exists (10013, 10148).
        public static let consumerNameInUse = Code(.consumerNameInUse)
        /// No message at that sequence or for that subject (10037, or a 404 status).
        public static let messageNotFound = Code(.messageNotFound)
        /// A `discard: new` limit refused the message (10077 "maximum messages exceeded").
        public static let maximumMessagesExceeded = Code(.maximumMessagesExceeded)
        /// A `discard: new` byte limit refused the message.
        public static let maximumBytesExceeded = Code(.maximumBytesExceeded)
        /// The store refused the message for another reason (10077).
        public static let storeFailed = Code(.storeFailed)
        /// Message or header block over the stream's limit (10054, 10097).
        public static let messageTooLarge = Code(.messageTooLarge)
        /// Storage or other resources exhausted (10047, 10023).
        public static let insufficientResources = Code(.insufficientResources)
        /// The server rejected the request body (10025), e.g. a field it does not know.
        public static let invalidRequest = Code(.invalidRequest)
        /// JetStream is off for the server or the account (10039, 10076).
        public static let notEnabled = Code(.notEnabled)
        /// Nobody answered on the API or publish subject: JetStream is absent, the subject is in
        /// no stream, or a stream leader is being elected (retried first where that is safe).
        public static let noResponders = Code(.noResponders)
        /// No reply within the timeout.
        public static let timeout = Code(.timeout)
        /// The connection was lost before the PubAck arrived: the message may or may not be
        /// stored. Publish it again with the same `Nats-Msg-Id` to store it at most once.
        public static let outcomeUnknown = Code(.outcomeUnknown)
        /// The publisher is closed: nothing was sent.
        public static let closed = Code(.closed)
        /// The server refused the publish for the connection's permissions: nothing was stored.
        public static let permissionsViolation = Code(.permissionsViolation)
        /// The server lacks a feature this call needs (too old, or the stream lacks the option).
        public static let featureUnavailable = Code(.featureUnavailable)
        /// The server's API level is lower than `Nats-Required-Api-Level` (10185).
        public static let requiredAPILevel = Code(.requiredAPILevel)
        /// An atomic batch was refused (10174–10177, 10179, 10199–10201, 10210).
        public static let batchRejected = Code(.batchRejected)
        /// Rollup refused (10111): the stream lacks `allow_rollup_hdrs`.
        public static let rollupFailed = Code(.rollupFailed)
        /// Per-message TTL invalid or disabled (10165, 10166).
        public static let invalidTTL = Code(.invalidTTL)
        /// An existing stream differs from the wanted one in a way that an update cannot change.
        public static let incompatibleConfiguration = Code(.incompatibleConfiguration)
        /// A name, key, subject or option given by the caller is invalid (checked before sending).
        public static let invalidArgument = Code(.invalidArgument)
        /// The server's reply could not be understood.
        public static let invalidResponse = Code(.invalidResponse)
        /// Any other server error; `errorCode` and `detail` say which.
        public static let serverError = Code(.serverError)
    }

    public var code: Code
    public var detail: String
    /// The server's `err_code`, when it sent one.
    public var errorCode: Int?
    /// The server's HTTP-like status (`code` in the error JSON, or the status line).
    public var status: Int?
    /// For `wrongLastSequence`: the stream's or subject's actual last sequence, when known.
    public var currentSequence: UInt64?

    /// The lower-level error behind this one (a `NATSClientError`, a decoding error), kept typed.
    public var underlying: (any Error)?

    public init(
        _ code: Code,
        _ detail: String,
        errorCode: Int? = nil,
        status: Int? = nil,
        currentSequence: UInt64? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.detail = detail
        self.errorCode = errorCode
        self.status = status
        self.currentSequence = currentSequence
        self.underlying = underlying
    }

    public var description: String {
        var text = "JetStreamError.\(code): \(detail)"
        if let errorCode { text += " (err_code \(errorCode))" }
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    /// Equal when every field is equal and the underlying errors describe themselves alike
    /// (errors are not `Equatable` in general).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.detail == rhs.detail && lhs.errorCode == rhs.errorCode && lhs.status == rhs.status
            && lhs.currentSequence == rhs.currentSequence && lhs.underlying.map { "\($0)" } == rhs.underlying.map { "\($0)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(detail)
        hasher.combine(errorCode)
    }
}

extension JetStreamError {
    /// Maps the server's error object (`{"code","err_code","description"}`) to a typed error.
    init(server body: APIErrorBody) {
        let description = body.description ?? "JetStream error"
        var current: UInt64?
        let code: Code
        switch body.errCode ?? 0 {
        case 10071, 10164:
            code = .wrongLastSequence
            // "wrong last sequence: 41"
            if let colon = description.lastIndex(of: ":") {
                current = UInt64(description[description.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        case 10070: code = .wrongLastMessageID
        case 10060: code = .streamMismatch
        case 10158: code = .duplicateInProcess
        case 10059: code = .streamNotFound
        case 10014: code = .consumerNotFound
        case 10058: code = .streamNameInUse
        case 10013, 10148: code = .consumerNameInUse
        case 10037: code = .messageNotFound
        case 10077:
            let lower = description.lowercased()
            if lower.contains("maximum messages") {
                code = .maximumMessagesExceeded
            } else if lower.contains("maximum bytes") {
                code = .maximumBytesExceeded
            } else {
                code = .storeFailed
            }
        case 10054, 10097: code = .messageTooLarge
        case 10047, 10023: code = .insufficientResources
        case 10025: code = .invalidRequest
        case 10039, 10076: code = .notEnabled
        case 10185: code = .requiredAPILevel
        case 10174...10177, 10179, 10199...10201, 10210: code = .batchRejected
        case 10111: code = .rollupFailed
        case 10165, 10166: code = .invalidTTL
        default: code = body.code == 404 && description.lowercased().contains("not found") ? .messageNotFound : .serverError
        }
        self.init(code, description, errorCode: body.errCode, status: body.code, currentSequence: current)
    }
}

/// The `error` object of a JetStream API reply or PubAck.
struct APIErrorBody: Decodable, Sendable, Hashable {
    var code: Int?
    var errCode: Int?
    var description: String?

    enum CodingKeys: String, CodingKey {
        case code
        case errCode = "err_code"
        case description
    }
}

/// Any reply that may carry `"error"`.
struct ErrorEnvelope: Decodable, Sendable {
    var error: APIErrorBody?
}
