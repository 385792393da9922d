/// An online place: its kind, the identifier it is known by, its URLs and IP addresses, optional
/// network details, and platform metadata (src/value_objects/virtual_location.rs of the original).
public struct VirtualLocation: Hashable, Sendable {
    public var locationType: VirtualLocationType
    public var primaryIdentifier: String
    public var urls: [VirtualURL]
    public var ipAddresses: [IPAddress]
    public var networkInfo: NetworkInfo?
    public var metadata: [String: String]

    public init(
        locationType: VirtualLocationType, primaryIdentifier: String, urls: [VirtualURL] = [], ipAddresses: [IPAddress] = [],
        networkInfo: NetworkInfo? = nil, metadata: [String: String] = [:]
    ) {
        self.locationType = locationType
        self.primaryIdentifier = primaryIdentifier
        self.urls = urls
        self.ipAddresses = ipAddresses
        self.networkInfo = networkInfo
        self.metadata = metadata
    }
}

/// The kind of virtual location: a unit variant (`"Website"`), a struct variant
/// (`{"CloudService":{"provider","region"}}`) or `{"Custom":"<text>"}`.
public enum VirtualLocationType: Hashable, Sendable {
    case website
    case apiEndpoint
    case cloudService(provider: String, region: String)
    case container(orchestrator: String, namespace: String)
    case virtualMachine
    case networkDevice
    case meetingRoom(platform: String)
    case gameServer
    case blockchainAddress(chain: String)
    case emailServer
    case custom(String)
}

/// A URL of a virtual location; a lower `priority` comes first.
public struct VirtualURL: Hashable, Sendable {
    public var url: String
    public var urlType: URLType
    public var isActive: Bool
    public var priority: UInt8
    public var metadata: [String: String]

    public init(url: String, urlType: URLType, isActive: Bool = true, priority: UInt8 = 0, metadata: [String: String] = [:]) {
        self.url = url
        self.urlType = urlType
        self.isActive = isActive
        self.priority = priority
        self.metadata = metadata
    }
}

/// What a URL is for: a unit variant (`"Primary"`) or `{"Custom":"<text>"}`.
public enum URLType: Hashable, Sendable {
    case primary, api, documentation, support, status, webhook, cdn, mirror, development
    case custom(String)
}
