/// One server of the pool: host, port, scheme and any credentials given in its URL.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Hashable {
        case nats
        case tls
    }

    public var scheme: Scheme
    public var host: String
    public var port: Int
    /// `nats://user:pass@host`.
    public var user: String?
    public var password: String?
    /// `nats://token@host` (a user with no password).
    public var token: String?
    /// Learned from a server's `connect_urls` rather than configured.
    public var isImplicit: Bool

    public init(scheme: Scheme = .nats, host: String, port: Int = 4222, isImplicit: Bool = false) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.isImplicit = isImplicit
    }

    /// Parses `nats://[user[:pass]@]host[:port]`, `tls://…`, or a bare `host[:port]`.
    /// IPv6 hosts are written in brackets: `nats://[::1]:4222`.
    /// - Throws: `NATSClientError` with code `.invalidConfiguration`.
    public init(parsing text: String, isImplicit: Bool = false) throws {
        var rest = Substring(text.trimmingBlanks)
        var scheme = Scheme.nats
        if let range = rest.firstRange(of: "://") {
            switch rest[..<range.lowerBound].lowercased() {
            case "nats": scheme = .nats
            case "tls": scheme = .tls
            case let other:
                throw NATSClientError(.invalidConfiguration, "unsupported URL scheme \"\(other)\" in a server URL (use nats:// or tls://)")
            }
            rest = rest[range.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var user: String?
        var password: String?
        var token: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = String(userInfo[..<colon]).percentDecoded
                password = String(userInfo[userInfo.index(after: colon)...]).percentDecoded
            } else {
                token = String(userInfo).percentDecoded
            }
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw NATSClientError(.invalidConfiguration, "unclosed [ in server URL host")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw NATSClientError(.invalidConfiguration, "unexpected text after ] in server URL")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw NATSClientError(.invalidConfiguration, "server URL has no host") }
        var port = 4222
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw NATSClientError(.invalidConfiguration, "invalid port \"\(portText)\" in server URL")
            }
            port = parsed
        }
        self.init(scheme: scheme, host: String(host), port: port, isImplicit: isImplicit)
        self.user = user
        self.password = password
        self.token = token
    }

    /// Parses a comma-separated list of URLs (the `NATS_URL` form).
    public static func parseList(_ text: String) throws -> [ServerAddress] {
        let parts = text.split(separator: ",").map { String($0).trimmingBlanks }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw NATSClientError(.invalidConfiguration, "no server URL given") }
        return try parts.map { try ServerAddress(parsing: $0) }
    }

    /// The host is an IPv4 or IPv6 literal, not a name.
    public var hostIsIPLiteral: Bool { Self.isIPLiteral(host) }

    static func isIPLiteral(_ host: String) -> Bool {
        host.contains(":") || (!host.isEmpty && host.allSatisfy { $0.isNumber || $0 == "." })
    }

    /// `scheme://host:port`, never credentials.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme.rawValue)://\(shownHost):\(port)"
    }

    /// Identity for pool de-duplication: host and port.
    var endpoint: String { "\(host.lowercased()):\(port)" }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    package var trimmingBlanks: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" || first == "\n" || first == "\r" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\n" || last == "\r" { s = s.dropLast() }
        return String(s)
    }

    /// Decodes `%XX` escapes (for credentials in URLs); invalid escapes are kept as written.
    var percentDecoded: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
