/// An error of the NATS client: connection, authentication, server `-ERR`, requests, limits.
///
/// The code is a struct over a private enum, so codes can be added without breaking callers.
/// Details never contain secrets or payload bytes.
public struct NATSClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case invalidConfiguration
            case connectionFailed
            case connectionClosed
            case allServersFailed
            case authorizationViolation
            case authenticationTimeout
            case authenticationExpired
            case permissionsViolation
            case maximumPayloadExceeded
            case staleConnection
            case serverError
            case protocolError
            case noResponders
            case timeout
            case invalidSubject
            case slowConsumer
            case reconnectBufferFull
            case draining
            case tlsRequired
            case tlsHandshakeFailed
            case drainIncomplete
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// A configuration value is invalid (URL, credentials file, limits …).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A TCP (or TLS) connection to a server could not be made.
        public static let connectionFailed = Code(.connectionFailed)
        /// The client was closed; nothing more can be done with it.
        public static let connectionClosed = Code(.connectionClosed)
        /// Every server in the pool was tried the allowed number of times.
        public static let allServersFailed = Code(.allServersFailed)
        /// `-ERR 'Authorization Violation'`.
        public static let authorizationViolation = Code(.authorizationViolation)
        /// `-ERR 'Authentication Timeout'`.
        public static let authenticationTimeout = Code(.authenticationTimeout)
        /// `-ERR 'User/Account Authentication Expired'`.
        public static let authenticationExpired = Code(.authenticationExpired)
        /// `-ERR 'Permissions Violation for …'`: the connection stays up.
        public static let permissionsViolation = Code(.permissionsViolation)
        /// `-ERR 'Maximum Payload Violation'`, or a publish larger than the server's `max_payload`.
        public static let maximumPayloadExceeded = Code(.maximumPayloadExceeded)
        /// PINGs went unanswered (client side) or the server said `Stale Connection`.
        public static let staleConnection = Code(.staleConnection)
        /// Any other `-ERR` from the server.
        public static let serverError = Code(.serverError)
        /// The server sent bytes that break the protocol.
        public static let protocolError = Code(.protocolError)
        /// A request found no subscriber (status 503).
        public static let noResponders = Code(.noResponders)
        /// A request, flush or drain did not complete in time.
        public static let timeout = Code(.timeout)
        /// A subject or queue group is not valid.
        public static let invalidSubject = Code(.invalidSubject)
        /// A subscription with the drop policy overflowed (reported, never silent).
        public static let slowConsumer = Code(.slowConsumer)
        /// Publishes made while disconnected exceeded the reconnect buffer.
        public static let reconnectBufferFull = Code(.reconnectBufferFull)
        /// The client is draining: new publishes and subscriptions are refused.
        public static let draining = Code(.draining)
        /// The server requires TLS (or the client does and the server cannot).
        public static let tlsRequired = Code(.tlsRequired)
        /// The TLS handshake failed: a certificate one side does not trust, or none where the
        /// server requires one. The same failure twice in a row drops that server, as an
        /// authorization violation does.
        public static let tlsHandshakeFailed = Code(.tlsHandshakeFailed)
        /// A drain could not finish cleanly (out of time, a failed flush, unsent publishes); the
        /// client is closed all the same.
        public static let drainIncomplete = Code(.drainIncomplete)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var detail: String
    /// The server's `-ERR` text, when the server said so.
    public var serverMessage: String?
    /// The lower-level error behind this one (a socket, TLS or decoding error), kept typed:
    /// `error.underlying as? NIOSSLError`, `as? NATSProtocolError` and so on.
    public var underlying: (any Error)?

    public init(_ code: Code, _ detail: String, serverMessage: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.detail = detail
        self.serverMessage = serverMessage
        self.underlying = underlying
    }

    public var description: String {
        var text = "NATS client error (\(code)): \(detail)"
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    /// Equal when code, detail and server message are equal and the underlying errors describe
    /// themselves alike (errors are not `Equatable` in general).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.detail == rhs.detail && lhs.serverMessage == rhs.serverMessage
            && lhs.underlying.map { "\($0)" } == rhs.underlying.map { "\($0)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(detail)
        hasher.combine(serverMessage)
    }
}

extension NATSClientError {
    /// The one "client is closed" error: what calls on a closed client throw when the close had no
    /// cause of its own (`close()`, a finished drain).
    static let clientClosed = NATSClientError(.connectionClosed, "the client is closed")
}
