import Aggregates
import Testing

@Suite struct LocationDefineTests {
    typealias L = LocationFixture

    @Test func defineOnANewIDRecordsTheDefinitionAsGiven() {
        #expect(L.given([], when: .define(L.seedDefinition)).events == [.locationDefined(L.seedDefinition)])
    }

    @Test func defineOnAnExistingLocationIsRefusedEvenWhenArchived() {
        for history in [[L.hqDefined], [L.hqDefined, L.hqArchived]] {
            let result = L.given(history, when: .define(L.seedDefinition))
            #expect(result.code == .alreadyExists)
            #expect(result.field == "location_id")
            #expect(result.message == "Location already exists: \(L.hq.text)")
        }
    }

    @Test func aBlankNameIsRefused() {
        let result = L.given([], when: .define(L.definition(L.hq, name: " \t")))
        #expect(result.code == .invalid)
        #expect(result.field == "name")
    }

    @Test func aPhysicalLocationNeedsAnAddressOrCoordinates() {
        let none = L.given([], when: .define(L.definition(L.hq, address: nil)))
        #expect(none.code == .invalid)
        #expect(none.field == "address")
        #expect(L.given([], when: .define(L.definition(L.hq, address: nil, coordinates: L.nyc))).events?.count == 1)
        #expect(L.given([], when: .define(L.definition(L.hq, address: L.shelbyville, coordinates: L.summit))).events?.count == 1)
    }

    @Test(arguments: [
        (Address(street: "", locality: "a", region: "b", country: "c", postalCode: "d"), "address.street", "Street address cannot be empty"),
        (Address(street: "a", locality: " ", region: "b", country: "c", postalCode: "d"), "address.locality", "Locality cannot be empty"),
        (Address(street: "a", locality: "b", region: "\n", country: "c", postalCode: "d"), "address.region", "Region cannot be empty"),
        (Address(street: "a", locality: "b", region: "c", country: "", postalCode: "d"), "address.country", "Country cannot be empty"),
        (Address(street: "a", locality: "b", region: "c", country: "d", postalCode: "  "), "address.postal_code", "Postal code cannot be empty"),
    ])
    func everyRequiredAddressFieldMustBeNonBlank(address: Address, field: String, message: String) {
        let result = L.given([], when: .define(L.definition(L.hq, address: address)))
        #expect(result.code == .invalid)
        #expect(result.field == field)
        #expect(result.message == message)
    }

    @Test func anEmptySecondStreetLineIsAccepted() {
        var address = L.springfield
        address.street2 = ""
        #expect(L.given([], when: .define(L.definition(L.hq, address: address))).events?.count == 1)
    }

    @Test(arguments: [
        (GeoCoordinates(latitude: 90.000001, longitude: 0), "coordinates.latitude"),
        (GeoCoordinates(latitude: -91, longitude: 0), "coordinates.latitude"),
        (GeoCoordinates(latitude: .nan, longitude: 0), "coordinates.latitude"),
        (GeoCoordinates(latitude: 0, longitude: 180.5), "coordinates.longitude"),
        (GeoCoordinates(latitude: 0, longitude: -181), "coordinates.longitude"),
        (GeoCoordinates(latitude: 0, longitude: 0, altitude: .infinity), "coordinates.altitude"),
        (GeoCoordinates(latitude: 0, longitude: 0, coordinateSystem: ""), "coordinates.coordinate_system"),
    ])
    func coordinatesOutOfRangeAreRefused(coordinates: GeoCoordinates, field: String) {
        let result = L.given([], when: .define(L.definition(L.hq, address: nil, coordinates: coordinates)))
        #expect(result.code == .invalid)
        #expect(result.field == field)
    }

    @Test func theRangeBoundsAreIncluded() {
        for (latitude, longitude) in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)] {
            let coordinates = GeoCoordinates(latitude: latitude, longitude: longitude)
            #expect(L.given([], when: .define(L.definition(L.hq, address: nil, coordinates: coordinates))).events?.count == 1)
        }
        #expect(GeoCoordinates(latitude: -90, longitude: 180).invalidField == nil)
    }

    @Test func aVirtualLocationTakesNeitherAddressNorCoordinates() {
        let address = L.given([], when: .define(L.definition(L.hq, type: .virtual, address: L.springfield, virtual: L.zoom)))
        #expect(address.code == .invalid)
        #expect(address.field == "address")
        #expect(address.message == "Cannot set physical address on virtual location")
        let coordinates = L.given([], when: .define(L.definition(L.hq, type: .virtual, address: nil, coordinates: L.nyc)))
        #expect(coordinates.field == "coordinates")
        #expect(L.given([], when: .define(L.definition(L.hq, type: .virtual, address: nil, virtual: L.zoom))).events?.count == 1)
        #expect(L.given([], when: .define(L.definition(L.hq, type: .virtual, address: nil))).events?.count == 1)
    }

    @Test func detailsFollowTheOriginalsCapabilitiesPerType() {
        #expect(L.given([], when: .define(L.definition(L.hq, type: .physical, virtual: L.zoom))).field == "virtual_location")
        #expect(L.given([], when: .define(L.definition(L.hq, type: .logical, address: nil))).events?.count == 1)
        #expect(L.given([], when: .define(L.definition(L.hq, type: .logical))).field == "address")
        #expect(L.given([], when: .define(L.definition(L.hq, type: .logical, address: nil, virtual: L.website))).field == "virtual_location")
        #expect(L.given([], when: .define(L.definition(L.hq, type: .hybrid, coordinates: L.nyc, virtual: L.zoom))).events?.count == 1)
        #expect(L.given([], when: .define(L.definition(L.hq, type: .hybrid, address: nil))).events?.count == 1)
    }

    @Test func defineWithAParentChecksTheParentsAncestry() {
        let child = L.definition(L.hq, parent: L.campus)
        #expect(L.given([], when: .define(child)).code == .hierarchyUnavailable)
        #expect(L.given([], when: .define(child), ancestry: .parentNotFound).code == .parentNotFound)
        #expect(L.given([], when: .define(child), ancestry: .ancestors([L.campus])).events == [.locationDefined(child)])
        #expect(L.given(world: [L.campus: [L.defined(L.campus)]], when: .define(child)).events == [.locationDefined(child)])
        #expect(L.given(world: [:], when: .define(child)).code == .parentNotFound)
        let own = L.given([], when: .define(L.definition(L.hq, parent: L.hq)), ancestry: .ancestors([L.hq]))
        #expect(own.code == .parentCycle)
        #expect(own.field == "parent_id")
        #expect(own.message == "Location cannot be its own parent")
    }

    @Test func anAncestryReadForAnotherParentIsNotTrusted() {
        let result = L.given([], when: .define(L.definition(L.hq, parent: L.campus)), ancestry: .ancestors([L.floor]))
        #expect(result.code == .hierarchyUnavailable)
    }

    @Test func rebuildingRestoresEveryFieldTheOriginalLost() {
        let logical = L.definition(L.room, name: "Sales", type: .logical, address: nil, parent: L.floor)
        let state = Location.replay([.locationDefined(logical)])
        #expect(state.id == L.room)
        #expect(state.locationType == .logical)
        #expect(state.parentID == L.floor)
        #expect(state.name == "Sales")
        #expect(state.status == .active)
        #expect(state.version == 1)
        let hybrid = L.definition(L.hq, type: .hybrid, address: L.shelbyville, coordinates: L.summit, virtual: L.zoom, parent: L.campus)
        let rebuilt = Location.replay([.locationDefined(hybrid)])
        #expect(rebuilt.address == L.shelbyville)
        #expect(rebuilt.coordinates == L.summit)
        #expect(rebuilt.virtualLocation == L.zoom)
        #expect(rebuilt.parentID == L.campus)
        #expect(rebuilt.locationType == .hybrid)
    }
}
