/// One fault of a chaos run: what, to which process, when, and for how long.
package struct PlannedFault: Sendable, Equatable, Codable {
    package enum Action: String, Sendable, Codable, CaseIterable {
        case killReplica = "kill-replica"
        case terminateReplica = "terminate-replica"
        case pauseReplica = "pause-replica"
        case killNode = "kill-node"
        case pauseNode = "pause-node"
        case isolateNode = "isolate-node"
        case fillStore = "fill-store"

        /// Whether the fault hits a service replica (else a nats-server node or its store).
        package var hitsReplica: Bool {
            switch self {
            case .killReplica, .terminateReplica, .pauseReplica: true
            case .killNode, .pauseNode, .isolateNode, .fillStore: false
            }
        }
    }

    package var action: Action
    /// The replica or node (nil: the stream's leader at the time of the fault).
    package var target: Int?
    /// Seconds from the start of the load.
    package var at: Double
    /// Seconds between the fault and its repair (restart, SIGCONT, freeing the space).
    package var downtime: Double

    package init(action: Action, target: Int?, at: Double, downtime: Double) {
        self.action = action
        self.target = target
        self.at = at
        self.downtime = downtime
    }
}

/// The faults of a run, planned from the scenario and its settings: a pure value, so the plan is
/// tested without processes or a clock.
package struct ChaosSchedule: Sendable, Equatable {
    package let faults: [PlannedFault]

    /// - Parameters:
    ///   - duration: seconds of load.
    ///   - interval: seconds between faults (the first comes after one interval).
    ///   - downtime: seconds each fault lasts.
    ///   - settle: seconds of load that must follow each repair, to see the recovery.
    package init(
        scenario: ChaosScenario, replicas: Int, duration: Double, interval: Double, downtime: Double, settle: Double
    ) throws(WorkloadError) {
        guard replicas >= 1 else { throw WorkloadError("a chaos run needs at least one service replica") }
        guard interval > 0, downtime >= 0, settle >= 0, duration > 0 else {
            throw WorkloadError("the duration and the interval must be positive, the downtime and the settling time not negative")
        }
        guard let action = scenario.action else {
            faults = []
            return
        }
        if action.hitsReplica, action != .terminateReplica, replicas < 2 {
            throw WorkloadError("\(scenario.rawValue) stops a replica while the others serve: it needs --replicas 2 or more")
        }
        var faults: [PlannedFault] = []
        var at = interval
        var index = 0
        while at + downtime + settle <= duration {
            let target: Int?
            switch action {
            case .killReplica, .terminateReplica, .pauseReplica: target = index % replicas
            case .killNode, .pauseNode, .isolateNode: target = scenario.nodes == 1 ? 0 : nil
            case .fillStore: target = 0
            }
            faults.append(PlannedFault(action: action, target: target, at: at, downtime: downtime))
            index += 1
            // A rolling restart restarts each replica once.
            if action == .terminateReplica, index == replicas { break }
            // The next fault comes after this one's repair and `settle` seconds of load, so that
            // its recovery is seen before the next fault's commands begin to fail.
            at += max(interval, downtime + settle)
        }
        guard !faults.isEmpty else {
            throw WorkloadError(
                "no fault fits: the first comes after --interval \(interval) s, lasts --downtime \(downtime) s, and \(settle) s of load must follow; make --duration longer")
        }
        self.faults = faults
    }
}
