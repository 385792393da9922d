import Aggregates
import Testing

@Suite struct LocationHierarchyTests {
    typealias L = LocationFixture

    /// campus ← floor ← room, and hq on its own.
    static let world: [LocationID: [LocationEvent]] = [
        L.campus: [L.defined(L.campus)],
        L.floor: [L.defined(L.floor, parent: L.campus)],
        L.room: [L.defined(L.room, type: .logical, parent: L.floor)],
        L.hq: [L.hqDefined],
    ]

    @Test func setParentRecordsTheNewAndThePreviousParent() {
        let first = L.given([L.hqDefined], when: .setParent(locationID: L.hq, parentID: L.campus, reason: "joined"), ancestry: .ancestors([L.campus]))
        #expect(first.events == [.parentLocationSet(locationID: L.hq, parentID: L.campus, previousParentID: nil, reason: "joined")])
        let history = [L.hqDefined] + (first.events ?? [])
        #expect(Location.replay(history).parentID == L.campus)
        let second = L.given(history, when: .setParent(locationID: L.hq, parentID: L.floor, reason: "moved"), ancestry: .ancestors([L.floor, L.campus]))
        #expect(second.events == [.parentLocationSet(locationID: L.hq, parentID: L.floor, previousParentID: L.campus, reason: "moved")])
    }

    /// Only commands that give a location a parent are decided one at a time across replicas.
    @Test func onlyGivingAParentIsInTheHierarchyScope() {
        #expect(Location.exclusiveScopes == ["hierarchy"])
        #expect(Location.exclusiveScope(of: L.request(.setParent(locationID: L.hq, parentID: L.campus, reason: "r"))) == "hierarchy")
        #expect(Location.exclusiveScope(of: L.request(.define(L.definition(L.floor, parent: L.campus)))) == "hierarchy")
        #expect(Location.exclusiveScope(of: L.request(.define(L.definition(L.floor)))) == nil)
        #expect(Location.exclusiveScope(of: L.request(.setParent(locationID: L.hq, parentID: L.hq, reason: "r"))) == nil, "refused without reading anything")
        #expect(Location.exclusiveScope(of: L.request(.removeParent(locationID: L.hq, reason: "r"))) == nil)
        #expect(Location.exclusiveScope(of: L.request(.archive(locationID: L.hq, reason: "r"))) == nil)
    }

    @Test func theSameParentAgainSaysNoChange() {
        let history = [L.hqDefined, .parentLocationSet(locationID: L.hq, parentID: L.campus, previousParentID: nil, reason: "r")]
        #expect(L.given(history, when: .setParent(locationID: L.hq, parentID: L.campus, reason: "again")).code == .noChange)
    }

    @Test func aLocationCannotBeItsOwnParent() {
        let result = L.given([L.hqDefined], when: .setParent(locationID: L.hq, parentID: L.hq, reason: "loop"))
        #expect(result.code == .parentCycle)
        #expect(result.field == "parent_id")
        #expect(result.message == "Location cannot be its own parent")
    }

    @Test func aDescendantCannotBecomeTheParent() {
        // campus → room would close campus ← floor ← room ← campus.
        let result = L.given(world: Self.world, when: .setParent(locationID: L.campus, parentID: L.room, reason: "loop"))
        #expect(result.code == .parentCycle)
        #expect(result.field == "parent_id")
        let direct = L.given(world: Self.world, when: .setParent(locationID: L.campus, parentID: L.floor, reason: "loop"))
        #expect(direct.code == .parentCycle)
    }

    @Test func aNonDescendantCanBecomeTheParent() {
        let result = L.given(world: Self.world, when: .setParent(locationID: L.hq, parentID: L.room, reason: "inside"))
        #expect(result.events == [.parentLocationSet(locationID: L.hq, parentID: L.room, previousParentID: nil, reason: "inside")])
        let sibling = L.given(world: Self.world, when: .setParent(locationID: L.room, parentID: L.campus, reason: "up"))
        #expect(sibling.events?.count == 1)
    }

    @Test func theParentMustExist() {
        let result = L.given(world: [L.hq: [L.hqDefined]], when: .setParent(locationID: L.hq, parentID: L.campus, reason: "r"))
        #expect(result.code == .parentNotFound)
        #expect(result.field == "parent_id")
    }

    @Test func withoutTheAncestryNothingIsRecorded() {
        let result = L.given([L.hqDefined], when: .setParent(locationID: L.hq, parentID: L.campus, reason: "r"))
        #expect(result.code == .hierarchyUnavailable)
        #expect(result.field == "parent_id")
    }

    @Test func anAncestryDeeperThanTheLimitIsRefused() {
        let ids = (0...Location.maxHierarchyDepth).map { LocationID(text: "00000000-0000-4000-8000-\(String(100_000_000_000 + $0))")! }
        var world: [LocationID: [LocationEvent]] = [L.hq: [L.hqDefined]]
        for (index, id) in ids.enumerated() {
            world[id] = [L.defined(id, parent: index + 1 < ids.count ? ids[index + 1] : nil)]
        }
        let result = L.given(world: world, when: .setParent(locationID: L.hq, parentID: ids[0], reason: "deep"))
        #expect(result.code == .hierarchyTooDeep)
        // One level less fits.
        let shallow = L.given(world: world, when: .setParent(locationID: L.hq, parentID: ids[1], reason: "deep"))
        #expect(shallow.events?.count == 1)
    }

    @Test func removeParentRecordsThePreviousParent() {
        let history = [L.hqDefined, .parentLocationSet(locationID: L.hq, parentID: L.campus, previousParentID: nil, reason: "r")]
        let result = L.given(history, when: .removeParent(locationID: L.hq, reason: "independent"))
        #expect(result.events == [.parentLocationRemoved(locationID: L.hq, previousParentID: L.campus, reason: "independent")])
        #expect(Location.replay(history + (result.events ?? [])).parentID == nil)
    }

    @Test func removingAMissingParentSaysNoChange() {
        #expect(L.given([L.hqDefined], when: .removeParent(locationID: L.hq, reason: "r")).code == .noChange)
    }

    @Test func parentCommandsNeedAReason() {
        #expect(L.given([L.hqDefined], when: .setParent(locationID: L.hq, parentID: L.campus, reason: ""), ancestry: .ancestors([L.campus])).code == .emptyReason)
        let history = [L.hqDefined, .parentLocationSet(locationID: L.hq, parentID: L.campus, previousParentID: nil, reason: "r")]
        #expect(L.given(history, when: .removeParent(locationID: L.hq, reason: "\t")).code == .emptyReason)
    }
}
