import Foundation
import Testing

@testable import BenchKit

@Suite struct ChaosReportTests {
    private func report() -> ChaosReport {
        var load = LoadReport(
            label: "replica-kill",
            workload: .init(domain: "person", loop: "open", keySpace: "population", aggregates: 100, distribution: "uniform", payloadBytes: 0, warmupSeconds: 0),
            commandLine: "cim-bench chaos --scenario replica-kill")
        load.persisted = 1000
        load.answeredPersistedTotal = 1100
        load.storedTotal = 1103
        var oracle = OracleVerdict()
        oracle.aggregates = 100
        oracle.events = 1203
        load.oracle = oracle
        var report = ChaosReport(
            scenario: .replicaKill,
            settings: .init(replicas: 3, nodes: 1, streamReplicas: 1, durationSeconds: 40, intervalSeconds: 8, downtimeSeconds: 2, timeoutSeconds: 2),
            load: load)
        report.faults = [FaultOutcome(action: .killReplica, target: "replica 0", injectedMs: 8000, repairedMs: 10_500)]
        report.uncertain = 5
        report.replicaExits = ["exit 0", "exit 0", "exit 0"]
        return report
    }

    @Test func aCleanRunPasses() {
        var report = report()
        report.judge()
        #expect(report.ok, "\(report.failures)")
    }

    @Test func eachBreachFailsTheRunWithItsReason() {
        var lost = report()
        lost.load.oracle?.lost = 1
        lost.judge()
        #expect(!lost.ok && lost.failures.contains { $0.contains("oracle") })

        var unrecovered = report()
        unrecovered.faults[0].recovered = false
        unrecovered.judge()
        #expect(!unrecovered.ok && unrecovered.failures.contains { $0.contains("kill-replica of replica 0") })

        // More events than answered plus uncertain: something was stored that nobody asked for.
        var grown = report()
        grown.load.storedTotal = 1106
        grown.judge()
        #expect(!grown.ok && grown.failures.contains { $0.contains("gained 1106") })

        var unclean = report()
        unclean.replicaExits[1] = "exit 1"
        unclean.judge()
        #expect(!unclean.ok && unclean.failures.contains { $0.contains("replica 1") })

        var noOracle = report()
        noOracle.load.oracle = nil
        noOracle.judge()
        #expect(!noOracle.ok)
    }

    @Test func theJSONHasTheNamesScriptsReadAndTheTableNamesEachFault() throws {
        var report = report()
        report.judge()
        let line = try report.jsonLine()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "replica-kill")
        #expect(object["replica_exits"] as? [String] == ["exit 0", "exit 0", "exit 0"])
        let fault = try #require((object["faults"] as? [[String: Any]])?.first)
        #expect(Set(fault.keys).isSuperset(of: ["action", "target", "injected_ms", "repaired_ms", "failed_commands", "recovery_ms", "recovered"]))
        let load = try #require(object["load"] as? [String: Any])
        #expect((load["oracle"] as? [String: Any])?["verdict"] as? String == "pass")
        let decoded = try JSONDecoder().decode(ChaosReport.self, from: Data(line.utf8))
        #expect(decoded == report)
        #expect(report.table.contains("fault 1     kill-replica replica 0 at 8 s"))
        #expect(report.markdown().contains("| result | ok |"))
    }
}
