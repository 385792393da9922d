import Testing

@testable import Pipeline

/// The shard's scheduling, driven without I/O: keys are aggregate ids, residents are versions,
/// jobs are names.
@Suite struct ShardSchedulerTests {
    typealias Scheduler = ShardScheduler<String, Int, String>

    /// A readable form of an action.
    static func describe(_ action: Scheduler.Action?) -> String {
        switch action {
        case nil: "none"
        case .load(let key): "load \(key)"
        case .run(let key, let resident, let job): "run \(job) on \(key)@\(resident)"
        case .fail(let jobs, _): "fail \(jobs.joined(separator: ","))"
        case .evict(let key, let resident): "evict \(key)@\(resident)"
        }
    }

    static func describe(_ actions: [Scheduler.Action]) -> [String] { actions.map { describe($0) } }

    @Test func aFirstCommandLoadsThenRuns() {
        var scheduler = Scheduler(maxResident: 10, idleTimeout: 100)
        #expect(Self.describe(scheduler.submit("c1", for: "a")) == "load a")
        #expect(Self.describe(scheduler.submit("c2", for: "a")) == "none")
        #expect(Self.describe(scheduler.loaded("a", .success(0), now: 1)) == ["run c1 on a@0"])
        #expect(Self.describe(scheduler.finished("a", resident: 1, now: 2)) == ["run c2 on a@1"])
        #expect(Self.describe(scheduler.finished("a", resident: 2, now: 3)) == [])
        #expect(scheduler.idleCount == 1)
        #expect(!scheduler.hasWork)
        #expect(Self.describe(scheduler.submit("c3", for: "a")) == "run c3 on a@2")
    }

    @Test func oneAggregateRunsInOrderWhileOthersGoOn() {
        var scheduler = Scheduler(maxResident: 10, idleTimeout: 100)
        _ = scheduler.submit("a1", for: "a")
        _ = scheduler.loaded("a", .success(0), now: 0)
        #expect(Self.describe(scheduler.submit("a2", for: "a")) == "none")
        #expect(Self.describe(scheduler.submit("b1", for: "b")) == "load b")
        #expect(Self.describe(scheduler.loaded("b", .success(5), now: 0)) == ["run b1 on b@5"])
        #expect(Self.describe(scheduler.finished("b", resident: 6, now: 1)) == [])
        #expect(Self.describe(scheduler.finished("a", resident: 1, now: 2)) == ["run a2 on a@1"])
    }

    @Test func aFailedLoadFailsEveryWaitingJobAndForgetsTheAggregate() {
        struct Boom: Error {}
        var scheduler = Scheduler(maxResident: 10, idleTimeout: 100)
        _ = scheduler.submit("c1", for: "a")
        _ = scheduler.submit("c2", for: "a")
        #expect(Self.describe(scheduler.loaded("a", .failure(Boom()), now: 0)) == ["fail c1,c2"])
        #expect(scheduler.residentCount == 0)
        #expect(Self.describe(scheduler.submit("c3", for: "a")) == "load a")
    }

    @Test func forgettingAStaleAggregateReloadsItForTheNextJob() {
        var scheduler = Scheduler(maxResident: 10, idleTimeout: 100)
        _ = scheduler.submit("c1", for: "a")
        _ = scheduler.loaded("a", .success(0), now: 0)
        _ = scheduler.submit("c2", for: "a")
        #expect(Self.describe(scheduler.finished("a", resident: nil, now: 1)) == ["load a"])
        #expect(Self.describe(scheduler.loaded("a", .success(3), now: 2)) == ["run c2 on a@3"])
        #expect(Self.describe(scheduler.finished("a", resident: nil, now: 3)) == [])
        #expect(scheduler.residentCount == 0)
    }

    @Test func idleAggregatesAreEvictedAfterTheTimeoutOldestFirst() {
        var scheduler = Scheduler(maxResident: 10, idleTimeout: 100)
        for (key, at) in [("a", UInt64(0)), ("b", 50)] {
            _ = scheduler.submit("j", for: key)
            _ = scheduler.loaded(key, .success(1), now: at)
            _ = scheduler.finished(key, resident: 2, now: at)
        }
        #expect(Self.describe(scheduler.tick(now: 99)) == [])
        #expect(Self.describe(scheduler.tick(now: 100)) == ["evict a@2"])
        // b is used again at 120: its idle time starts over.
        _ = scheduler.submit("j2", for: "b")
        _ = scheduler.finished("b", resident: 3, now: 120)
        #expect(Self.describe(scheduler.tick(now: 200)) == [])
        #expect(Self.describe(scheduler.tick(now: 220)) == ["evict b@3"])
        #expect(scheduler.residentCount == 0)
    }

    @Test func theResidentCapEvictsTheLeastRecentlyUsedIdleAggregate() {
        var scheduler = Scheduler(maxResident: 2, idleTimeout: 1_000)
        for (key, at) in [("a", UInt64(1)), ("b", 2)] {
            _ = scheduler.submit("j", for: key)
            _ = scheduler.loaded(key, .success(0), now: at)
            _ = scheduler.finished(key, resident: 1, now: at)
        }
        // a is touched again, so b is now the least recently used.
        _ = scheduler.submit("j", for: "a")
        _ = scheduler.finished("a", resident: 2, now: 3)
        _ = scheduler.submit("j", for: "c")
        #expect(Self.describe(scheduler.loaded("c", .success(0), now: 4)) == ["run j on c@0"])
        #expect(Self.describe(scheduler.finished("c", resident: 1, now: 5)) == ["evict b@1"])
        #expect(scheduler.residentCount == 2)
    }

    @Test func aMillionDistinctIdsStayWithinTheCap() {
        var scheduler = Scheduler(maxResident: 1_000, idleTimeout: .max)
        var evicted = 0
        for index in 0..<100_000 {
            let key = "id-\(index)"
            _ = scheduler.submit("j", for: key)
            _ = scheduler.loaded(key, .success(0), now: UInt64(index))
            evicted += scheduler.finished(key, resident: 1, now: UInt64(index)).count
            #expect(scheduler.residentCount <= 1_000)
        }
        #expect(evicted == 99_000)
        #expect(scheduler.idleOrder.count <= 2 * 1_000 + 64)
    }

    @Test func droppingStaleEntriesKeepsTheLeastRecentlyUsedOrder() {
        var scheduler = Scheduler(maxResident: 50, idleTimeout: .max)
        var now: UInt64 = 0
        func use(_ key: String) -> [String] {
            now += 1
            if case .load = scheduler.submit("j", for: key) { _ = scheduler.loaded(key, .success(0), now: now) }
            return Self.describe(scheduler.finished(key, resident: 1, now: now))
        }
        for index in 0..<50 { #expect(use("k\(index)") == []) }
        // Used again, last to first, three times: 150 stale entries in the order beside 50 live ones.
        var appended = 50
        for _ in 0..<3 {
            for index in (0..<50).reversed() { _ = use("k\(index)") }
            appended += 50
        }
        #expect(scheduler.idleOrder.count < appended, "the stale entries were dropped")
        #expect(scheduler.idleCount == 50)
        // Over the cap, the least recently used go first: k49 was used longest ago, then k48.
        #expect(use("new1") == ["evict k49@1"])
        #expect(use("new2") == ["evict k48@1"])
        #expect(use("k47") == [])
        #expect(use("new3") == ["evict k46@1"])
    }

    @Test func shutdownEvictsEveryIdleAggregateButNotBusyOnes() {
        var scheduler = Scheduler(maxResident: 10, idleTimeout: 1_000)
        _ = scheduler.submit("j", for: "a")
        _ = scheduler.loaded("a", .success(0), now: 0)
        _ = scheduler.finished("a", resident: 1, now: 0)
        _ = scheduler.submit("j", for: "b")
        _ = scheduler.loaded("b", .success(0), now: 0)
        #expect(Self.describe(scheduler.evictAllIdle()) == ["evict a@1"])
        #expect(scheduler.hasWork)
    }
}
