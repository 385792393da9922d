/// The Location aggregate's state: a pure value folded from `LocationEvent`s. Every field of the
/// definition survives a rebuild (the original lost `parent_id` and turned Logical into Physical).
public struct Location: Aggregate, Hashable {
    public typealias Command = LocationRequest
    public typealias Event = LocationEvent
    public typealias Failure = LocationError

    public internal(set) var id: LocationID?
    public internal(set) var version = 0
    public internal(set) var status = LocationStatus.notDefined
    public internal(set) var name: String?
    public internal(set) var locationType: LocationType?
    public internal(set) var address: Address?
    public internal(set) var coordinates: GeoCoordinates?
    public internal(set) var virtualLocation: VirtualLocation?
    public internal(set) var parentID: LocationID?
    public internal(set) var metadata: [String: String] = [:]

    public init() {}

    public static func target(of command: LocationRequest) -> LocationID { command.body.locationID }
}

/// Where a location is in its lifecycle. Archived is terminal.
public enum LocationStatus: String, Hashable, Sendable, CaseIterable {
    /// No `LocationDefined` yet.
    case notDefined = "NotDefined"
    case active = "Active"
    case archived = "Archived"
}
