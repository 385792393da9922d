import Aggregates
import Testing

/// Shared values for the Location tests: the seed's id and address, a small hierarchy, and
/// given-when-then helpers.
enum LocationFixture {
    /// The seed's `location_id`.
    static let hq = LocationID(text: "550e8400-e29b-41d4-a716-446655440000")!
    static let campus = LocationID(text: "550e8400-e29b-41d4-a716-446655440001")!
    static let floor = LocationID(text: "550e8400-e29b-41d4-a716-446655440002")!
    static let room = LocationID(text: "550e8400-e29b-41d4-a716-446655440003")!
    static let t1 = Timestamp(secondsSinceEpoch: 1_762_801_200)  // 2025-11-10T19:00:00Z

    /// The seed's address.
    static let springfield = Address(street: "123 Main St", locality: "Springfield", region: "IL", country: "US", postalCode: "62701")
    static let shelbyville = Address(street: "742 Evergreen Terrace", street2: "Apt 4B", locality: "Shelbyville", region: "IL", country: "US", postalCode: "62565")
    static let nyc = GeoCoordinates(latitude: 40.7128, longitude: -74.006)
    static let summit = GeoCoordinates(latitude: 27.9881, longitude: 86.925, altitude: 8848.86)
    static let zoom = VirtualLocation(
        locationType: .meetingRoom(platform: "Zoom"), primaryIdentifier: "meeting-123",
        urls: [VirtualURL(url: "https://zoom.us/j/123", urlType: .primary)], metadata: ["passcode": "abc123"])
    static let website = VirtualLocation(locationType: .website, primaryIdentifier: "example.com")

    /// The seed's define command.
    static let seedDefinition = LocationDefinition(locationID: hq, name: "Test Location", locationType: .physical, address: springfield)

    static func definition(
        _ id: LocationID, name: String = "Site", type: LocationType = .physical, address: Address? = springfield,
        coordinates: GeoCoordinates? = nil, virtual: VirtualLocation? = nil, parent: LocationID? = nil
    ) -> LocationDefinition {
        LocationDefinition(
            locationID: id, name: name, locationType: type, address: address, coordinates: coordinates, virtualLocation: virtual,
            parentID: parent)
    }

    static func defined(_ id: LocationID, type: LocationType = .physical, parent: LocationID? = nil) -> LocationEvent {
        .locationDefined(definition(id, type: type, address: type.allowsPhysicalAttributes ? springfield : nil, parent: parent))
    }

    static let hqDefined = LocationEvent.locationDefined(seedDefinition)
    static let hqArchived = LocationEvent.locationArchived(locationID: hq, name: "Test Location", locationType: .physical, reason: "closed")

    static func request(_ body: LocationCommand, ancestry: ParentAncestry = .notRead) -> LocationRequest {
        LocationRequest(body, metadata: CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: t1), ancestry: ancestry)
    }

    /// Given `history`, when `command` is decided with `ancestry`: the events, or the refusal.
    static func given(_ history: [LocationEvent], when command: LocationCommand, ancestry: ParentAncestry = .notRead) -> Result<[LocationEvent], LocationError> {
        decide(Location.replay(history), request(command, ancestry: ancestry))
    }

    /// Given the histories of several locations, when `command` is decided against its target
    /// with the ancestry read from those histories (as a runtime would read it from the store).
    static func given(world: [LocationID: [LocationEvent]], when command: LocationCommand) -> Result<[LocationEvent], LocationError> {
        let states = world.mapValues { Location.replay($0) }
        let resolved = Location.resolvingAncestry(of: request(command), in: states)
        return decide(states[command.locationID] ?? Location(), resolved)
    }

    static func decide(_ state: Location, _ request: LocationRequest) -> Result<[LocationEvent], LocationError> {
        do throws(LocationError) {
            return .success(try state.decide(request))
        } catch {
            return .failure(error)
        }
    }

    /// One of each command except `define`, addressed to `hq`.
    static let nonDefineCommands: [LocationCommand] = [
        .update(LocationChanges(locationID: hq, name: "Renamed", reason: "rebrand")),
        .setParent(locationID: hq, parentID: campus, reason: "reorganised"),
        .removeParent(locationID: hq, reason: "independent"),
        .addMetadata(locationID: hq, metadata: ["wifi": "yes"], reason: "facilities"),
        .archive(locationID: hq, reason: "closed"),
    ]
}
