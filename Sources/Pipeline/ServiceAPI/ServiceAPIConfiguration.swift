import Wire

/// What a service says about itself on `$SRV.INFO`, and the endpoints it reports on.
public struct ServiceAPIConfiguration: Sendable, Hashable {
    /// The kind of service, shared by all its instances: `^[A-Za-z0-9_-]+$`.
    public var name: String
    /// A SemVer 2.0 version (`1.4.2`, `2.0.0-rc.1+build.7`).
    public var version: String
    public var description: String
    /// Free annotations; sent as `{}` when empty.
    public var metadata: [String: String]
    /// The endpoints, in the order INFO and STATS list them.
    public var endpoints: [ServiceEndpoint]

    public init(
        name: String,
        version: String,
        description: String = "",
        metadata: [String: String] = [:],
        endpoints: [ServiceEndpoint] = []
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.metadata = metadata
        self.endpoints = endpoints
    }

    /// Checks the name, the version and every endpoint.
    ///
    /// - Throws: `ServiceAPIError` with `.invalidName`, `.invalidVersion` or `.invalidEndpoint`.
    public func validate() throws(ServiceAPIError) {
        guard Self.isValidName(name) else {
            throw ServiceAPIError(.invalidName, "service name \"\(name)\" must match ^[A-Za-z0-9_-]+$")
        }
        guard SemanticVersion.isValid(version) else {
            throw ServiceAPIError(.invalidVersion, "version \"\(version)\" is not a SemVer 2.0 version")
        }
        var names = Set<String>()
        for endpoint in endpoints {
            try endpoint.validate()
            guard names.insert(endpoint.name).inserted else {
                throw ServiceAPIError(.invalidEndpoint, "two endpoints are named \"\(endpoint.name)\"")
            }
        }
    }

    /// True for a non-empty name of ASCII letters, digits, `_` and `-` (service and endpoint names).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }
}

/// One endpoint of a service, as INFO describes it and STATS counts it.
public struct ServiceEndpoint: Sendable, Hashable {
    /// The queue group of ADR-32's endpoints unless another is given.
    public static let defaultQueueGroup = "q"

    /// `^[A-Za-z0-9_-]+$`; the key `record(endpoint:…)` uses.
    public var name: String
    /// The subject it listens on (wildcards allowed).
    public var subject: String
    public var queueGroup: String
    /// Sent as `{}` when empty.
    public var metadata: [String: String]

    public init(name: String, subject: String, queueGroup: String = ServiceEndpoint.defaultQueueGroup, metadata: [String: String] = [:]) {
        self.name = name
        self.subject = subject
        self.queueGroup = queueGroup
        self.metadata = metadata
    }

    /// - Throws: `ServiceAPIError(.invalidEndpoint)` naming what is wrong.
    public func validate() throws(ServiceAPIError) {
        guard ServiceAPIConfiguration.isValidName(name) else {
            throw ServiceAPIError(.invalidEndpoint, "endpoint name \"\(name)\" must match ^[A-Za-z0-9_-]+$")
        }
        do {
            try Subject.validateSubscribe(subject)
        } catch {
            throw ServiceAPIError(.invalidEndpoint, "endpoint \"\(name)\" has an invalid subject \"\(subject)\"", underlying: error)
        }
        do {
            try Subject.validateQueueGroup(queueGroup)
        } catch {
            throw ServiceAPIError(.invalidEndpoint, "endpoint \"\(name)\" has an invalid queue group \"\(queueGroup)\"", underlying: error)
        }
    }
}
