/// An error of the HTTP endpoint (`/healthz`, `/readyz`, `/metrics`): it could not start.
///
/// The code is a struct over a private enum, so codes can be added without breaking callers.
public struct HTTPEndpointError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case invalidConfiguration
            case addressInUse
            case bindFailed
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The host or port is not valid (port 0 means "off": such an endpoint is not run).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Another socket already listens on the host and port.
        public static let addressInUse = Code(.addressInUse)
        /// Listening failed for another reason (an unknown host, no permission …).
        public static let bindFailed = Code(.bindFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The host the endpoint was to listen on.
    public var host: String
    /// The port the endpoint was to listen on.
    public var port: Int
    public var detail: String
    /// The lower-level error (a NIO `IOError`, a resolution error …).
    public var underlying: (any Error)?

    public init(_ code: Code, host: String, port: Int, _ detail: String, underlying: (any Error)? = nil) {
        self.code = code
        self.host = host
        self.port = port
        self.detail = detail
        self.underlying = underlying
    }

    public var description: String {
        var text = "HTTP endpoint error (\(code)) on \(host):\(port): \(detail)"
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    /// Equal when code, host, port and detail are equal and the underlying errors describe
    /// themselves alike (errors are not `Equatable` in general).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.host == rhs.host && lhs.port == rhs.port && lhs.detail == rhs.detail
            && lhs.underlying.map { "\($0)" } == rhs.underlying.map { "\($0)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(detail)
    }
}
