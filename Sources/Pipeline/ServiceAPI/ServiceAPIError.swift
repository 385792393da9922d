/// An error of the `$SRV` service API responder: an invalid configuration, or a subscription the
/// client refused.
///
/// The code is a struct over a private enum, so codes can be added without breaking callers.
public struct ServiceAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case invalidName
            case invalidVersion
            case invalidEndpoint
            case subscriptionFailed
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The service name is empty or has characters outside `A-Z a-z 0-9 _ -`.
        public static let invalidName = Code(.invalidName)
        /// The version is not a SemVer 2.0 version.
        public static let invalidVersion = Code(.invalidVersion)
        /// An endpoint's name, subject or queue group is not valid, or two endpoints share a name.
        public static let invalidEndpoint = Code(.invalidEndpoint)
        /// The client refused one of the `$SRV` subscriptions (closed, draining …).
        public static let subscriptionFailed = Code(.subscriptionFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var detail: String
    /// The lower-level error (a `NATSClientError`, a `NATSProtocolError` …).
    public var underlying: (any Error)?

    public init(_ code: Code, _ detail: String, underlying: (any Error)? = nil) {
        self.code = code
        self.detail = detail
        self.underlying = underlying
    }

    public var description: String {
        var text = "service API error (\(code)): \(detail)"
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    /// Equal when code and detail are equal and the underlying errors describe themselves alike
    /// (errors are not `Equatable` in general).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.detail == rhs.detail && lhs.underlying.map { "\($0)" } == rhs.underlying.map { "\($0)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(detail)
    }
}
