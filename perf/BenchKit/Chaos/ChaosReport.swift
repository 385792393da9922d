/// What one `cim-bench chaos` run did and found: the scenario and its settings, the load's figures
/// (a service report), each fault with the clients' errors and the time to recover, the
/// processes' exits, and the oracle. The run passes when nothing acknowledged was lost, nothing
/// was stored twice, no aggregate has a gap, every fault was recovered from, and every replica
/// stopped by SIGTERM exited 0.
package struct ChaosReport: Codable, Sendable, Equatable {
    package struct Settings: Codable, Sendable, Equatable {
        package var replicas: Int
        package var nodes: Int
        /// Stream replicas (3 on a three-node cluster).
        package var streamReplicas: Int
        package var durationSeconds: Double
        package var intervalSeconds: Double
        package var downtimeSeconds: Double
        package var timeoutSeconds: Double

        package init(
            replicas: Int, nodes: Int, streamReplicas: Int, durationSeconds: Double, intervalSeconds: Double, downtimeSeconds: Double,
            timeoutSeconds: Double
        ) {
            self.replicas = replicas
            self.nodes = nodes
            self.streamReplicas = streamReplicas
            self.durationSeconds = durationSeconds
            self.intervalSeconds = intervalSeconds
            self.downtimeSeconds = downtimeSeconds
            self.timeoutSeconds = timeoutSeconds
        }

        enum CodingKeys: String, CodingKey {
            case replicas, nodes
            case streamReplicas = "stream_replicas"
            case durationSeconds = "duration_s"
            case intervalSeconds = "interval_s"
            case downtimeSeconds = "downtime_s"
            case timeoutSeconds = "timeout_s"
        }
    }

    package var bench = "chaos"
    package var scenario: ChaosScenario
    package var settings: Settings
    package var load: LoadReport
    package var faults: [FaultOutcome] = []
    /// Commands whose outcome the clients could not know (timeouts, transport failures, store
    /// errors): each may or may not have been stored, and the oracle does not judge them.
    package var uncertain = 0
    /// How each replica's last stop went (`exit 0`, `exit 1`, `killed`), in replica order.
    package var replicaExits: [String] = []
    /// Things the run observed that explain a figure (e.g. the server disabled JetStream).
    package var observations: [String] = []
    package var ok = true
    package var failures: [String] = []

    package init(scenario: ChaosScenario, settings: Settings, load: LoadReport) {
        self.scenario = scenario
        self.settings = settings
        self.load = load
    }

    enum CodingKeys: String, CodingKey {
        case bench, scenario, settings, load, faults, uncertain, observations, ok, failures
        case replicaExits = "replica_exits"
    }

    package mutating func fail(_ sentence: String) {
        ok = false
        failures.append(sentence)
    }

    /// The longest recovery over the faults, in milliseconds (0 without faults).
    package var maxRecoveryMs: Double { faults.map(\.recoveryMs).max() ?? 0 }

    /// Judges the run from its parts: the oracle, the faults' recoveries, the stream's growth and
    /// the replicas' exits. Call once, after every part is filled in.
    package mutating func judge() {
        if let oracle = load.oracle {
            if !oracle.pass { fail("the oracle failed: \(oracle.summary)") }
        } else {
            fail("the oracle did not run")
        }
        for fault in faults where !fault.recovered {
            fail("no command was served after the \(fault.action.rawValue) of \(fault.target) at \(LoadReport.number(fault.injectedMs / 1000)) s")
        }
        if let stored = load.storedTotal {
            let answered = load.answeredPersistedTotal
            if stored < answered || stored > answered + uncertain {
                fail("the stream gained \(stored) events; \(answered) commands were answered as stored and \(uncertain) had an unknown outcome")
            }
        }
        for (index, exit) in replicaExits.enumerated() where exit != "exit 0" {
            fail("replica \(index) did not stop cleanly on SIGTERM (\(exit))")
        }
        if load.errors.wrongReply > 0, !load.failures.contains(where: { $0.contains("unexpected shape") }) {
            fail("\(load.errors.wrongReply) replies had an unexpected shape or version")
        }
        if load.persisted == 0 { fail("no command was answered as stored") }
        for failure in load.failures where !failures.contains(failure) { fail(failure) }
    }
}
