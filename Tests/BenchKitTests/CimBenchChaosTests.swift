import Foundation
import Testing

@testable import BenchKit

#if canImport(Glibc)
import Glibc
#endif

/// The short version of each `cim-bench chaos` scenario, as CI runs it: real nats-server nodes and
/// person-service replicas, a light load throughout, the faults, and the oracle at the end. No
/// timing is asserted: that every fault happened, the service came back, and nothing acknowledged
/// was lost, stored twice or left a gap.
@Suite(.serialized) struct CimBenchChaosTests {
    /// Runs the scenario briefly (one fault after 4 s unless `arguments` say otherwise).
    private func chaos(_ scenario: ChaosScenario, _ arguments: [String] = []) async throws -> ChaosReport {
        var defaults = ["--duration": "12", "--interval": "4", "--downtime": "1", "--aggregates": "50"]
        if !arguments.contains("--concurrency") { defaults["--rate"] = "100" }
        for flag in arguments where defaults[flag] != nil { defaults[flag] = nil }
        let options = defaults.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        let result = try await CimBenchProcess.run(
            ["chaos", "--scenario", scenario.rawValue, "--json", "--progress-interval", "0"] + options + arguments)
        #expect(result.status == 0, "\(result.errors)")
        let report = try JSONDecoder().decode(ChaosReport.self, from: Data(result.output.utf8))
        #expect(report.ok, "\(report.failures)")
        #expect(report.load.oracle?.pass == true && (report.load.oracle?.events ?? 0) > 0)
        #expect(report.load.persisted > 0)
        #expect(report.faults.allSatisfy { $0.recovered })
        #expect(report.replicaExits.allSatisfy { $0 == "exit 0" })
        return report
    }

    @Test func aKilledReplicaLosesNothingWhileTheOthersServe() async throws {
        let report = try await chaos(.replicaKill)
        #expect(report.faults.map(\.action) == [.killReplica])
        #expect(report.replicaExits.count == 3)
    }

    @Test func aRollingRestartDrainsEachReplica() async throws {
        let report = try await chaos(.rollingRestart, ["--replicas", "2", "--duration", "16"])
        #expect(report.faults.map(\.target) == ["replica 0", "replica 1"])
        #expect(report.faults.allSatisfy { $0.note == "SIGTERM: exit 0" })
    }

    @Test func aPausedReplicaComesBack() async throws {
        let report = try await chaos(.replicaPause, ["--replicas", "2"])
        #expect(report.faults.map(\.action) == [.pauseReplica])
    }

    @Test(arguments: ["default", "always"])
    func aKilledServerLosesNoAcknowledgedCommand(sync: String) async throws {
        let report = try await chaos(.serverKill, ["--server-sync", sync])
        #expect(report.faults.map(\.action) == [.killNode])
        #expect(report.load.server?.sync == sync)
    }

    @Test func aKilledStreamLeaderLosesNothing() async throws {
        let report = try await chaos(.leaderKill, ["--duration", "14"])
        #expect(report.settings.nodes == 3 && report.settings.streamReplicas == 3)
        // The second fault runs only if the first one's repair (a new leader, the node current
        // again) left time for it.
        #expect(!report.faults.isEmpty && report.faults.allSatisfy { $0.action == .killNode && $0.target.contains("leader") })
    }

    @Test func aPausedStreamLeaderLosesNothing() async throws {
        let report = try await chaos(.nodePause, ["--duration", "14"])
        #expect(!report.faults.isEmpty && report.faults.allSatisfy { $0.action == .pauseNode && $0.target.contains("leader") })
    }

    /// The nodes in network namespaces of the run's own; the leader's link cut and restored. The
    /// run removes its namespaces and bridge.
    @Test(.enabled(if: Self.canMakeNetworkNamespaces, "partition makes network namespaces: root, iproute2 and the right to make them"))
    func aCutOffStreamLeaderLosesNothing() async throws {
        let report = try await chaos(.partition, ["--duration", "14", "--downtime", "2"])
        #expect(!report.faults.isEmpty && report.faults.allSatisfy { $0.action == .isolateNode && $0.target.contains("leader") })
        let left = try Self.ip(["netns", "list"]) + Self.ip(["-o", "link", "show", "type", "bridge"])
        #expect(!left.contains("cim"), "the run left its network behind:\n\(left)")
    }

    /// Root, iproute2, and a kernel and container that let us make a namespace (tried once).
    static let canMakeNetworkNamespaces: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { return false }
        let probe = "cimprobe\(getpid())"
        guard (try? ip(["netns", "add", probe])) != nil, (try? ip(["netns", "list"]))?.contains(probe) == true else { return false }
        _ = try? ip(["netns", "delete", probe])
        return true
    }()

    private static func ip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }

    @Test func racingReplicasStoreNoDuplicate() async throws {
        let report = try await chaos(.race, ["--duration", "4", "--aggregates", "5", "--rate", "300"])
        #expect(report.faults.isEmpty)
    }

    @Test func anOverloadIsAnsweredBusyAndLosesNothing() async throws {
        let report = try await chaos(.overload, ["--duration", "3", "--concurrency", "2000", "--timeout", "30"])
        #expect(report.load.errors.timeouts == 0)
    }

    @Test(.enabled(if: geteuid() == 0, "disk-full mounts a tmpfs, which needs root"))
    func aFullDiskIsAnsweredAndRecoveredFrom() async throws {
        let report = try await chaos(.diskFull, ["--store-mib", "16"])
        #expect(report.faults.map(\.action) == [.fillStore])
    }
}
