import Aggregates
import Testing

/// Random command sequences over four locations, each decided with the ancestry read from the
/// others' current states (as a runtime reads it from the store): replaying each location's
/// decided events gives the state the deciding saw, and the hierarchy never gets a cycle.
@Suite struct LocationReplayPropertyTests {
    typealias L = LocationFixture

    static let ids = [L.hq, L.campus, L.floor, L.room]

    /// A random command drawn from small pools, so collisions (no change, not found, archived,
    /// cycles) are common. Some values break rules on purpose.
    static func randomCommand(using rng: inout SplitMix64) -> LocationCommand {
        func pick<T>(_ values: [T]) -> T { values.randomElement(using: &rng)! }
        let id = pick(ids)
        let reasons = ["", " ", "moved", "audit"]
        let addresses: [Address?] = [nil, L.springfield, L.shelbyville, Address(street: " ", locality: "x", region: "y", country: "z", postalCode: "1")]
        let coordinates: [GeoCoordinates?] = [nil, L.nyc, L.summit, GeoCoordinates(latitude: 95, longitude: 0)]
        let virtuals: [VirtualLocation?] = [nil, L.zoom, L.website]
        switch Int.random(in: 0..<12, using: &rng) {
        case 0, 1:
            let parent: LocationID? = Bool.random(using: &rng) ? nil : pick(ids)
            return .define(
                LocationDefinition(
                    locationID: id, name: pick(["Site", "", "Depot"]), locationType: pick(LocationType.allCases), address: pick(addresses),
                    coordinates: pick(coordinates), virtualLocation: pick(virtuals), parentID: parent))
        case 2, 3:
            return .update(
                LocationChanges(
                    locationID: id, name: pick([nil, "Site", "Renamed", " "]), address: pick(addresses), coordinates: pick(coordinates),
                    virtualLocation: pick(virtuals), reason: pick(reasons)))
        case 4, 5, 6:
            return .setParent(locationID: id, parentID: pick(ids), reason: pick(reasons))
        case 7:
            return .removeParent(locationID: id, reason: pick(reasons))
        case 8, 9:
            let keys = ["wifi", "floor", " "]
            var metadata: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...2, using: &rng) { metadata[pick(keys)] = pick(["yes", "no", "3"]) }
            return .addMetadata(locationID: id, metadata: metadata, reason: pick(reasons))
        default:
            return Int.random(in: 0..<3, using: &rng) == 0 ? .archive(locationID: id, reason: pick(reasons)) : .removeParent(locationID: id, reason: pick(reasons))
        }
    }

    @Test(arguments: 0..<200 as Range<UInt64>)
    func replayingDecidedEventsGivesTheStateTheDecidingSaw(seed: UInt64) {
        _ = Self.run(seed: seed)
    }

    /// The sequences are not trivial: across the seeds every event shows up, and so does every
    /// refusal a resolved ancestry can lead to.
    @Test func theSeedsCoverEveryEventAndTheMainRefusals() {
        var events: Set<String> = []
        var codes: Set<String> = []
        for seed in 0..<200 as Range<UInt64> {
            let (logs, refused) = Self.run(seed: seed)
            events.formUnion(logs.values.joined().map(\.typeName))
            codes.formUnion(refused.map(\.description))
        }
        #expect(events == Set(LocationEvent.tagsForTests))
        #expect(codes.isSuperset(of: ["already_exists", "not_found", "archived", "empty_reason", "no_change", "invalid", "parent_not_found", "parent_cycle"]))
        #expect(!codes.contains("hierarchy_unavailable"))
    }

    /// Decides a random sequence for `seed`, checking after every step that replaying each
    /// location's log gives its state and that following parents always ends. Returns the logs
    /// and the refusal codes.
    static func run(seed: UInt64) -> (logs: [LocationID: [LocationEvent]], refused: [LocationError.Code]) {
        var rng = SplitMix64(state: seed)
        var states: [LocationID: Location] = [:]
        var logs: [LocationID: [LocationEvent]] = [:]
        var refused: [LocationError.Code] = []
        let steps = Int.random(in: 1...80, using: &rng)
        for step in 0..<steps {
            let command = randomCommand(using: &rng)
            let request = Location.resolvingAncestry(of: L.request(command), in: states)
            let target = Location.target(of: request)
            let state = states[target] ?? Location()
            do throws(LocationError) {
                let (next, events) = try state.handle(request)
                #expect(!events.isEmpty, "an accepted command always records something")
                #expect(events.allSatisfy { $0.locationID == target })
                logs[target, default: []] += events
                states[target] = next
            } catch {
                // A refusal records nothing: the state stays what it was.
                refused.append(error.code)
            }
            for id in ids {
                let log = logs[id] ?? []
                #expect(Location.replay(log) == (states[id] ?? Location()), "seed \(seed), step \(step), \(id.text)")
                #expect((states[id]?.version ?? 0) == log.count)
                #expect(Self.rootIsReached(from: id, in: states), "seed \(seed), step \(step): a parent cycle through \(id.text)")
            }
        }
        return (logs, refused)
    }

    /// Following parents from `id` ends within as many steps as there are locations.
    static func rootIsReached(from id: LocationID, in states: [LocationID: Location]) -> Bool {
        var current: LocationID? = id
        for _ in 0...ids.count {
            guard let here = current else { return true }
            current = states[here]?.parentID
        }
        return current == nil
    }
}

extension LocationEvent {
    /// Every event's name, for coverage checks.
    static let tagsForTests = [
        "LocationDefined", "LocationUpdated", "ParentLocationSet", "ParentLocationRemoved", "LocationMetadataAdded", "LocationArchived",
    ]
}
