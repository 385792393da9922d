/// Everything a `NATSClient` needs: servers, identity, authentication, TLS, timing and limits.
///
/// Defaults follow the reference clients (ping every 2 minutes, 2 pings outstanding, reconnect
/// wait 2 s with jitter, 8 MiB reconnect buffer, drain timeout 30 s).
public struct NATSClientConfiguration: Sendable {
    public var servers: [ServerAddress]
    /// Keep the configured order instead of shuffling the pool.
    public var noRandomize: Bool = false
    /// Client name sent in CONNECT (shown by the server's monitoring).
    public var name: String?
    /// Receive our own publishes on matching subscriptions.
    public var echo: Bool = true
    public var authentication: Authentication = .none
    public var tls: TLS?

    /// How long to wait for TCP connect + INFO + CONNECT/PONG before trying the next server.
    public var connectTimeout: Duration = .seconds(2)
    public var pingInterval: Duration = .seconds(120)
    /// Unanswered PINGs before the connection is declared stale.
    public var maxPingsOutstanding: Int = 2
    /// Reconnect attempts per server before it is dropped from the pool; nil = forever.
    public var maxReconnectAttempts: Int? = 60
    public var reconnectWait: Duration = .milliseconds(2000)
    public var reconnectJitter: Duration = .milliseconds(100)
    /// Upper bound of reconnect back-off.
    public var maxReconnectWait: Duration = .seconds(10)
    /// Bytes of publishes kept while disconnected; over that, publishing fails.
    public var reconnectBufferBytes: Int = 8 * 1024 * 1024
    /// Bytes of encoded frames waiting to be written before publishers wait.
    public var maxPendingOutboundBytes: Int = 4 * 1024 * 1024
    public var drainTimeout: Duration = .seconds(30)
    /// Default buffer limits of a subscription.
    public var subscriptionLimits: SubscriptionLimits = SubscriptionLimits()
    /// Default timeout of `request`.
    public var requestTimeout: Duration = .seconds(5)
    /// The inbox prefix of request/reply.
    public var inboxPrefix: String = "_INBOX"

    public init(servers: [ServerAddress]) {
        self.servers = servers
    }

    /// - Throws: `NATSClientError(.invalidConfiguration)` for an unparsable URL list.
    public init(url: String) throws {
        self.init(servers: try ServerAddress.parseList(url))
    }

    public enum Authentication: Sendable, CustomStringConvertible {
        case none
        case userPassword(user: String, password: String)
        case token(String)
        /// An NKey seed (`SU…`): the server's nonce is signed with it.
        case nkey(seed: String)
        /// A `.creds` file's contents: user JWT + seed.
        case credentials(NATSCredentials)

        public var description: String {
            switch self {
            case .none: "none"
            case .userPassword(let user, _): "user \(user) with password"
            case .token: "token"
            case .nkey: "nkey"
            case .credentials: "credentials (JWT)"
            }
        }
    }

    /// TLS settings; PEM file paths.
    public struct TLS: Sendable, Hashable {
        public var caFile: String?
        public var certificateFile: String?
        public var keyFile: String?
        /// Handshake before the server's INFO (server option `handshake_first`, 2.10.4+).
        public var handshakeFirst: Bool = false
        /// The name the server certificates are verified against (and sent as SNI), for every
        /// server. Nil: each server's host; for an IP address learned from the cluster's
        /// `connect_urls`, the first configured server's hostname.
        public var serverName: String?

        public init(
            caFile: String? = nil,
            certificateFile: String? = nil,
            keyFile: String? = nil,
            handshakeFirst: Bool = false,
            serverName: String? = nil
        ) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.handshakeFirst = handshakeFirst
            self.serverName = serverName
        }
    }
}

/// Bounds of one subscription's buffer and what happens when it is full.
public struct SubscriptionLimits: Sendable, Hashable {
    public enum Overflow: Sendable, Hashable {
        /// Stop reading from the socket until the consumer catches up (default: nothing is lost).
        case backPressure
        /// Drop new messages and count them (reported as a slow-consumer event and metric).
        case dropNewest
    }

    public var maxMessages: Int
    public var maxBytes: Int
    public var overflow: Overflow

    public init(maxMessages: Int = 65_536, maxBytes: Int = 64 * 1024 * 1024, overflow: Overflow = .backPressure) {
        self.maxMessages = maxMessages
        self.maxBytes = maxBytes
        self.overflow = overflow
    }
}
