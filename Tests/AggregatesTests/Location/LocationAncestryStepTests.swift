import Aggregates
import Testing

/// The reads a runtime makes before deciding: parent first, then each ancestor, stopping at a
/// root, at the child (a cycle), at a location never defined, or at the depth limit.
@Suite struct LocationAncestryStepTests {
    typealias L = LocationFixture

    static let states: [LocationID: Location] = [
        L.campus: Location.replay([L.defined(L.campus)]),
        L.floor: Location.replay([L.defined(L.floor, parent: L.campus)]),
        L.room: Location.replay([L.defined(L.room, parent: L.floor)]),
    ]

    @Test func readsTheParentThenEachAncestorInTurn() {
        let request = L.request(.setParent(locationID: L.hq, parentID: L.room, reason: "r"))
        var reads: [LocationID: Location] = [:]
        var asked: [LocationID] = []
        var step = Location.ancestryStep(for: request, reads: reads)
        while case .read(let id) = step {
            asked.append(id)
            reads[id] = Self.states[id] ?? Location()
            step = Location.ancestryStep(for: request, reads: reads)
        }
        #expect(asked == [L.room, L.floor, L.campus])
        #expect(step == .resolved(.ancestors([L.room, L.floor, L.campus])))
    }

    @Test func theRuntimesPrerequisiteReadsTheSameAndFillsTheAncestryIn() {
        let request = L.request(.setParent(locationID: L.hq, parentID: L.room, reason: "r"))
        var reads: [LocationID: Location] = [:]
        var asked: [LocationID] = []
        var answer = Location.prerequisite(of: request, reads: reads)
        while case .read(let id) = answer {
            asked.append(id)
            reads[id] = Self.states[id] ?? Location()
            answer = Location.prerequisite(of: request, reads: reads)
        }
        #expect(asked == [L.room, L.floor, L.campus])
        guard case .ready(let resolved) = answer else { return }
        #expect(resolved.ancestry == .ancestors([L.room, L.floor, L.campus]))
        // A command that proposes no parent needs nothing.
        let archive = L.request(.archive(locationID: L.hq, reason: "closed"))
        guard case .ready(let same) = Location.prerequisite(of: archive, reads: [:]) else {
            Issue.record("archive asked for a read")
            return
        }
        #expect(same == archive)
    }

    @Test func stopsWhereACycleWouldClose() {
        let request = L.request(.setParent(locationID: L.floor, parentID: L.room, reason: "r"))
        #expect(Location.resolvingAncestry(of: request, in: Self.states).ancestry == .ancestors([L.room, L.floor]))
    }

    @Test func aMissingParentIsReported() {
        let request = L.request(.define(L.definition(L.hq, parent: L.campus)))
        #expect(Location.ancestryStep(for: request, reads: [:]) == .read(L.campus))
        #expect(Location.ancestryStep(for: request, reads: [L.campus: Location()]) == .resolved(.parentNotFound))
    }

    @Test func aDanglingAncestorEndsTheChain() {
        let states = [L.campus: Location.replay([L.defined(L.campus, parent: L.floor)])]
        let request = L.request(.setParent(locationID: L.hq, parentID: L.campus, reason: "r"))
        #expect(Location.resolvingAncestry(of: request, in: states).ancestry == .ancestors([L.campus]))
    }

    @Test func anExistingCycleElsewhereEndsTheChain() {
        // Corrupt history: campus and floor are each other's parent. Reading must still end.
        let states = [
            L.campus: Location.replay([L.defined(L.campus, parent: L.floor)]),
            L.floor: Location.replay([L.defined(L.floor, parent: L.campus)]),
        ]
        let request = L.request(.setParent(locationID: L.hq, parentID: L.campus, reason: "r"))
        let resolved = Location.resolvingAncestry(of: request, in: states)
        #expect(resolved.ancestry == .ancestors([L.campus, L.floor, L.campus]))
        #expect(L.decide(Location.replay([L.hqDefined]), resolved).events?.count == 1)
    }

    @Test func commandsWithoutAParentNeedNoReads() {
        let commands: [LocationCommand] = L.nonDefineCommands.filter { $0.proposedParent == nil } + [
            .define(L.seedDefinition), .setParent(locationID: L.hq, parentID: L.hq, reason: "self"),
        ]
        #expect(commands.count == 6)
        for command in commands {
            #expect(Location.ancestryStep(for: L.request(command), reads: [:]) == .notNeeded, "\(command.typeName)")
            #expect(Location.resolvingAncestry(of: L.request(command), in: Self.states).ancestry == .notRead)
        }
    }
}
