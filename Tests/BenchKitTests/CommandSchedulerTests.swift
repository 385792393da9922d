import Testing

@testable import BenchKit

@Suite struct CommandSchedulerTests {
    @Test func freshIdsGetACreateThenTheirUpdatesInOrder() throws {
        var scheduler = try CommandScheduler(keySpace: .fresh(updates: 2), seed: 1)
        let create = scheduler.next()
        #expect(create.kind == .create && create.expectedVersion == 1)
        // Nothing of that aggregate is planned until its create was answered.
        let other = scheduler.next()
        #expect(other.kind == .create && other.id != create.id)
        scheduler.answered(create, stored: true)
        let update = scheduler.next()
        #expect(update.kind == .update && update.id == create.id && update.expectedVersion == 2)
        scheduler.answered(update, stored: true)
        let last = scheduler.next()
        #expect(last.id == create.id && last.expectedVersion == 3)
        scheduler.answered(last, stored: true)
        // Two updates done: the next command starts a new aggregate.
        #expect(scheduler.next().kind == .create)
        // A refused command ends its aggregate.
        scheduler.answered(other, stored: false)
        #expect(scheduler.readyCount == 0)
    }

    @Test func aPopulationIsCreatedFirstThenUpdated() throws {
        var scheduler = try CommandScheduler(keySpace: .population(count: 100, distribution: .uniform, createRatio: 0), seed: 2)
        let setup = scheduler.setup
        #expect(setup.count == 100 && Set(setup.map(\.id)).count == 100 && setup.allSatisfy { $0.kind == .create })
        let ids = Set(setup.map(\.id))
        var variants = Set<Int>()
        for _ in 0..<1000 {
            let command = scheduler.next()
            #expect(command.kind == .update && ids.contains(command.id) && command.expectedVersion == nil)
            variants.insert(command.variant)
        }
        #expect(variants.count == 1000)  // no update repeats another's value
    }

    @Test func theCreateShareIsKept() throws {
        var scheduler = try CommandScheduler(keySpace: .population(count: 10, distribution: .zipf(s: 1), createRatio: 0.25), seed: 3)
        let creates = (0..<20_000).filter { _ in scheduler.next().kind == .create }.count
        #expect(abs(Double(creates) / 20_000 - 0.25) < 0.02)
    }

    @Test func idsAreVersion4UUIDs() throws {
        var scheduler = try CommandScheduler(keySpace: .fresh(updates: 0), seed: 4)
        let id = scheduler.next().id
        #expect(id.count == 36 && id == id.lowercased())
        let characters = Array(id)
        #expect(characters[8] == "-" && characters[14] == "4" && "89ab".contains(characters[19]))
    }
}
