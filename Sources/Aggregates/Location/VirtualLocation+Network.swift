/// An IP address of a virtual location. The address is kept as the text given (the codec checks
/// that it is an IPv4 or IPv6 address, as the original's `IpAddr` did).
public struct IPAddress: Hashable, Sendable {
    public var address: String
    public var ipType: IPAddressType
    public var isActive: Bool
    public var ports: [PortMapping]
    public var reverseDNS: String?

    public init(address: String, ipType: IPAddressType, isActive: Bool = true, ports: [PortMapping] = [], reverseDNS: String? = nil) {
        self.address = address
        self.ipType = ipType
        self.isActive = isActive
        self.ports = ports
        self.reverseDNS = reverseDNS
    }
}

/// How an IP address is used: a unit variant (`"Primary"`) or `{"Custom":"<text>"}`.
public enum IPAddressType: Hashable, Sendable {
    case primary, loadBalancer, failover, `internal`, vpnEndpoint, natGateway
    case custom(String)
}

/// A port served at an IP address.
public struct PortMapping: Hashable, Sendable {
    public var port: UInt16
    public var `protocol`: String
    public var service: String
    public var encrypted: Bool

    public init(port: UInt16, protocol: String, service: String, encrypted: Bool = false) {
        self.port = port
        self.protocol = `protocol`
        self.service = service
        self.encrypted = encrypted
    }
}

/// Network details: AS number and organisation, CIDR blocks, BGP data, latencies in milliseconds.
public struct NetworkInfo: Hashable, Sendable {
    public var asn: UInt32?
    public var asOrg: String?
    public var cidrBlocks: [String]
    public var bgpInfo: BGPInfo?
    public var latencyMap: [String: Double]

    public init(asn: UInt32? = nil, asOrg: String? = nil, cidrBlocks: [String] = [], bgpInfo: BGPInfo? = nil, latencyMap: [String: Double] = [:]) {
        self.asn = asn
        self.asOrg = asOrg
        self.cidrBlocks = cidrBlocks
        self.bgpInfo = bgpInfo
        self.latencyMap = latencyMap
    }
}

/// BGP routing data of a network.
public struct BGPInfo: Hashable, Sendable {
    public var communities: [String]
    public var originAS: UInt32
    public var asPath: [UInt32]

    public init(communities: [String] = [], originAS: UInt32, asPath: [UInt32] = []) {
        self.communities = communities
        self.originAS = originAS
        self.asPath = asPath
    }
}
