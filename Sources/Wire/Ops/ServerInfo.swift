/// The server's `INFO` line: sent first on every connection, and again whenever the cluster changes.
///
/// Property names follow Swift conventions; the JSON key each one is read from is given in its
/// documentation. Keys the server omits keep the defaults of ``init(serverID:serverName:version:proto:host:port:headers:maxPayload:jetStream:authRequired:tlsRequired:tlsVerify:tlsAvailable:nonce:connectURLs:lameDuckMode:cluster:domain:clientID:clientIP:apiLevel:)``.
public struct ServerInfo: Sendable, Equatable {
    /// The server's unique id (`server_id`).
    public var serverID: String
    /// The server's configured name (`server_name`).
    public var serverName: String
    /// The server version, e.g. `2.11.4` (`version`).
    public var version: String
    /// The protocol level: `1` allows asynchronous INFO and headers (`proto`).
    public var proto: Int
    /// The host the server listens on (`host`).
    public var host: String
    /// The port the server listens on (`port`).
    public var port: Int
    /// Whether the server supports headers (`HPUB`/`HMSG`) (`headers`).
    public var headers: Bool
    /// The largest payload, headers included, the server accepts (`max_payload`).
    public var maxPayload: Int
    /// Whether JetStream is enabled for this account (`jetstream`).
    public var jetStream: Bool
    /// Whether the client must authenticate (`auth_required`).
    public var authRequired: Bool
    /// Whether the server requires TLS (`tls_required`).
    public var tlsRequired: Bool
    /// Whether the server verifies client certificates (`tls_verify`).
    public var tlsVerify: Bool
    /// Whether the server offers TLS without requiring it (`tls_available`).
    public var tlsAvailable: Bool
    /// The challenge to sign for nkey/JWT authentication, as received (`nonce`).
    public var nonce: String?
    /// Other servers of the cluster as `host:port`, without a scheme (`connect_urls`).
    public var connectURLs: [String]
    /// Whether the server is in lame-duck mode and will shut down soon (`ldm`).
    public var lameDuckMode: Bool
    /// The cluster name (`cluster`).
    public var cluster: String?
    /// The JetStream domain (`domain`).
    public var domain: String?
    /// The id the server gave this client connection (`client_id`).
    public var clientID: UInt64?
    /// This client's IP address as the server sees it (`client_ip`).
    public var clientIP: String?
    /// The JetStream API level, 2.12+ (`api_lvl`).
    public var apiLevel: Int?

    /// Creates server information, for tests and test servers.
    ///
    /// The defaults are what an INFO line without the key means; `maxPayload` defaults to the
    /// server's default of 1 MiB.
    public init(
        serverID: String = "",
        serverName: String = "",
        version: String = "",
        proto: Int = 0,
        host: String = "",
        port: Int = 0,
        headers: Bool = false,
        maxPayload: Int = 1_048_576,
        jetStream: Bool = false,
        authRequired: Bool = false,
        tlsRequired: Bool = false,
        tlsVerify: Bool = false,
        tlsAvailable: Bool = false,
        nonce: String? = nil,
        connectURLs: [String] = [],
        lameDuckMode: Bool = false,
        cluster: String? = nil,
        domain: String? = nil,
        clientID: UInt64? = nil,
        clientIP: String? = nil,
        apiLevel: Int? = nil
    ) {
        self.serverID = serverID
        self.serverName = serverName
        self.version = version
        self.proto = proto
        self.host = host
        self.port = port
        self.headers = headers
        self.maxPayload = maxPayload
        self.jetStream = jetStream
        self.authRequired = authRequired
        self.tlsRequired = tlsRequired
        self.tlsVerify = tlsVerify
        self.tlsAvailable = tlsAvailable
        self.nonce = nonce
        self.connectURLs = connectURLs
        self.lameDuckMode = lameDuckMode
        self.cluster = cluster
        self.domain = domain
        self.clientID = clientID
        self.clientIP = clientIP
        self.apiLevel = apiLevel
    }
}
