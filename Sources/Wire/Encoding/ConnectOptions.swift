/// The fields of the `CONNECT` line a client sends after the server's first `INFO`.
///
/// The defaults are the ones a modern client wants (`verbose` and `pedantic` off, `headers` and
/// `no_responders` on), not the server's own defaults: a server that misses `"verbose":false`
/// answers every op with `+OK`. `description` and `debugDescription` never show `pass`,
/// `authToken` or `signature`, and show only the start of `jwt`.
public struct ConnectOptions: Sendable, Equatable {
    /// Ask the server to acknowledge every op with `+OK` (`verbose`).
    public var verbose: Bool
    /// Ask the server for strict subject checks (`pedantic`).
    public var pedantic: Bool
    /// The connection runs over TLS (`tls_required`).
    public var tlsRequired: Bool
    /// Deliver our own publishes to our own matching subscriptions (`echo`).
    public var echo: Bool
    /// A name for this connection, shown in server monitoring (`name`).
    public var name: String?
    /// The client language (`lang`).
    public var lang: String
    /// The client library version (`version`).
    public var version: String
    /// The protocol level: `1` enables asynchronous INFO (`protocol`).
    public var protocolVersion: Int
    /// Whether this client handles headers (`headers`); required for statuses and `HPUB`.
    public var headers: Bool
    /// Ask for a `503` status when a request has no responders (`no_responders`); needs `headers`.
    public var noResponders: Bool
    /// The user name for user/password authentication (`user`).
    public var user: String?
    /// The password for user/password authentication (`pass`). Never printed.
    public var pass: String?
    /// The token for token authentication (`auth_token`). Never printed.
    public var authToken: String?
    /// The user JWT for JWT authentication (`jwt`). Printed truncated.
    public var jwt: String?
    /// The public nkey (`U…`) for nkey authentication (`nkey`).
    public var nkey: String?
    /// The base64url signature of the server's nonce (`sig`). Never printed.
    public var signature: String?

    /// Creates connect options; every parameter defaults to the recommended value.
    public init(
        verbose: Bool = false,
        pedantic: Bool = false,
        tlsRequired: Bool = false,
        echo: Bool = true,
        name: String? = nil,
        lang: String = "swift",
        version: String = "0.1.0",
        protocolVersion: Int = 1,
        headers: Bool = true,
        noResponders: Bool = true,
        user: String? = nil,
        pass: String? = nil,
        authToken: String? = nil,
        jwt: String? = nil,
        nkey: String? = nil,
        signature: String? = nil
    ) {
        self.verbose = verbose
        self.pedantic = pedantic
        self.tlsRequired = tlsRequired
        self.echo = echo
        self.name = name
        self.lang = lang
        self.version = version
        self.protocolVersion = protocolVersion
        self.headers = headers
        self.noResponders = noResponders
        self.user = user
        self.pass = pass
        self.authToken = authToken
        self.jwt = jwt
        self.nkey = nkey
        self.signature = signature
    }
}

extension ConnectOptions: CustomStringConvertible, CustomDebugStringConvertible {
    /// How many leading characters of a JWT are shown (its header, which is not secret).
    private static let shownJWTPrefix = 10

    /// A one-line summary with secrets redacted: `pass`, `authToken` and `signature` appear as
    /// `<redacted>`, `jwt` as its first characters and its length.
    public var description: String {
        var parts = [
            "verbose: \(verbose)", "pedantic: \(pedantic)", "tlsRequired: \(tlsRequired)", "echo: \(echo)",
        ]
        if let name { parts.append("name: \(Self.quoted(name))") }
        parts.append("lang: \(Self.quoted(lang))")
        parts.append("version: \(Self.quoted(version))")
        parts.append("protocol: \(protocolVersion)")
        parts.append("headers: \(headers)")
        parts.append("noResponders: \(noResponders)")
        if let user { parts.append("user: \(Self.quoted(user))") }
        if pass != nil { parts.append("pass: <redacted>") }
        if authToken != nil { parts.append("authToken: <redacted>") }
        if let jwt {
            let prefix = String(jwt.prefix(Self.shownJWTPrefix))
            let ellipsis = jwt.count > Self.shownJWTPrefix ? "…" : ""
            parts.append("jwt: \(Self.quoted(prefix + ellipsis)) (\(jwt.utf8.count) bytes)")
        }
        if let nkey { parts.append("nkey: \(Self.quoted(nkey))") }
        if signature != nil { parts.append("signature: <redacted>") }
        return "ConnectOptions(\(parts.joined(separator: ", ")))"
    }

    /// The same redacted summary as ``description``.
    public var debugDescription: String { description }

    private static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.escaped(asASCII: false) }.joined() + "\""
    }
}
