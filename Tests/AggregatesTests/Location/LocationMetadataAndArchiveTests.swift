import Aggregates
import Testing

@Suite struct LocationMetadataAndArchiveTests {
    typealias L = LocationFixture

    static let withMetadata = [
        L.hqDefined,
        LocationEvent.locationMetadataAdded(locationID: L.hq, addedMetadata: ["wifi": "yes"], currentMetadata: ["wifi": "yes"], reason: "r"),
    ]

    // MARK: add_metadata

    @Test func addMetadataRecordsTheAddedAndTheResultingEntries() {
        let result = L.given(Self.withMetadata, when: .addMetadata(locationID: L.hq, metadata: ["parking": "free", "capacity": "100"], reason: "facilities"))
        #expect(result.events == [.locationMetadataAdded(
            locationID: L.hq, addedMetadata: ["parking": "free", "capacity": "100"],
            currentMetadata: ["wifi": "yes", "parking": "free", "capacity": "100"], reason: "facilities")])
        #expect(Location.replay(Self.withMetadata + (result.events ?? [])).metadata == ["wifi": "yes", "parking": "free", "capacity": "100"])
    }

    @Test func aChangedValueReplacesTheOldOneAndUnchangedEntriesAreLeftOut() {
        let result = L.given(Self.withMetadata, when: .addMetadata(locationID: L.hq, metadata: ["wifi": "no", "floor": "3"], reason: "r"))
        #expect(result.events == [.locationMetadataAdded(
            locationID: L.hq, addedMetadata: ["wifi": "no", "floor": "3"], currentMetadata: ["wifi": "no", "floor": "3"], reason: "r")])
        let partly = L.given(Self.withMetadata, when: .addMetadata(locationID: L.hq, metadata: ["wifi": "yes", "floor": "3"], reason: "r"))
        #expect(partly.events == [.locationMetadataAdded(
            locationID: L.hq, addedMetadata: ["floor": "3"], currentMetadata: ["wifi": "yes", "floor": "3"], reason: "r")])
    }

    @Test func metadataAlreadyRecordedSaysNoChange() {
        #expect(L.given(Self.withMetadata, when: .addMetadata(locationID: L.hq, metadata: ["wifi": "yes"], reason: "r")).code == .noChange)
    }

    @Test func emptyMetadataOrABlankKeyIsInvalid() {
        let empty = L.given([L.hqDefined], when: .addMetadata(locationID: L.hq, metadata: [:], reason: "r"))
        #expect(empty.code == .invalid)
        #expect(empty.field == "metadata")
        let blank = L.given([L.hqDefined], when: .addMetadata(locationID: L.hq, metadata: [" ": "x", "ok": "y"], reason: "r"))
        #expect(blank.code == .invalid)
        #expect(blank.field == "metadata")
        #expect(L.given([L.hqDefined], when: .addMetadata(locationID: L.hq, metadata: ["k": ""], reason: "r")).events?.count == 1)
    }

    @Test func addMetadataNeedsAReason() {
        #expect(L.given([L.hqDefined], when: .addMetadata(locationID: L.hq, metadata: ["k": "v"], reason: "")).code == .emptyReason)
    }

    // MARK: archive

    @Test func archiveRecordsTheNameAndTypeAndIsTerminal() {
        let result = L.given([L.hqDefined], when: .archive(locationID: L.hq, reason: "closed"))
        #expect(result.events == [L.hqArchived])
        let state = Location.replay([L.hqDefined, L.hqArchived])
        #expect(state.status == .archived)
        #expect(state.name == "Test Location")
        #expect(state.address == L.springfield)
    }

    @Test func archivingTwiceIsRefused() {
        let result = L.given([L.hqDefined, L.hqArchived], when: .archive(locationID: L.hq, reason: "again"))
        #expect(result.code == .archived)
        #expect(result.message == "Location is already archived")
    }

    @Test func anArchivedLocationRefusesEveryChange() {
        // The original let set_parent and add_metadata through on an archived location.
        for command in L.nonDefineCommands {
            let result = L.given([L.hqDefined, L.hqArchived], when: command, ancestry: .ancestors([L.campus]))
            #expect(result.code == .archived, "\(command.typeName)")
            #expect(result.field == nil)
        }
    }

    @Test func archiveNeedsAReason() {
        #expect(L.given([L.hqDefined], when: .archive(locationID: L.hq, reason: " ")).code == .emptyReason)
    }

    // MARK: missing

    @Test func everyOtherCommandOnAMissingLocationIsNotFound() {
        for command in L.nonDefineCommands {
            let result = L.given([], when: command, ancestry: .ancestors([L.campus]))
            #expect(result.code == .notFound, "\(command.typeName)")
            #expect(result.field == "location_id")
            #expect(result.message == "Location not found: \(L.hq.text)")
        }
    }
}
