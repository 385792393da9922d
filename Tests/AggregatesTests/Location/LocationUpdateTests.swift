import Aggregates
import Testing

@Suite struct LocationUpdateTests {
    typealias L = LocationFixture

    static func update(
        name: String? = nil, address: Address? = nil, coordinates: GeoCoordinates? = nil, virtual: VirtualLocation? = nil,
        reason: String = "moved", id: LocationID = L.hq
    ) -> LocationCommand {
        .update(LocationChanges(locationID: id, name: name, address: address, coordinates: coordinates, virtualLocation: virtual, reason: reason))
    }

    @Test func aNewNameRecordsOnlyTheName() {
        let result = L.given([L.hqDefined], when: Self.update(name: "HQ"))
        #expect(result.events == [.locationUpdated(LocationUpdate(locationID: L.hq, previousName: "Test Location", name: "HQ", reason: "moved"))])
        #expect(Location.replay([L.hqDefined] + (result.events ?? [])).name == "HQ")
    }

    @Test func eachChangedDetailCarriesItsPreviousValue() {
        let result = L.given([L.hqDefined], when: Self.update(address: L.shelbyville, coordinates: L.nyc))
        let expected = LocationUpdate(
            locationID: L.hq, previousAddress: L.springfield, address: L.shelbyville, previousCoordinates: nil, coordinates: L.nyc,
            reason: "moved")
        #expect(result.events == [.locationUpdated(expected)])
        let state = Location.replay([L.hqDefined] + (result.events ?? []))
        #expect(state.address == L.shelbyville)
        #expect(state.coordinates == L.nyc)
        #expect(state.name == "Test Location")
    }

    @Test func detailsEqualToTheCurrentOnesAreLeftOut() {
        let result = L.given([L.hqDefined], when: Self.update(name: "Test Location", address: L.springfield, coordinates: L.nyc))
        #expect(result.events == [.locationUpdated(LocationUpdate(locationID: L.hq, coordinates: L.nyc, reason: "moved"))])
    }

    @Test func anUpdateThatChangesNothingSaysSo() {
        let same = L.given([L.hqDefined], when: Self.update(name: "Test Location", address: L.springfield))
        #expect(same.code == .noChange)
        #expect(same.message == "every detail is already that")
        let empty = L.given([L.hqDefined], when: Self.update())
        #expect(empty.code == .noChange)
        #expect(empty.message == "the update names no detail to change")
    }

    @Test func aVirtualLocationsDetailsCanBeReplaced() {
        let history: [LocationEvent] = [.locationDefined(L.definition(L.hq, type: .virtual, address: nil, virtual: L.website))]
        let result = L.given(history, when: Self.update(virtual: L.zoom))
        #expect(result.events == [.locationUpdated(LocationUpdate(locationID: L.hq, previousVirtualLocation: L.website, virtualLocation: L.zoom, reason: "moved"))])
        #expect(L.given(history, when: Self.update(address: L.springfield)).field == "address")
        #expect(L.given(history, when: Self.update(coordinates: L.nyc)).field == "coordinates")
        #expect(L.given([L.hqDefined], when: Self.update(virtual: L.zoom)).field == "virtual_location")
    }

    @Test func updatedValuesAreValidatedLikeDefinedOnes() {
        let blankName = L.given([L.hqDefined], when: Self.update(name: ""))
        #expect(blankName.code == .invalid)
        #expect(blankName.field == "name")
        var address = L.springfield
        address.postalCode = " "
        #expect(L.given([L.hqDefined], when: Self.update(address: address)).field == "address.postal_code")
        #expect(L.given([L.hqDefined], when: Self.update(coordinates: GeoCoordinates(latitude: 12, longitude: 200))).field == "coordinates.longitude")
    }

    @Test func aBlankReasonIsRefused() {
        let result = L.given([L.hqDefined], when: Self.update(name: "HQ", reason: " "))
        #expect(result.code == .emptyReason)
        #expect(result.field == "reason")
    }

    @Test func aCommandAddressedToAnotherLocationIsInvalid() {
        let result = L.given([L.hqDefined], when: Self.update(name: "HQ", id: L.campus))
        #expect(result.code == .invalid)
        #expect(result.field == "location_id")
    }
}
