import Testing

@testable import BenchKit

@Suite struct ChaosScheduleTests {
    @Test func killsTheReplicasInTurnWhileTheLoadLeavesTimeToRecover() throws {
        let schedule = try ChaosSchedule(scenario: .replicaKill, replicas: 3, duration: 40, interval: 8, downtime: 2, settle: 4)
        // 8, 16, 24, 32: each followed by 2 s down and 4 s of load; 40 would end after the load.
        #expect(schedule.faults.map(\.at) == [8, 16, 24, 32])
        #expect(schedule.faults.map(\.target) == [0, 1, 2, 0])
        #expect(schedule.faults.allSatisfy { $0.action == .killReplica && $0.downtime == 2 })
    }

    @Test func aRollingRestartRestartsEachReplicaOnce() throws {
        let schedule = try ChaosSchedule(scenario: .rollingRestart, replicas: 2, duration: 100, interval: 5, downtime: 1, settle: 4)
        #expect(schedule.faults.map(\.target) == [0, 1])
        #expect(schedule.faults.map(\.action) == [.terminateReplica, .terminateReplica])
    }

    /// Each repair is followed by `settle` seconds of load before the next fault, also when the
    /// downtime is longer than the interval: 5, then 5 + 10 + 4, …; 47 would end after the load.
    @Test func eachRecoveryIsInViewBeforeTheNextFault() throws {
        let schedule = try ChaosSchedule(scenario: .nodePause, replicas: 2, duration: 60, interval: 5, downtime: 10, settle: 4)
        #expect(schedule.faults.map(\.at) == [5, 19, 33])
        // The leader is looked up when the fault comes.
        #expect(schedule.faults.allSatisfy { $0.target == nil && $0.action == .pauseNode })
    }

    @Test func aSingleServerIsNodeZero() throws {
        let schedule = try ChaosSchedule(scenario: .serverKill, replicas: 1, duration: 20, interval: 8, downtime: 2, settle: 4)
        #expect(schedule.faults.map(\.target) == [0])
    }

    @Test func scenariosWithoutAFaultPlanNone() throws {
        #expect(try ChaosSchedule(scenario: .race, replicas: 3, duration: 10, interval: 8, downtime: 2, settle: 4).faults.isEmpty)
        #expect(try ChaosSchedule(scenario: .overload, replicas: 1, duration: 10, interval: 8, downtime: 2, settle: 4).faults.isEmpty)
    }

    @Test func refusesWhatCannotWork() {
        // Killing the only replica leaves nobody to serve.
        #expect(throws: WorkloadError.self) { try ChaosSchedule(scenario: .replicaKill, replicas: 1, duration: 40, interval: 8, downtime: 2, settle: 4) }
        // No fault fits into the load.
        #expect(throws: WorkloadError.self) { try ChaosSchedule(scenario: .serverKill, replicas: 2, duration: 10, interval: 8, downtime: 2, settle: 4) }
        #expect(throws: WorkloadError.self) { try ChaosSchedule(scenario: .serverKill, replicas: 2, duration: 10, interval: 0, downtime: 2, settle: 4) }
    }

    @Test func theClusterScenariosRunThreeNodes() {
        #expect(ChaosScenario.allCases.filter { $0.nodes == 3 } == [.leaderKill, .nodePause, .partition])
        #expect(ChaosScenario.allCases.allSatisfy { !$0.summary.isEmpty })
    }
}
