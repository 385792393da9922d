/// A location as `location.commands.define` describes it, and as `LocationDefined` records it.
public struct LocationDefinition: Hashable, Sendable {
    public var locationID: LocationID
    public var name: String
    public var locationType: LocationType
    public var address: Address?
    public var coordinates: GeoCoordinates?
    public var virtualLocation: VirtualLocation?
    public var parentID: LocationID?

    public init(
        locationID: LocationID, name: String, locationType: LocationType, address: Address? = nil,
        coordinates: GeoCoordinates? = nil, virtualLocation: VirtualLocation? = nil, parentID: LocationID? = nil
    ) {
        self.locationID = locationID
        self.name = name
        self.locationType = locationType
        self.address = address
        self.coordinates = coordinates
        self.virtualLocation = virtualLocation
        self.parentID = parentID
    }
}

/// What `location.commands.update` asks to change: each given detail replaces the current one
/// (a detail cannot be cleared), and a reason.
public struct LocationChanges: Hashable, Sendable {
    public var locationID: LocationID
    public var name: String?
    public var address: Address?
    public var coordinates: GeoCoordinates?
    public var virtualLocation: VirtualLocation?
    public var reason: String

    public init(
        locationID: LocationID, name: String? = nil, address: Address? = nil, coordinates: GeoCoordinates? = nil,
        virtualLocation: VirtualLocation? = nil, reason: String
    ) {
        self.locationID = locationID
        self.name = name
        self.address = address
        self.coordinates = coordinates
        self.virtualLocation = virtualLocation
        self.reason = reason
    }
}

/// `LocationUpdated`: for each detail that changed, the value before and after; details that did
/// not change are absent in both.
public struct LocationUpdate: Hashable, Sendable {
    public var locationID: LocationID
    public var previousName: String?
    public var name: String?
    public var previousAddress: Address?
    public var address: Address?
    public var previousCoordinates: GeoCoordinates?
    public var coordinates: GeoCoordinates?
    public var previousVirtualLocation: VirtualLocation?
    public var virtualLocation: VirtualLocation?
    public var reason: String

    public init(
        locationID: LocationID, previousName: String? = nil, name: String? = nil, previousAddress: Address? = nil,
        address: Address? = nil, previousCoordinates: GeoCoordinates? = nil, coordinates: GeoCoordinates? = nil,
        previousVirtualLocation: VirtualLocation? = nil, virtualLocation: VirtualLocation? = nil, reason: String
    ) {
        self.locationID = locationID
        self.previousName = previousName
        self.name = name
        self.previousAddress = previousAddress
        self.address = address
        self.previousCoordinates = previousCoordinates
        self.coordinates = coordinates
        self.previousVirtualLocation = previousVirtualLocation
        self.virtualLocation = virtualLocation
        self.reason = reason
    }
}
